import { useFakeAwsParameters } from '../../../../test/lambdas/support/use-fake-aws-parameters.js';
import { SecretDatabasePassword, secretDatabasePassword } from './secret-database-password.js';

describe('SecretDatabasePassword (Secrets Manager through Powertools)', () => {
  const fake = useFakeAwsParameters();

  const reads = () => fake().calls.filter((c) => c === 'secretsmanager.GetSecretValue').length;

  it('serves the cached password until asked to refresh, then the rotated one', async () => {
    const arn = fake().putSecret('db-rotating', JSON.stringify({ username: 'app', password: 'one' }));
    const password = new SecretDatabasePassword(arn);
    await expect(password.get(false)).resolves.toBe('one');
    fake().rotateSecret(arn, JSON.stringify({ username: 'app', password: 'two' }));
    const before = reads();
    await expect(password.get(false)).resolves.toBe('one'); // within the cache window: no call
    expect(reads()).toBe(before);
    await expect(password.get(true)).resolves.toBe('two');
    expect(reads()).toBe(before + 1);
  });

  it('reads again once the cache window has passed', async () => {
    const arn = fake().putSecret('db-short-cache', JSON.stringify({ username: 'app', password: 'one' }));
    const password = new SecretDatabasePassword(arn, 0);
    await expect(password.get(false)).resolves.toBe('one');
    fake().rotateSecret(arn, JSON.stringify({ username: 'app', password: 'two' }));
    await expect(password.get(false)).resolves.toBe('two');
  });

  it('falls back to the last password read when the secret cannot be read, and fails without one', async () => {
    const arn = fake().putSecret('db-unreadable', JSON.stringify({ username: 'app', password: 'kept' }));
    const password = new SecretDatabasePassword(arn);
    await expect(password.get(false)).resolves.toBe('kept');
    fake().rotateSecret(arn, 'not json');
    await expect(password.get(true)).resolves.toBe('kept');
    await expect(new SecretDatabasePassword(arn).get(false)).rejects.toThrow(/Could not read the database secret .*not JSON with a password/);
  });

  it('is provided only when the deploy names a secret', () => {
    expect(secretDatabasePassword({})).toBeNull();
    expect(secretDatabasePassword({ DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:us-west-2:000000000000:secret:x' })).toBeInstanceOf(SecretDatabasePassword);
  });
});
