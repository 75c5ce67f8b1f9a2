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
 * A `pg.Client` class for the pool (pg's `Client` pool option) whose new
 * connections ask `source` for their password. pg asks for it when the server
 * requests authentication, and a client emits `connect` once it is in, so a
 * password handed out without a `connect` after it is suspect: the next attempt
 * asks for a fresh one.
 */
export function rotatingPasswordClient(source: DatabasePassword): typeof pg.Client {
  let unconfirmed = false;
  const password: PasswordFn = async () => {
    const value = await source.get(unconfirmed);
    unconfirmed = true;
    return value;
  };
  return class RotatingPasswordClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      // pg lets a connection string's password (even an empty one) override a
      // `password` option, so the function is set after the config is parsed.
      (this as unknown as { password: PasswordFn }).password = password;
      this.once('connect', () => {
        unconfirmed = false;
      });
    }
  };
}
