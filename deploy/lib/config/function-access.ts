import type { FeatureSecret, QueueName, RegistryEntry } from '#switchboard/registry';

/** What kind of function: its registry entry's HTTP function, a queue's worker, a scheduled task, or the migrations. */
export type FunctionKind = 'http' | 'worker' | 'scheduled' | 'migrate';

/** A secret of the stage a function may read. */
export type StageSecret =
  /** The app's own database login (every function but migrate connects as it). */
  | 'app-database'
  /** Aurora's master user: the migrations alone. */
  | 'master-database'
  | 'cache'
  /** The origin secret: HTTP functions refuse requests that did not come through CloudFront. */
  | 'edge-origin'
  | FeatureSecret;

/** Everything a function may reach, derived from the registry and nothing else. */
export interface FunctionAccess {
  readonly secrets: readonly StageSecret[];
  /** Queues it may send to. */
  readonly sends: readonly QueueName[];
  /** Queues it receives from (and whose DLQ it sends poison messages to). */
  readonly receives: readonly QueueName[];
}

/**
 * The least a function needs. Every function of an entry connects to the
 * database as the app and reaches Redis (rate limits, cache invalidation); an
 * HTTP function also reads the origin secret; each reads the secrets its entry
 * declares (`secrets`), sends where it `produces` (a scheduled task: where the
 * task produces) and a worker receives its own queue. The migrate function
 * reads the master secret and the app login's (it creates that login), nothing else.
 */
export function functionAccess(
  kind: FunctionKind,
  entry?: RegistryEntry,
  options: { produces?: readonly QueueName[]; consumes?: readonly QueueName[] } = {},
): FunctionAccess {
  if (kind === 'migrate') return { secrets: ['master-database', 'app-database'], sends: [], receives: [] };
  if (!entry) throw new Error(`A ${kind} function needs its registry entry`);
  const secrets: StageSecret[] = ['app-database', 'cache', ...(kind === 'http' ? (['edge-origin'] as const) : []), ...(entry.secrets ?? [])];
  return { secrets, sends: [...(options.produces ?? entry.produces)], receives: kind === 'worker' ? [...(options.consumes ?? [])] : [] };
}
