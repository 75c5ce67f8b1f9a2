import { PartialType } from '@nestjs/swagger';
import { CreateCampaignDto } from './create-campaign.dto.js';

/**
 * A change: any field of a creation, validated by the same rules; a window
 * given replaces the whole window. `skipNullProperties: false` validates a null
 * instead of skipping it: no field of a campaign may be cleared.
 */
export class UpdateCampaignDto extends PartialType(CreateCampaignDto, { skipNullProperties: false }) {}
