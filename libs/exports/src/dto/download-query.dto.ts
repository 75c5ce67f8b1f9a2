import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Min } from 'class-validator';

/** The query of a local download link, as GET /v1/exports/{id} hands it out. */
export class DownloadQueryDto {
  @ApiProperty({ description: 'Expiry, epoch seconds' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  expires: number;

  @ApiProperty({ description: 'HMAC-SHA256 of the export id and the expiry, base64url' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/)
  signature: string;
}
