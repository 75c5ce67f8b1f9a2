import pg from 'pg';
import type { DataSource } from 'typeorm';

/** The app's own login: what the migrate function reads from DATABASE_APP_SECRET_ARN. */
export interface AppLogin {
  readonly username: string;
  readonly password: string;
}

/** Tables the app reads but never writes (the migrations' own bookkeeping). */
const READ_ONLY_TABLES = ['migrations'];

/**
 * Creates or updates the app's database login, run by the migrate function after
 * the migrations, as the master user: it may log in and use the `public` schema's
 * tables (SELECT, INSERT, UPDATE, DELETE) and sequences, and nothing else — no
 * DDL, no TRUNCATE, no roles, no writes to the migrations table. Run again after
 * every migration, so new tables are granted too; idempotent. The password is the
 * secret's: a rotation that changed it is applied again, which is harmless.
 */
export async function ensureAppLogin(dataSource: DataSource, login: AppLogin): Promise<void> {
  const role = pg.escapeIdentifier(login.username);
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    const [{ exists }] = (await runner.query('SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists', [login.username])) as [{ exists: boolean }];
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD ${pg.escapeLiteral(login.password)}`;
    await runner.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${role} WITH ${attributes}`);
    const [{ db }] = (await runner.query('SELECT current_database() AS db')) as [{ db: string }];
    await runner.query(`GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(db)} TO ${role}`);
    await runner.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    for (const table of READ_ONLY_TABLES) {
      const [{ present }] = (await runner.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`public.${table}`])) as [{ present: boolean }];
      if (present) await runner.query(`REVOKE INSERT, UPDATE, DELETE ON TABLE public.${pg.escapeIdentifier(table)} FROM ${role}`);
    }
    await runner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    // Nobody but the owner creates objects in public (the default since Postgres 15; said again for older clusters).
    await runner.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await runner.commitTransaction();
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw err;
  } finally {
    await runner.release();
  }
}
