import { ApiProperty } from '@nestjs/swagger';

export class LeasedContactDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ example: '+14155550123' })
  phone: string;

  @ApiProperty({ type: 'string', nullable: true, example: 'ada@example.com' })
  email: string | null;

  @ApiProperty({ enum: ['new', 'contacted', 'callback'], example: 'new' })
  status: string;

  @ApiProperty({ example: 'America/New_York', description: "The callee's IANA time zone (its own, else the campaign's): the dialer shows its local time" })
  timeZone: string;
}

export class NextContactDto {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty({ type: () => LeasedContactDto })
  contact: LeasedContactDto;

  @ApiProperty({ format: 'date-time', description: 'Until when the contact stays reserved for the calling agent' })
  leaseExpiresAt: string;
}
