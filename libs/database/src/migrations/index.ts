import { Agents1764403200000 } from './1764403200000-agents.js';
import { Contacts1764403300000 } from './1764403300000-contacts.js';
import { Campaigns1764403400000 } from './1764403400000-campaigns.js';
import { Calls1764403500000 } from './1764403500000-calls.js';
import { ContactImports1764403600000 } from './1764403600000-contact-imports.js';
import { CallEvents1764403700000 } from './1764403700000-call-events.js';
import { ContactImportOutbox1765100000000 } from './1765100000000-contact-import-outbox.js';
import { Webhooks1766000000000 } from './1766000000000-webhooks.js';
import { Exports1766200000000 } from './1766200000000-exports.js';
import { DoNotCall1766300000000 } from './1766300000000-do-not-call.js';
import { OneCallOneRecord1766400000000 } from './1766400000000-one-call-one-record.js';
import { TelephonySigningKeys1766400100000 } from './1766400100000-telephony-signing-keys.js';
import { CallingHours1766500000000 } from './1766500000000-calling-hours.js';
import { RetryRules1766500100000 } from './1766500100000-retry-rules.js';
import { AgentStates1766600000000 } from './1766600000000-agent-states.js';
import { WebhookDeliveryRetention1766700000000 } from './1766700000000-webhook-delivery-retention.js';
import { AgentOpenStays1766800000000 } from './1766800000000-agent-open-stays.js';
import { CampaignHandOut1766900000000 } from './1766900000000-campaign-hand-out.js';

/**
 * Every migration, oldest first. Listed explicitly (no path globs) so bundles and
 * the CLI see the same set. `npm run migration:create` starts a new file here;
 * add each to this list.
 */
export const MIGRATIONS = [
  Agents1764403200000,
  Contacts1764403300000,
  Campaigns1764403400000,
  Calls1764403500000,
  ContactImports1764403600000,
  CallEvents1764403700000,
  ContactImportOutbox1765100000000,
  Webhooks1766000000000,
  Exports1766200000000,
  DoNotCall1766300000000,
  OneCallOneRecord1766400000000,
  TelephonySigningKeys1766400100000,
  CallingHours1766500000000,
  RetryRules1766500100000,
  AgentStates1766600000000,
  WebhookDeliveryRetention1766700000000,
  AgentOpenStays1766800000000,
  CampaignHandOut1766900000000,
];
