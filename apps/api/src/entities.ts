import { Agent, AgentStateChange, BreakReason } from '#switchboard/agents';
import { Call, CallEvent, TelephonySigningKey } from '#switchboard/calls';
import { Campaign, CampaignContact } from '#switchboard/campaigns';
import { Contact, ContactImport, ContactImportChunk, ContactImportOutbox, DncHistory, DncNumber } from '#switchboard/contacts';
import { Export } from '#switchboard/exports';
import { EventOutboxEntry } from '#switchboard/events';
import { TenantSettings } from '#switchboard/tenants';
import { WebhookDelivery, WebhookSubscription } from '#switchboard/webhooks';

/**
 * Every entity of every feature, for what sees the whole schema at once: the
 * migration CLI (`npm run migration:generate`) and the schema-drift test. The
 * running app needs no list: each feature module registers its own entities
 * with `TypeOrmModule.forFeature` (autoLoadEntities).
 */
export const ENTITIES: (new () => object)[] = [
  Agent,
  AgentStateChange,
  BreakReason,
  Campaign,
  CampaignContact,
  Call,
  CallEvent,
  TelephonySigningKey,
  Contact,
  ContactImport,
  ContactImportChunk,
  ContactImportOutbox,
  DncNumber,
  DncHistory,
  EventOutboxEntry,
  WebhookSubscription,
  WebhookDelivery,
  TenantSettings,
  Export,
];
