import { Agents1764403200000 } from './1764403200000-agents.js';
import { Contacts1764403300000 } from './1764403300000-contacts.js';
import { Campaigns1764403400000 } from './1764403400000-campaigns.js';
import { Calls1764403500000 } from './1764403500000-calls.js';
import { ContactImports1764403600000 } from './1764403600000-contact-imports.js';
import { CallEvents1764403700000 } from './1764403700000-call-events.js';
import { ContactImportOutbox1765100000000 } from './1765100000000-contact-import-outbox.js';
import { Exports1766200000000 } from './1766200000000-exports.js';

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
  Exports1766200000000,
];
