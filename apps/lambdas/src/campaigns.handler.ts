import 'reflect-metadata';
import { CampaignsModule } from '#switchboard/campaigns';
import { createHttpHandler } from '#switchboard/lambda';

export const handler = createHttpHandler('campaigns', CampaignsModule);
