import { dataSourceOptions, MIGRATIONS } from '#switchboard/database';
import { DataSource } from 'typeorm';
import { createTestDatabase, testDatabaseSettings, type TestDatabase } from '../../support/test-database.js';

const settings = testDatabaseSettings();
// Only the migrations up to this one, so later ones never stand between it and the test.
const THIS = MIGRATIONS.findIndex((m) => m.name === 'AgentStates1766600000000');

/**
 * The agent-states migration on a database with agents: each presence maps to
 * a state (busy meant nothing the server acted on, so it is available), the
 * state starts at the row's last update, and each agent's history opens with it.
 */
describe('the agent-states migration', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource({ ...dataSourceOptions(db.url, settings), migrations: MIGRATIONS.slice(0, THIS + 1), logging: false }).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('maps presence to state and opens each history; down maps back', async () => {
    expect(THIS).toBeGreaterThan(0);
    await ds.runMigrations({ transaction: 'each' });
    await ds.undoLastMigration({ transaction: 'each' });
    const updatedAt = '2026-11-30T08:00:00.000Z';
    await ds.query(
      `INSERT INTO agents (tenant_id, sub, presence, updated_at) VALUES ('acme', 'a', 'available', $1), ('acme', 'b', 'busy', $1), ('acme', 'c', 'offline', $1)`,
      [updatedAt],
    );

    await ds.runMigrations({ transaction: 'each' });
    const agents: { sub: string; state: string; state_since: Date }[] = await ds.query(`SELECT sub, state, state_since FROM agents ORDER BY sub`);
    expect(agents.map((a) => [a.sub, a.state, a.state_since.toISOString()])).toEqual([
      ['a', 'available', updatedAt],
      ['b', 'available', updatedAt],
      ['c', 'offline', updatedAt],
    ]);
    const history: { state: string; ended_at: Date | null }[] = await ds.query(
      `SELECT h.state, h.ended_at FROM agent_state_history h JOIN agents a ON a.id = h.agent_id ORDER BY a.sub`,
    );
    expect(history).toEqual([
      { state: 'available', ended_at: null },
      { state: 'available', ended_at: null },
      { state: 'offline', ended_at: null },
    ]);
    await expect(ds.query(`SELECT wrap_up_seconds FROM campaigns`)).resolves.toEqual([]);

    await ds.query(`UPDATE agents SET state = 'break', state_reason = 'lunch' WHERE sub = 'a'`);
    await ds.undoLastMigration({ transaction: 'each' });
    const back: { sub: string; presence: string }[] = await ds.query(`SELECT sub, presence FROM agents ORDER BY sub`);
    expect(back.map((a) => [a.sub, a.presence])).toEqual([
      ['a', 'busy'],
      ['b', 'available'],
      ['c', 'offline'],
    ]);
  });
});
