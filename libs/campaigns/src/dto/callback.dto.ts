import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { PageQueryDto, ValidationError } from '#switchboard/common';
import { isUuid } from '../uuid.js';

/** A scheduled callback: a campaign contact waiting for its time. */
export class CallbackDto {
  @ApiProperty({ description: 'Opaque id of the callback (its campaign and contact)' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty({ format: 'uuid' })
  contactId: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ example: '+14155550123' })
  phone: string;

  @ApiProperty({ example: 'America/New_York' })
  timeZone: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The agent who gets it first; null: anyone' })
  owner: string | null;
}

export class ListCallbacksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The owning agent' })
  @IsOptional()
  @IsUUID()
  agentId?: string;
}

export class UpdateCallbackDto {
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The agent the callback is reassigned to; null: anyone' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  owner: string | null;
}

export const callbackId = (campaignId: string, contactId: string) => Buffer.from(`${campaignId}:${contactId}`).toString('base64url');
/** The campaign and contact an id names; undefined unless the id is exactly what `callbackId` makes (Node's decoder skips stray characters). */
export function parseCallbackId(id: string): { campaignId: string; contactId: string } | undefined {
  const [campaignId, contactId] = Buffer.from(id, 'base64url').toString().split(':');
  if (!campaignId || !contactId || callbackId(campaignId, contactId) !== id) return undefined;
  return { campaignId, contactId };
}

/** The cursor after a page's last callback: its time, campaign and contact (the list's keyset). */
export const callbacksCursor = (last: { at: Date; campaignId: string; contactId: string }) =>
  Buffer.from(JSON.stringify([new Date(last.at).toISOString(), last.campaignId, last.contactId])).toString('base64url');

/** The keyset a `callbacksCursor` names; a 400 for anything else. */
export function parseCallbacksCursor(cursor: string): { at: Date; campaignId: string; contactId: string } {
  try {
    const [at, campaignId, contactId] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    const date = new Date(at as string);
    const uuids = typeof campaignId === 'string' && typeof contactId === 'string' && isUuid(campaignId) && isUuid(contactId);
    if (typeof at === 'string' && !Number.isNaN(date.getTime()) && uuids) return { at: date, campaignId, contactId };
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ field: 'cursor', code: 'INVALID_CURSOR', message: 'cursor is not a valid cursor.' }]);
}
