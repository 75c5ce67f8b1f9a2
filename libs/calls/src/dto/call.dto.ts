import { ApiProperty } from '@nestjs/swagger';
import { CALL_DIRECTIONS, CALL_DISPOSITIONS, type CallDirection, type CallDisposition } from '../call-disposition.js';
import type { Call } from '../call.entity.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export class CallDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null when the provider reported a phone no contact has' })
  contactId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The phone the provider reported (provider calls only)' })
  contactPhone: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  agentId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  campaignId: string | null;

  @ApiProperty({ enum: CALL_DIRECTIONS, nullable: true, description: 'Null when the provider did not say' })
  direction: CallDirection | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'UTC; null until the provider reports the start' })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  answeredAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null while a provider call is in progress' })
  endedAt: string | null;

  @ApiProperty({ enum: CALL_DISPOSITIONS, nullable: true })
  disposition: CallDisposition | null;

  @ApiProperty({ type: String, nullable: true })
  notes: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The telephony provider's call id" })
  providerCallId: string | null;

  @ApiProperty({ type: String, nullable: true })
  recordingUrl: string | null;

  @ApiProperty({ minimum: 1 })
  version: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

export function toCallDto(call: Call): CallDto {
  return {
    id: call.id,
    contactId: call.contactId,
    contactPhone: call.contactPhone,
    agentId: call.agentId,
    campaignId: call.campaignId,
    direction: call.direction,
    startedAt: iso(call.startedAt),
    answeredAt: iso(call.answeredAt),
    endedAt: iso(call.endedAt),
    disposition: call.disposition,
    notes: call.notes,
    providerCallId: call.providerCallId,
    recordingUrl: call.recordingUrl,
    version: call.version,
    createdAt: call.createdAt.toISOString(),
    updatedAt: call.updatedAt.toISOString(),
  };
}
