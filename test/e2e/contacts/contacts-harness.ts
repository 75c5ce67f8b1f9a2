import { randomBytes } from 'node:crypto';
import type { FixedClock } from '#switchboard/common';
import { ContactsModule } from '#switchboard/contacts';
import { startFeatureHarness, type FeatureHarness } from '../../support/feature-harness.js';

export { fieldsOf, waitFor, type ApiResponse } from '../../support/feature-harness.js';

export type ContactsHarness = FeatureHarness;

/**
 * Boots the contacts module alone (the way its Lambda boots) behind a real token
 * issuer, on its own database and its own queue names on the in-process SQS emulator.
 */
export function startContactsHarness(options: { clock?: FixedClock; env?: Record<string, string> } = {}): Promise<ContactsHarness> {
  return startFeatureHarness([ContactsModule], {
    env: { SQS_ENDPOINT: undefined, QUEUE_NAME_PREFIX: `contacts-${randomBytes(4).toString('hex')}-`, ...options.env },
    clock: options.clock,
  });
}
