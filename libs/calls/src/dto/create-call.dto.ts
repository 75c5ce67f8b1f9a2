import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { CALL_DIRECTIONS, CALL_DISPOSITIONS, type CallDirection, type CallDisposition } from '../call-disposition.js';
import { IsTimestamp } from './is-timestamp.validator.js';

const EXAMPLE_START = '2026-11-02T09:30:00+01:00';

/** A callback booked with a `callback` disposition (only then). */
export class CallbackDto {
  @ApiProperty({ type: String, format: 'date-time', description: "When to call back: in the future, within 30 days, inside the callee's calling hours" })
  @IsTimestamp()
  at: string;

  @ApiProperty({ enum: ['me', 'anyone'], description: "me: only the calling agent gets it until the campaign's callbackGraceMinutes have passed" })
  @IsIn(['me', 'anyone'])
  owner: 'me' | 'anyone';
}

export class CreateCallDto {
  @ApiProperty({ format: 'uuid', description: 'The contact called (or who called)' })
  @IsUUID()
  contactId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The campaign the call belongs to; its campaign contact becomes done (pending again on callback)' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiProperty({ enum: CALL_DIRECTIONS })
  @IsIn(CALL_DIRECTIONS)
  direction: CallDirection;

  @ApiProperty({ type: String, format: 'date-time', example: EXAMPLE_START, description: 'ISO 8601 with an offset' })
  @IsTimestamp()
  startedAt: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-11-02T09:30:12+01:00',
    description: 'Absent when nobody answered; not before startedAt',
  })
  @IsOptional()
  @IsTimestamp()
  answeredAt?: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-02T09:34:40+01:00', description: 'Not before answeredAt (or startedAt)' })
  @IsTimestamp()
  endedAt: string;

  @ApiProperty({ enum: CALL_DISPOSITIONS, description: 'Sets the contact status: do_not_call → do_not_call, callback → callback, anything else → contacted' })
  @IsIn(CALL_DISPOSITIONS)
  disposition: CallDisposition;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 200,
    example: 'CA8f2c1e',
    description: "The telephony provider's id of this call (its events' callId): the log and those events become one call",
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  providerCallId?: string;

  @ApiPropertyOptional({
    type: () => CallbackDto,
    description: 'With disposition callback: when, and for whom; without it anyone calls back after the campaign default delay',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallbackDto)
  callback?: CallbackDto;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}
