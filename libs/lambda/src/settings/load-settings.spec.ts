import { useFakeAwsParameters } from '../../../../test/lambdas/support/use-fake-aws-parameters.js';
import { loadSettings } from './load-settings.js';

describe('loadSettings (SSM Parameter Store and Secrets Manager through Powertools)', () => {
  const fake = useFakeAwsParameters();

  it('fills unset catalogue keys from every page under the prefix; the environment wins; unknown names are reported', async () => {
    const prefix = '/switchboard/paging';
    const keys = [
      'PORT',
      'LOG_LEVEL',
      'DATA_DIR',
      'HTTP_BODY_LIMIT',
      'CORS_ORIGINS',
      'DATABASE_POOL_SIZE',
      'REDIS_URL',
      'AUTH_AUDIENCE',
      'RATE_LIMIT_PER_MINUTE',
      'DEFAULT_PHONE_REGION',
      'IMPORT_BODY_LIMIT',
      'CAMPAIGN_LEASE_SECONDS',
    ];
    for (const key of keys) fake().putParameter(`${prefix}/${key}`, `ssm-${key}`);
    fake().putParameter(`${prefix}/NOT_A_SETTING`, 'x');
    fake().putParameter(`${prefix}/nested/PORT`, 'ignored: not directly under the prefix');
    const env: NodeJS.ProcessEnv = { CONFIG_SSM_PREFIX: `${prefix}/`, LOG_LEVEL: 'debug', PORT: '' };

    const loaded = await loadSettings(env);

    expect(env.LOG_LEVEL).toBe('debug');
    expect(env.PORT).toBe('ssm-PORT');
    expect(env.CAMPAIGN_LEASE_SECONDS).toBe('ssm-CAMPAIGN_LEASE_SECONDS'); // on the second page
    expect(loaded.fromSsm.sort()).toEqual(keys.filter((k) => k !== 'LOG_LEVEL').sort());
    expect(loaded.unknown).toEqual(['NOT_A_SETTING']);
    expect(env.NOT_A_SETTING).toBeUndefined();
    expect(fake().calls.filter((c) => c === 'AmazonSSM.GetParametersByPath')).toHaveLength(2);
  });

  it("puts the database secret's credentials into DATABASE_URL, keeping the URL's host (RDS Proxy)", async () => {
    const arn = fake().putSecret('db', JSON.stringify({ username: 'app', password: 'p@ss/w:rd', host: 'cluster.internal', port: 5432, dbname: 'switchboard' }));
    const env: NodeJS.ProcessEnv = { DATABASE_SECRET_ARN: arn, DATABASE_URL: 'postgres://proxy.internal:5432/switchboard' };
    await expect(loadSettings(env)).resolves.toMatchObject({ fromSecrets: ['DATABASE_URL'] });
    const url = new URL(env.DATABASE_URL!);
    expect([url.hostname, decodeURIComponent(url.username), decodeURIComponent(url.password), url.pathname]).toEqual([
      'proxy.internal',
      'app',
      'p@ss/w:rd',
      '/switchboard',
    ]);
  });

  it('builds DATABASE_URL from the secret alone when no URL is set', async () => {
    const arn = fake().putSecret('db-only', JSON.stringify({ username: 'app', password: 'pw', host: 'cluster.internal', port: 6543, dbname: 'calls' }));
    const env: NodeJS.ProcessEnv = { DATABASE_SECRET_ARN: arn };
    await loadSettings(env);
    expect(env.DATABASE_URL).toBe('postgres://app:pw@cluster.internal:6543/calls');
  });

  it('reads the webhook secret (a plain string) and the Redis token (a JSON secret)', async () => {
    const webhook = fake().putSecret('webhook', 'new-secret,old-secret');
    const redis = fake().putSecret('redis', JSON.stringify({ token: 't0ken' }));
    const env: NodeJS.ProcessEnv = {
      TELEPHONY_WEBHOOK_SECRET_ARN: webhook,
      REDIS_AUTH_SECRET_ARN: redis,
      REDIS_URL: 'rediss://cache.internal:6379',
      TELEPHONY_WEBHOOK_SECRET: 'stale',
    };
    await loadSettings(env);
    expect(env.TELEPHONY_WEBHOOK_SECRET).toBe('new-secret,old-secret');
    expect(env.REDIS_URL).toBe('rediss://:t0ken@cache.internal:6379');
  });

  it('reads the encryption key ring as the deployment generates it ({id, key}) and as an operator rotates it ({keys})', async () => {
    const generated = fake().putSecret('keys-generated', JSON.stringify({ id: 'k1', key: 'A'.repeat(43) }));
    const env: NodeJS.ProcessEnv = { ENCRYPTION_KEYS_SECRET_ARN: generated };
    await loadSettings(env);
    expect(env.SECRETS_ENCRYPTION_KEYS).toBe(`k1:${'A'.repeat(43)}`);
    const rotated = fake().putSecret('keys-rotated', JSON.stringify({ keys: 'k2:new,k1:old' }));
    const again: NodeJS.ProcessEnv = { ENCRYPTION_KEYS_SECRET_ARN: rotated };
    await loadSettings(again);
    expect(again.SECRETS_ENCRYPTION_KEYS).toBe('k2:new,k1:old');
  });

  it("fails with the secret's ARN when it cannot be read", async () => {
    const arn = 'arn:aws:secretsmanager:us-west-2:000000000000:secret:missing-000000';
    await expect(loadSettings({ DATABASE_SECRET_ARN: arn })).rejects.toThrow(`Could not read secret ${arn}`);
  });
});
