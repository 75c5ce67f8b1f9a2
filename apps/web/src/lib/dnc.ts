/** The do-not-call list as the API shows it (`/v1/dnc`). */
export type DncSource = 'api' | 'import' | 'disposition' | 'event';

export interface DncEntry {
  phone: string;
  reason: string | null;
  source: DncSource;
  listedBy: string;
  listedAt: string;
}

export interface DncChange {
  id: string;
  phone: string;
  action: 'added' | 'removed';
  source: DncSource;
  actor: string;
  reason: string | null;
  createdAt: string;
}

export interface AddedDncNumbers {
  added: number;
  alreadyListed: number;
  items: DncEntry[];
}

/** The API path of one number: `+` and spaces survive the trip in any spelling. */
export function dncPath(phone: string): string {
  return `/v1/dnc/${encodeURIComponent(phone.trim())}`;
}

const SOURCES: Record<DncSource, string> = {
  api: 'added by hand',
  import: 'imported',
  disposition: "agent's do-not-call disposition",
  event: "provider's do-not-call disposition",
};

/** How a number came onto (or off) the list, in words. */
export function describeSource(source: DncSource): string {
  return SOURCES[source] ?? source;
}

/** The actor as a supervisor reads it: the telephony provider, the upgrade, or an agent id shortened. */
export function describeActor(actor: string): string {
  if (actor === 'provider') return 'telephony provider';
  if (actor === 'migration') return 'upgrade';
  return /^[0-9a-f-]{36}$/i.test(actor) ? `agent ${actor.slice(0, 8)}` : actor;
}
