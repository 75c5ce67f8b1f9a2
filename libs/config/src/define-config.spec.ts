import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, describeDefaultsInUse, readSetting, resolveShape, setting } from './define-config.js';
import { int, text, url } from './schemas.js';
import { SETTING_KEYS } from './settings.js';

describe('settings under the profile rule', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('falls back to the embedded default outside production', () => {
    process.env.NODE_ENV = 'development';
    delete process.env.DATABASE_POOL_SIZE;
    expect(readSetting('DATABASE_POOL_SIZE', int(1, 200))).toBe(10);
  });

  it('yields undefined for an unset embedded service outside production', () => {
    process.env.NODE_ENV = 'development';
    delete process.env.REDIS_URL;
    expect(readSetting('REDIS_URL', text().optional())).toBeUndefined();
  });

  it('requires every non-optional setting in production, naming it', () => {
    process.env.NODE_ENV = 'production';
    delete process.env.DATABASE_POOL_SIZE;
    expect(() => readSetting('DATABASE_POOL_SIZE', int(1, 200))).toThrow(
      new ConfigError('Missing setting DATABASE_POOL_SIZE: required when NODE_ENV=production (Connections in the pool).'),
    );
  });

  it('lets an optional override stay unset in production', () => {
    process.env.NODE_ENV = 'production';
    delete process.env.AUTH_JWKS_URL;
    expect(readSetting('AUTH_JWKS_URL', text().optional())).toBeUndefined();
  });

  it('rejects a malformed value with the variable and what it expects', () => {
    process.env.DATABASE_POOL_SIZE = '0';
    expect(() => resolveShape({ pool: setting('DATABASE_POOL_SIZE', int(1, 200)) })).toThrow(
      'Invalid setting DATABASE_POOL_SIZE="0": expected at least 1 (Connections in the pool).',
    );
  });

  it("never prints a secret's rejected value", () => {
    process.env.TELEPHONY_WEBHOOK_SECRET = 'sk_live_9f8e7d6c5b4a';
    const failure = () => readSetting('TELEPHONY_WEBHOOK_SECRET', int(1, 2));
    expect(failure).toThrow(ConfigError);
    expect(failure).toThrow('Invalid setting TELEPHONY_WEBHOOK_SECRET (its value is secret, not shown): expected a whole number');
    expect(failure).not.toThrow(/sk_live|9f8e7d6c5b4a/);
  });

  it('masks the password of a rejected URL, even one that does not parse', () => {
    process.env.DATABASE_URL = 'mysql://switchboard:hunter2@db.internal:3306/switchboard';
    const parsed = () => readSetting('DATABASE_URL', url(['postgres', 'postgresql']));
    expect(parsed).toThrow('Invalid setting DATABASE_URL="mysql://switchboard:***@db.internal:3306/switchboard": expected a postgres or postgresql URL');
    // A password holding `@` and a port that is not a number: not a URL at all.
    process.env.REDIS_URL = 'redis://default:p@ss-w0rd@cache.internal:63x79';
    const broken = () => readSetting('REDIS_URL', url(['redis']));
    expect(broken).toThrow('Invalid setting REDIS_URL="redis://default:***@cache.internal:63x79": expected a redis URL');
    expect(broken).not.toThrow(/p@ss|w0rd/);
  });

  it("names a secret's development default without its value in the start-up summary", () => {
    process.env.NODE_ENV = 'development';
    delete process.env.TELEPHONY_WEBHOOK_SECRET;
    readSetting('TELEPHONY_WEBHOOK_SECRET', text());
    const { fallbacks } = describeDefaultsInUse();
    expect(fallbacks).toContain('TELEPHONY_WEBHOOK_SECRET (its development default)');
    expect(fallbacks.join()).not.toContain('dev-webhook-secret');
  });
});

describe('documented settings', () => {
  it('README documents every catalogued setting', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    expect(SETTING_KEYS.filter((key) => !readme.includes(`| \`${key}\` |`))).toEqual([]);
  });
});

describe('.env.example', () => {
  it('lists exactly the catalogued settings', () => {
    const file = readFileSync(resolve(import.meta.dirname, '../../../.env.example'), 'utf8');
    const keys = file
      .split('\n')
      .filter((l) => /^[A-Z0-9_]+=/.test(l))
      .map((l) => l.split('=')[0]);
    expect([...keys].sort()).toEqual([...SETTING_KEYS].sort());
  });
});
