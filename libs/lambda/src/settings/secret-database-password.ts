import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { DatabasePassword } from '#switchboard/database';
import { lambdaLogger } from '../observability/powertools.js';
import { parseObject } from './load-settings.js';

/**
 * How long a read of the secret serves new connections (the cold start's own
 * read, for DATABASE_URL, is kept as long as the settings: 300 s). Connections
 * outlive it (Postgres keeps a session whose password changed); what brings
 * a rotated password in at once is the refresh after a refused attempt.
 */
const CACHE_SECONDS = 60;

/**
 * The database password from the RDS secret (`DATABASE_SECRET_ARN`) for each
 * new connection, so a container started before Secrets Manager rotated it
 * (single-user rotation: same user, new password) connects again without a
 * redeploy: the attempt after a refused one reads the secret afresh. When
 * Secrets Manager cannot be read, the last password read is tried.
 */
export class SecretDatabasePassword extends DatabasePassword {
  private last: string | undefined;

  constructor(
    private readonly secretArn: string,
    private readonly cacheSeconds = CACHE_SECONDS,
  ) {
    super();
  }

  async get(refresh: boolean): Promise<string> {
    try {
      const secret = await getSecret(this.secretArn, { maxAge: this.cacheSeconds, forceFetch: refresh });
      const password = typeof secret === 'string' ? parseObject(secret)?.password : undefined;
      if (typeof password !== 'string') throw new Error('the secret is not JSON with a password');
      this.last = password;
      return password;
    } catch (err) {
      if (this.last === undefined) throw new Error(`Could not read the database secret ${this.secretArn}: ${(err as Error).message}`, { cause: err });
      lambdaLogger.warn('Could not read the database secret; trying the last password read', { secretArn: this.secretArn, error: (err as Error).message });
      return this.last;
    }
  }
}

/** The provider for `DatabasePassword` in a function: the secret when the deploy names one. */
export function secretDatabasePassword(env: NodeJS.ProcessEnv = process.env): DatabasePassword | null {
  return env.DATABASE_SECRET_ARN ? new SecretDatabasePassword(env.DATABASE_SECRET_ARN) : null;
}
