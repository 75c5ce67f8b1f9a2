import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CALL_DISPOSITIONS, type CallDisposition } from '../../call-disposition.js';
import { IsTimestamp } from '../../dto/is-timestamp.validator.js';

export const TELEPHONY_EVENT_TYPES = ['call.started', 'call.answered', 'call.ended', 'recording.ready'] as const;
export type TelephonyEventType = (typeof TELEPHONY_EVENT_TYPES)[number];

/** A phone as providers write it: digits, spaces, dots, dashes, parentheses, an optional leading +. */
const CONTACT_PHONE = /^\+?[0-9(][0-9 ().-]{2,31}$/;

/** One event of a call, as the telephony provider posts it and as `call-events` carries it. */
export interface TelephonyEvent {
  eventId: string;
  type: TelephonyEventType;
  tenantId: string;
  callId: string;
  occurredAt: string;
  contactPhone: string;
  agentSub?: string;
  campaignId?: string;
  disposition?: CallDisposition;
  recordingUrl?: string;
}

export class TelephonyEventDto implements TelephonyEvent {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'evt_01JC8ZQ3', description: 'Unique per tenant; an event repeated or redelivered is applied once' })
  @IsString()
  @Length(1, 200)
  eventId: string;

  @ApiProperty({ enum: TELEPHONY_EVENT_TYPES })
  @IsIn(TELEPHONY_EVENT_TYPES)
  type: TelephonyEventType;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'acme', description: "The tenant, as the tokens' tenant claim names it" })
  @IsString()
  @Length(1, 200)
  tenantId: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'CA8f2c1e', description: "The provider's call id; every event of one call carries the same" })
  @IsString()
  @Length(1, 200)
  callId: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-02T09:30:00Z', description: 'ISO 8601 with an offset' })
  @IsTimestamp()
  occurredAt: string;

  @ApiProperty({
    example: '+14155550123',
    pattern: CONTACT_PHONE.source,
    maxLength: 32,
    description: "The contact's phone; a phone no contact has is kept on the call",
  })
  @IsString()
  @Matches(CONTACT_PHONE, { message: 'contactPhone must be a phone number' })
  contactPhone: string;

  @ApiPropertyOptional({ maxLength: 200, description: "The agent's identity subject (the token's sub); unknown → no agent" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  agentSub?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ enum: CALL_DISPOSITIONS, description: 'Required on call.ended' })
  @ValidateIf((e: TelephonyEventDto) => e.type === 'call.ended' || e.disposition !== undefined)
  @IsIn(CALL_DISPOSITIONS)
  disposition?: CallDisposition;

  @ApiPropertyOptional({ maxLength: 2000, example: 'https://recordings.example.com/CA8f2c1e.mp3', description: 'Required on recording.ready' })
  @ValidateIf((e: TelephonyEventDto) => e.type === 'recording.ready' || e.recordingUrl !== undefined)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  recordingUrl?: string;
}

export class TelephonyAcceptedDto {
  @ApiProperty({ enum: [true] })
  accepted: true;

  @ApiProperty()
  eventId: string;
}
