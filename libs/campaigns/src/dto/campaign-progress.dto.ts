import { ApiProperty } from '@nestjs/swagger';

/** A campaign's contacts counted by state, now. */
export class CampaignProgressDto {
  @ApiProperty({ type: 'integer', example: 120, description: 'Waiting to be handed out (expired leases included)' })
  pending: number;

  @ApiProperty({ type: 'integer', example: 4, description: 'Held by an agent under a live lease' })
  leased: number;

  @ApiProperty({ type: 'integer', example: 40, description: 'Waiting for a retry or a callback (nextAttemptAt)' })
  scheduled: number;

  @ApiProperty({ type: 'integer', example: 380, description: 'Settled by a call' })
  done: number;

  @ApiProperty({ type: 'integer', example: 12, description: "Used up its retry rule's attempts: never handed out again" })
  exhausted: number;

  @ApiProperty({ type: 'integer', example: 2, description: 'Still to call (pending, leased or scheduled), and on the do-not-call list: never handed out' })
  doNotCall: number;

  @ApiProperty({ type: 'integer', example: 35, description: 'Of the pending ones, those whose local time is outside the window or the legal hours now' })
  outsideHoursNow: number;
}
