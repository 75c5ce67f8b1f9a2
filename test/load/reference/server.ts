/**
 * The "how fast could this be" line for bench:max: plain node:http + pg + ioredis
 * serving the benchmark's read/write mix with the product's schema and SQL, and
 * the same work per request — RS256 verification against the same JWKS, the
 * rate-limit counter in Redis (one round trip), one JSON log line, the agent
 * lookup (remembered per process for a minute, upserted on a miss), the same
 * report cache. No framework, no ORM. Not part of the product.
 *
 * Settings (env): PORT, DATABASE_URL, REDIS_URL, AUTH_ISSUER_URL, AUTH_AUDIENCE,
 * AUTH_JWKS_URL, DATABASE_POOL_SIZE (10), RATE_LIMIT_PER_MINUTE (6000).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Handlers, HttpError, type Caller, type Reply } from './handlers.js';
import { TokenVerifier, Unauthenticated, type Claims } from './jwt.js';

const env = process.env;
const KEY_PREFIX = `${env.CACHE_KEY_PREFIX ?? 'switchboard'}:`;
const RATE_LIMIT = Number(env.RATE_LIMIT_PER_MINUTE ?? 6000);
const issuer = env.AUTH_ISSUER_URL!.endsWith('/') ? env.AUTH_ISSUER_URL! : `${env.AUTH_ISSUER_URL}/`;

const pool = new pg.Pool({
  connectionString: env.DATABASE_URL,
  max: Number(env.DATABASE_POOL_SIZE ?? 10),
  connectionTimeoutMillis: 3000,
  idleTimeoutMillis: 30_000,
  statement_timeout: 10_000,
  application_name: 'reference',
});
const redis = new Redis(env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500 });
redis.on('error', () => undefined);
redis.defineCommand('hit', {
  numberOfKeys: 1,
  lua: `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {hits, ttl}`,
});
/** The client with the script above as a method (ioredis adds one per defineCommand). */
const limiter = redis as Redis & { hit(key: string, windowMs: string): Promise<[hits: number, ttlMs: number]> };
const verifier = new TokenVerifier(env.AUTH_JWKS_URL ?? `${issuer}.well-known/jwks.json`, issuer, env.AUTH_AUDIENCE ?? 'switchboard-api');
const handlers = new Handlers(pool, redis, { keyPrefix: KEY_PREFIX, reportsTtlSeconds: 30, leaseSeconds: 600 });

const UPSERT_AGENT = `
  INSERT INTO agents AS a (tenant_id, sub, name, email, role, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $6)
  ON CONFLICT (tenant_id, sub) DO UPDATE SET
    name = COALESCE(a.name, EXCLUDED.name),
    email = COALESCE(EXCLUDED.email, a.email),
    role = EXCLUDED.role,
    version = a.version + (CASE WHEN (a.name, a.email, a.role) IS DISTINCT FROM (COALESCE(a.name, EXCLUDED.name), COALESCE(EXCLUDED.email, a.email), EXCLUDED.role) THEN 1 ELSE 0 END),
    updated_at = CASE WHEN (a.name, a.email, a.role) IS DISTINCT FROM (COALESCE(a.name, EXCLUDED.name), COALESCE(EXCLUDED.email, a.email), EXCLUDED.role) THEN EXCLUDED.updated_at ELSE a.updated_at END
  RETURNING id`;
const agents = new Map<string, { agentId: string; fingerprint: string; expiresAt: number }>();

async function agentIdFor(claims: Claims): Promise<string> {
  const key = `${claims.tenantId}\n${claims.sub}`;
  const lower = new Set(claims.roles.map((r) => r.toLowerCase()));
  const role = ['admin', 'supervisor', 'agent'].find((r) => lower.has(r)) ?? 'agent';
  const fingerprint = `${claims.name ?? ''}\n${claims.email ?? ''}\n${role}`;
  const hit = agents.get(key);
  if (hit && hit.fingerprint === fingerprint && hit.expiresAt > Date.now()) return hit.agentId;
  const { rows } = await pool.query(UPSERT_AGENT, [claims.tenantId, claims.sub, claims.name ?? null, claims.email ?? null, role, new Date()]);
  agents.set(key, { agentId: rows[0].id, fingerprint, expiresAt: Date.now() + 60_000 });
  return rows[0].id;
}

async function rateLimit(claims: Claims): Promise<void> {
  try {
    const [hits, ttl] = await limiter.hit(`${KEY_PREFIX}rl:subject:${claims.tenantId.length}:${claims.tenantId}:${claims.sub}`, '60000');
    if (hits > RATE_LIMIT) throw new HttpError(429, 'RATE_LIMITED', 'Too many requests.', Math.max(1, Math.ceil(ttl / 1000)));
  } catch (err) {
    if (err instanceof HttpError) throw err; // Redis down: not limited (the product counts in process then)
  }
}

function need(c: Caller, permission: string): void {
  if (!c.permissions.includes(permission)) throw new HttpError(403, 'AUTH.FORBIDDEN', `Missing permission ${permission}.`);
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
    return Promise.reject(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send application/json.'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_048_576) reject(new HttpError(413, 'TOO_LARGE', 'Body too large.'));
      else chunks.push(c);
    });
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (body && typeof body === 'object' && !Array.isArray(body)) resolve(body);
        else reject(new HttpError(400, 'VALIDATION', 'The body must be a JSON object.'));
      } catch {
        reject(new HttpError(400, 'VALIDATION', 'The body is not valid JSON.'));
      }
    });
    req.on('error', reject);
  });
}

async function route(req: IncomingMessage, caller: Caller, path: string, query: URLSearchParams): Promise<Reply> {
  const parts = path.split('/'); // ['', 'v1', resource, id?, action?]
  const m = req.method;
  if (parts[1] !== 'v1') throw new HttpError(404, 'NOT_FOUND', 'No such route.');
  switch (parts[2]) {
    case 'me':
      if (m === 'GET' && parts.length === 3) return handlers.me(caller);
      break;
    case 'contacts':
      if (parts.length === 3 && m === 'GET') return (need(caller, 'contacts:read'), handlers.listContacts(caller, query));
      if (parts.length === 4 && m === 'GET') return (need(caller, 'contacts:read'), handlers.getContact(caller, parts[3]!));
      if (parts.length === 4 && m === 'PATCH') return (need(caller, 'contacts:write'), handlers.updateContact(caller, parts[3]!, await readJson(req)));
      break;
    case 'campaigns':
      if (parts.length === 5 && parts[4] === 'next-contact' && m === 'POST') return (need(caller, 'calls:write'), handlers.nextContact(caller, parts[3]!));
      break;
    case 'calls':
      if (parts.length === 3 && m === 'POST') return (need(caller, 'calls:write'), handlers.logCall(caller, await readJson(req)));
      break;
    case 'reports':
      if (parts.length === 5 && parts[3] === 'campaigns' && m === 'GET') return (need(caller, 'reports:read'), handlers.campaignReport(caller, parts[4]!));
      break;
  }
  throw new HttpError(404, 'NOT_FOUND', 'No such route.');
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const body = JSON.stringify(reply.body);
  headers['content-type'] = reply.status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(reply.status, headers).end(body);
}

function problem(err: unknown, instance: string, requestId: string): Reply {
  if (err instanceof Unauthenticated) {
    return {
      status: 401,
      body: {
        type: 'https://switchboard.dev/problems/AUTH.INVALID_TOKEN',
        title: 'Unauthorized',
        status: 401,
        detail: err.message,
        code: 'AUTH.INVALID_TOKEN',
        instance,
        requestId,
      },
      headers: { 'www-authenticate': 'Bearer' },
    };
  }
  if (err instanceof HttpError) {
    const headers: Record<string, string> = err.retryAfter ? { 'retry-after': String(err.retryAfter) } : {};
    return {
      status: err.status,
      body: {
        type: `https://switchboard.dev/problems/${err.code}`,
        title: err.code,
        status: err.status,
        detail: err.message,
        code: err.code,
        instance,
        requestId,
      },
      headers,
    };
  }
  process.stderr.write(`${(err as Error).stack}\n`);
  return { status: 500, body: { type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'INTERNAL', instance, requestId } };
}

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', requestId);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  let caller: Caller | undefined;
  let reply: Reply;
  try {
    if (path === '/health/live' || path === '/health/ready') {
      reply = { status: 200, body: { status: 'ok' } };
    } else {
      const claims = await verifier.verify(req.headers.authorization);
      caller = { ...claims, agentId: '' };
      await rateLimit(claims);
      caller.agentId = await agentIdFor(claims);
      reply = await route(req, caller, path, new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
    }
  } catch (err) {
    reply = problem(err, path, requestId);
  }
  send(res, reply);
  // One log line per request, like the product's request log.
  process.stdout.write(
    `${JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, reqId: requestId, tenant: caller?.tenantId, sub: caller?.sub, req: { method: req.method, url }, res: { statusCode: reply.status }, responseTime: Math.round(performance.now() - started) })}\n`,
  );
}

const server = createServer((req, res) => {
  // serve() answers every failure of the request itself; only a bug in answering gets here.
  serve(req, res).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    res.destroy();
  });
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

await verifier.refresh();
server.listen(Number(env.PORT ?? 3100), '127.0.0.1', () => process.stdout.write(`reference listening on http://127.0.0.1:${env.PORT ?? 3100}\n`));

const shutdown = () => {
  server.close();
  server.closeIdleConnections();
  void Promise.allSettled([pool.end(), redis.quit()]).then(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
