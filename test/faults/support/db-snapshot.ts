import pg from 'pg';

/** Row count and a checksum of every row, per table of the public schema. */
export type Snapshot = Record<string, { rows: number; checksum: string }>;

export async function snapshot(databaseUrl: string): Promise<Snapshot> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const out: Snapshot = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ rows: number; checksum: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS checksum FROM "${name}" t`,
      );
      out[name] = rows[0]!;
    }
    return out;
  } finally {
    await client.end();
  }
}

/**
 * Tables the server empties on its own between requests: the webhook relay drains
 * the event outbox in the background. Any event a request recorded comes with a
 * change to the table it reports on, which the comparison still sees.
 */
const BACKGROUND_DRAINED = new Set(['event_outbox']);

/** Tables whose rows differ between two snapshots, described (empty when equal). */
export function changes(before: Snapshot, after: Snapshot): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((n) => !BACKGROUND_DRAINED.has(n)).sort();
  return names
    .filter((n) => before[n]?.checksum !== after[n]?.checksum || before[n]?.rows !== after[n]?.rows)
    .map((n) => `${n}: ${before[n]?.rows ?? 'absent'} → ${after[n]?.rows ?? 'absent'} rows${before[n]?.rows === after[n]?.rows ? ' (contents changed)' : ''}`);
}
