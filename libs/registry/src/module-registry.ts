/**
 * The module registry: the single source of truth for what Switchboard is made of.
 *
 * `apps/api` imports every entry's Nest module, `apps/lambdas` builds one HTTP function
 * per entry, one worker per consumed queue and one function per scheduled task, and
 * `deploy/` creates functions, routes, queues, schedules and IAM grants from it. It is
 * plain data on purpose: the CDK app reads it without loading Nest. Adding a feature
 * is: write the lib, add one line here.
 */

/** How a route of the entry is authenticated. */
export type RouteAuth = 'jwt' | 'hmac' | 'public';

/** Queue names, in kebab case; the SQS queue and its DLQ are derived from them. */
export const QUEUE_NAMES = ['call-events', 'contact-imports', 'webhook-deliveries', 'exports'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Secrets a feature reads beyond what every function gets (database, cache; the
 * origin secret for HTTP functions). The deploy grants each function exactly
 * its entry's, and names them in its environment (`<NAME>_SECRET_ARN`).
 */
export const FEATURE_SECRETS = ['telephony-webhook', 'encryption-keys'] as const;
export type FeatureSecret = (typeof FEATURE_SECRETS)[number];

/**
 * Work an entry runs on a timer where nothing runs between requests (Lambda):
 * one function, invoked by an EventBridge rule every `everyMinutes`, that boots
 * the entry's module without HTTP. The one process runs the same work in its own
 * pollers, so it ignores this.
 */
export interface ScheduledTask {
  /** Function name in AWS and entry file name (`<name>.scheduled.ts`). */
  readonly name: string;
  /** Minutes between two runs (EventBridge `rate(<n> minutes)`). */
  readonly everyMinutes: number;
  /** Queues the task sends messages to (its only queue grants). */
  readonly produces: readonly QueueName[];
}

export interface RegistryEntry {
  /** Function name in AWS and handler file name (`<name>.handler.ts`). */
  readonly name: string;
  /** The lib whose Nest module serves the entry (`#switchboard/<lib>`). */
  readonly lib: string;
  /**
   * The lib's export that boots this entry when it is not the lib's main module
   * (telephony boots only the calls lib's `TelephonyModule`, not the calls feature).
   */
  readonly module?: string;
  /** URL prefixes the entry owns; each becomes `ANY <prefix>` and `ANY <prefix>/{proxy+}`. */
  readonly prefixes: readonly string[];
  readonly auth: RouteAuth;
  /** Queues whose messages this entry's worker consumes. */
  readonly consumes: readonly QueueName[];
  /** Queues this entry sends messages to. */
  readonly produces: readonly QueueName[];
  /** Permissions the entry's routes check (documentation and the fault suite). */
  readonly permissions: readonly string[];
  /** Secrets of its own the entry's functions read (none when absent); see FEATURE_SECRETS. */
  readonly secrets?: readonly FeatureSecret[];
  /** Functions run on a schedule in AWS (none when absent). */
  readonly schedules?: readonly ScheduledTask[];
  /**
   * Object storage the entry's functions (HTTP and its queues' workers) read and
   * write, by name: in AWS one S3 bucket each, named to them in `BUCKET_<NAME>`
   * (`exports` → `BUCKET_EXPORTS`); elsewhere the lib picks a local stand-in.
   */
  readonly buckets?: readonly string[];
}

export const MODULE_REGISTRY: readonly RegistryEntry[] = [
  { name: 'agents', lib: 'agents', prefixes: ['/v1/me', '/v1/agents'], auth: 'jwt', consumes: [], produces: [], permissions: ['agents:read', 'agents:write'] },
  {
    name: 'contacts',
    lib: 'contacts',
    prefixes: ['/v1/contacts', '/v1/contact-imports', '/v1/dnc'],
    auth: 'jwt',
    consumes: ['contact-imports'],
    produces: ['contact-imports'],
    permissions: ['contacts:read', 'contacts:write', 'contacts:delete', 'contacts:import', 'dnc:read', 'dnc:write'],
    // Sends the import outbox's messages that the request which wrote them never sent (it died or timed out after its commit).
    schedules: [{ name: 'contact-import-outbox-relay', everyMinutes: 1, produces: ['contact-imports'] }],
  },
  {
    name: 'campaigns',
    lib: 'campaigns',
    // /v1/me/callbacks: the longest prefix wins over the agents entry's /v1/me (API Gateway and the one process alike).
    prefixes: ['/v1/campaigns', '/v1/callbacks', '/v1/me/callbacks'],
    auth: 'jwt',
    consumes: [],
    produces: [],
    permissions: ['campaigns:read', 'campaigns:write'],
  },
  {
    name: 'calls',
    lib: 'calls',
    // The tenants' webhook signing keys sit here, not under `telephony`: that entry is hmac, and managing keys needs a token.
    prefixes: ['/v1/calls', '/v1/telephony/signing-keys'],
    auth: 'jwt',
    consumes: ['call-events'],
    produces: [],
    permissions: ['calls:read', 'calls:write', 'telephony:admin'],
    // The tenants' signing keys are stored sealed with the key ring.
    secrets: ['encryption-keys'],
  },
  {
    name: 'telephony',
    lib: 'calls',
    module: 'TelephonyModule',
    prefixes: ['/v1/telephony/events'],
    auth: 'hmac',
    consumes: [],
    produces: ['call-events'],
    permissions: [],
    // The key ring that opens the tenants' signing keys (the global development secret is ignored in production).
    secrets: ['encryption-keys'],
  },
  { name: 'reports', lib: 'reports', prefixes: ['/v1/reports'], auth: 'jwt', consumes: [], produces: [], permissions: ['reports:read'] },
  {
    name: 'webhooks',
    lib: 'webhooks',
    prefixes: ['/v1/webhooks'],
    auth: 'jwt',
    consumes: ['webhook-deliveries'],
    produces: ['webhook-deliveries'],
    permissions: ['webhooks:write'],
    // Subscriptions' signing secrets are stored sealed with the key ring.
    secrets: ['encryption-keys'],
    // Fans the event outbox out to deliveries and sends due ones (retries, and what a dead worker left) to the queue.
    schedules: [{ name: 'webhook-relay', everyMinutes: 1, produces: ['webhook-deliveries'] }],
  },
  { name: 'tenants', lib: 'tenants', prefixes: ['/v1/tenant'], auth: 'jwt', consumes: [], produces: [], permissions: ['settings:read', 'settings:write'] },
  {
    name: 'exports',
    lib: 'exports',
    prefixes: ['/v1/exports'],
    auth: 'jwt',
    consumes: ['exports'],
    produces: ['exports'],
    permissions: ['exports:read', 'exports:write'],
    buckets: ['exports'],
  },
];

/** Every permission a token may carry, in one list (the dev issuer's admin set). */
export const ALL_PERMISSIONS: readonly string[] = [
  'contacts:read',
  'contacts:write',
  'contacts:delete',
  'contacts:import',
  'dnc:read',
  'dnc:write',
  'campaigns:read',
  'campaigns:write',
  'calls:read',
  'calls:write',
  'reports:read',
  'agents:read',
  'agents:write',
  'webhooks:write',
  'telephony:admin',
  'settings:read',
  'settings:write',
  'exports:read',
  'exports:write',
];

/** `exports` → `BUCKET_EXPORTS`: the setting that names a registry bucket to the functions using it. */
export function bucketSettingKey(bucket: string): string {
  return `BUCKET_${bucket.replace(/-/g, '_').toUpperCase()}`;
}

/** The entry that owns a queue's consumer. */
export function consumerOf(queue: QueueName): RegistryEntry {
  const entry = MODULE_REGISTRY.find((e) => e.consumes.includes(queue));
  if (!entry) throw new Error(`No registry entry consumes ${queue}`);
  return entry;
}

/** Every scheduled task of `registry`, with the entry whose module runs it. */
export function scheduledTasks(registry: readonly RegistryEntry[] = MODULE_REGISTRY): { entry: RegistryEntry; task: ScheduledTask }[] {
  return registry.flatMap((entry) => (entry.schedules ?? []).map((task) => ({ entry, task })));
}

/** The scheduled task named `name`; a typo fails at import, not at the first run. */
export function scheduledTask(name: string): ScheduledTask {
  const found = scheduledTasks().find(({ task }) => task.name === name);
  if (!found) throw new Error(`No module registry entry schedules '${name}'`);
  return found.task;
}
