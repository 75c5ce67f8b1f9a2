/**
 * Checks that the reference still does what the product does: the same
 * statuses, response shapes and headers for one round of the mix, and (with
 * pg_stat_statements) the same SQL statements. The product changes under the
 * benchmark; a reference that drifted would make the ratios meaningless.
 */
import pg from 'pg';
import { CYCLE, rng, UserSession, type Endpoint } from '../scenario.js';
import type { LoadUser, TenantFixture } from './seed.js';

/** Key paths of a JSON value (arrays by their first element), sorted. */
export function shapeOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length ? shapeOf(value[0], `${prefix}[]`) : [`${prefix}[]`];
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .flatMap(([k, v]) => [`${prefix}${k}`, ...shapeOf(v, `${prefix}${k}.`)])
      .sort();
  }
  return [];
}

interface Observed {
  endpoint: Endpoint;
  status: number;
  shape: string[];
  headers: string[];
}

async function playCycle(baseUrl: string, user: LoadUser, tenant: TenantFixture, token: string): Promise<Observed[]> {
  const session = new UserSession(user, tenant, token, rng(99));
  const seen: Observed[] = [];
  for (const endpoint of CYCLE) {
    const step = session.step(endpoint);
    const res = await fetch(`${baseUrl}${step.path}`, {
      method: step.method,
      headers: { authorization: `Bearer ${token}`, ...(step.body ? { 'content-type': 'application/json' } : {}) },
      body: step.body,
    });
    const text = await res.text();
    session.observe(step, res.status, text);
    const headers = ['etag', 'location', 'x-request-id', 'content-type']
      .filter((h) => res.headers.has(h))
      .map((h) => (h === 'content-type' ? `content-type: ${res.headers.get(h)!.split(';')[0]}` : h));
    seen.push({ endpoint, status: res.status, shape: text ? shapeOf(JSON.parse(text)) : [], headers });
  }
  return seen;
}

/** Differences between the two servers' answers to one round of the mix (empty when they agree). */
export async function compareResponses(
  product: { url: string; tenant: TenantFixture },
  reference: { url: string; tenant: TenantFixture },
  user: LoadUser,
  token: string,
): Promise<string[]> {
  const a = await playCycle(product.url, user, product.tenant, token);
  const b = await playCycle(reference.url, user, reference.tenant, token);
  const diffs: string[] = [];
  a.forEach((p, i) => {
    const r = b[i]!;
    if (p.status !== r.status) diffs.push(`${p.endpoint}: status ${p.status} vs ${r.status}`);
    const onlyP = p.shape.filter((k) => !r.shape.includes(k));
    const onlyR = r.shape.filter((k) => !p.shape.includes(k));
    if (onlyP.length || onlyR.length)
      diffs.push(`${p.endpoint}: body fields only in the product [${onlyP.join(', ')}], only in the reference [${onlyR.join(', ')}]`);
    const hp = p.headers.join(', ');
    const hr = r.headers.join(', ');
    if (hp !== hr) diffs.push(`${p.endpoint}: headers ${hp} vs ${hr}`);
  });
  return diffs;
}

const IGNORED =
  /^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|CHECKPOINT|SELECT pg_stat_statements|CREATE EXTENSION|ANALYZE|SET |SHOW |SELECT version\(\)|SELECT current_database|SELECT \* FROM current_schema|SELECT \$1$)/i;

/** Normalised statements (pg_stat_statements) one cluster ran during the runs. */
export async function statementsOf(url: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ query: string }>(`SELECT query FROM pg_stat_statements WHERE calls > 50`);
    return new Set(rows.map((r) => r.query.replace(/\s+/g, ' ').trim()).filter((q) => !IGNORED.test(q)));
  } finally {
    await client.end();
  }
}
