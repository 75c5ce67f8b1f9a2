import { jest } from '@jest/globals';
import { ConfigError } from '#switchboard/config';
import { setEnv } from '../../../test/support/test-env.js';
import { assertDevDefaultsStayLocal } from './lifecycle.js';

/** A development server (NODE_ENV unset) with every development default. */
const DEV = {
  NODE_ENV: undefined,
  AUTH_ISSUER_URL: undefined,
  AUTH_JWKS_URL: undefined,
  TELEPHONY_WEBHOOK_SECRET: undefined,
  SECRETS_ENCRYPTION_KEYS: undefined,
  SQS_ENDPOINT: undefined,
  ALLOW_DEV_DEFAULTS_ON_NETWORK: undefined,
};
/** The same server with real replacements for each default. */
const REAL = {
  AUTH_ISSUER_URL: 'https://acme.us.auth0.com/',
  TELEPHONY_WEBHOOK_SECRET: 'a-real-secret',
  SECRETS_ENCRYPTION_KEYS: 'k1:cmVhbC1rZXktb2YtdGhpcy1zdGFnZS0zMi1ieXRlcyE=',
  SQS_ENDPOINT: 'http://sqs.internal:9324',
};

describe('assertDevDefaultsStayLocal', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());
  const check = (env: Record<string, string | undefined>) => {
    restore = setEnv({ ...DEV, ...env });
    return assertDevDefaultsStayLocal;
  };

  it('lets development defaults listen on loopback (the default HOST, npm start)', () => {
    for (const HOST of [undefined, '127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(check({ HOST })).not.toThrow();
  });

  it('refuses them on any other address, in one line naming each default and the setting that replaces it', () => {
    for (const HOST of ['0.0.0.0', '::', '10.0.0.5', 'api.internal']) {
      expect(check({ HOST })).toThrow(ConfigError);
      expect(check({ HOST })).toThrow(
        `Refusing to serve development defaults on HOST=${HOST}: the dev issuer, which mints admin tokens for any tenant (set AUTH_ISSUER_URL to a real issuer); the public default webhook secret (set TELEPHONY_WEBHOOK_SECRET); the public default key that encrypts stored secrets (set SECRETS_ENCRYPTION_KEYS); the in-process SQS emulator, lost with the process (set SQS_ENDPOINT). Set those, or listen on loopback (HOST=127.0.0.1), or on a trusted network set ALLOW_DEV_DEFAULTS_ON_NETWORK=true.`,
      );
    }
  });

  it('names only the defaults still in use, the public secret also when set explicitly or among rotated ones', () => {
    expect(check({ HOST: '0.0.0.0', ...REAL })).not.toThrow();
    expect(check({ HOST: '0.0.0.0', ...REAL, TELEPHONY_WEBHOOK_SECRET: 'new-secret, dev-webhook-secret' })).toThrow(
      /HOST=0\.0\.0\.0: the public default webhook secret \(set TELEPHONY_WEBHOOK_SECRET\)\. Set those/,
    );
    expect(
      check({
        HOST: '0.0.0.0',
        ...REAL,
        SECRETS_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')},dev:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzJieXRlcyE=`,
      }),
    ).toThrow(/HOST=0\.0\.0\.0: the public default key that encrypts stored secrets \(set SECRETS_ENCRYPTION_KEYS\)\. Set those/);
    expect(check({ HOST: '0.0.0.0', ...REAL, SQS_ENDPOINT: undefined })).toThrow(/HOST=0\.0\.0\.0: the in-process SQS emulator/);
    expect(check({ HOST: '0.0.0.0', ...REAL, AUTH_ISSUER_URL: 'http://localhost:3000/dev/' })).toThrow(/HOST=0\.0\.0\.0: the dev issuer/);
  });

  it('lets them start with ALLOW_DEV_DEFAULTS_ON_NETWORK=true, with a warning, and only then', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(check({ HOST: '0.0.0.0', ALLOW_DEV_DEFAULTS_ON_NETWORK: 'true' })).not.toThrow();
      expect(stderr).toHaveBeenCalledWith(
        expect.stringMatching(/^Warning: development defaults on HOST=0\.0\.0\.0 \(ALLOW_DEV_DEFAULTS_ON_NETWORK=true\): the dev issuer/),
      );
      expect(check({ HOST: '0.0.0.0', ALLOW_DEV_DEFAULTS_ON_NETWORK: 'false' })).toThrow(ConfigError);
    } finally {
      stderr.mockRestore();
    }
  });
});
