import { ApiProperty } from '@nestjs/swagger';
import type { TelephonySigningKey } from '../telephony-signing-key.entity.js';

export class SigningKeyDto {
  @ApiProperty({ example: 'whk_3q9Zb1xYkP0aTt2m', description: 'The key id, which the signature header names (kid=<id>)' })
  id: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class CreatedSigningKeyDto extends SigningKeyDto {
  @ApiProperty({
    example: 'whsec_Jp0m3…',
    description: 'The signing secret. Shown this once: it is stored encrypted and never answered again',
  })
  secret: string;
}

export class SigningKeyListDto {
  @ApiProperty({ type: [SigningKeyDto], maxItems: 2, description: 'Active keys, newest first (at most two: the current one and its successor)' })
  items: SigningKeyDto[];
}

export function toSigningKeyDto(key: TelephonySigningKey): SigningKeyDto {
  return { id: key.id, createdAt: key.createdAt.toISOString() };
}
