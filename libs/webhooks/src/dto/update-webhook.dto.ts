import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { CreateWebhookDto } from './create-webhook.dto.js';

/** Any field of a creation, and `paused` (true stops deliveries; false resumes and clears Switchboard's pause reason). */
export class UpdateWebhookDto extends PartialType(CreateWebhookDto, { skipNullProperties: false }) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  paused?: boolean;
}
