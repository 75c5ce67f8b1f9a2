import { Agent } from '@switchboard/agents';
import { Call } from '@switchboard/calls';
import { Campaign, CampaignContact } from '@switchboard/campaigns';
import { Contact, ContactImport } from '@switchboard/contacts';

/**
 * Every entity, for the migration CLI's schema diff (`npm run migration:generate`).
 * The server itself loads each feature's entities through `forFeature`.
 */
export const ENTITIES = [Agent, Contact, ContactImport, Campaign, CampaignContact, Call];
