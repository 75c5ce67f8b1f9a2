import pg from 'pg';

/**
 * Where a new connection takes its password from when the password can change
 * while the process runs: Secrets Manager rotating the database user's (the
 * Lambdas provide one). Without it, the pool uses DATABASE_URL's password.
 */
export abstract class DatabasePassword {
  /**
   * The password for a new connection. `refresh` is true when the last one
   * handed out made no connection (refused after a rotation, or the attempt
   * failed): the source should then read it afresh rather than from a cache.
   */
  abstract get(refresh: boolean): Promise<string>;
}

type PasswordFn = () => Promise<string>;

/**
 * A `pg` pool whose new connections ask `source` for their password. pg asks
 * for it when the server requests authentication, and the pool emits `connect`
 * for each connection that succeeds, so a password handed out without a
 * `connect` after it is suspect: the next attempt asks for a fresh one.
 */
export function createPool(config: pg.PoolConfig, source?: DatabasePassword | null): pg.Pool {
  if (!source) return new pg.Pool(config);
  let unconfirmed = false;
  const password: PasswordFn = async () => {
    const value = await source.get(unconfirmed);
    unconfirmed = true;
    return value;
  };
  // pg lets a connection string's password (even an empty one) override a
  // `password` option, so the function is set on each client after its
  // parameters are parsed.
  class RotatingPasswordClient extends pg.Client {
    constructor(clientConfig?: pg.ClientConfig) {
      super(clientConfig);
      (this as unknown as { password: PasswordFn }).password = password;
    }
  }
  const pool = new pg.Pool({ ...config, Client: RotatingPasswordClient as unknown as new () => pg.ClientBase });
  pool.on('connect', () => {
    unconfirmed = false;
  });
  return pool;
}
