import { Agent } from '#switchboard/agents';
import { Call, CallEvent } from '#switchboard/calls';
import { Campaign, CampaignContact } from '#switchboard/campaigns';
import { Contact, ContactImport, ContactImportChunk, ContactImportOutbox } from '#switchboard/contacts';
import { Export } from '#switchboard/exports';

/**
 * Every entity of every feature, for what sees the whole schema at once: the
 * migration CLI (`npm run migration:generate`) and the schema-drift test. The
 * running app needs no list: each feature module registers its own entities
 * with `TypeOrmModule.forFeature` (autoLoadEntities).
 */
export const ENTITIES: (new () => object)[] = [
  Agent,
  Campaign,
  CampaignContact,
  Call,
  CallEvent,
  Contact,
  ContactImport,
  ContactImportChunk,
  ContactImportOutbox,
  Export,
];
