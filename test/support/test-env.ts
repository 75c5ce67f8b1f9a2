/**
 * Sets settings for a test file, as a user would in the environment. Returns a
 * function that restores the previous values. Jest runs each file in its own
 * worker context, so files do not see each other's settings.
 */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const previous: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(values)) {
    previous[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => setEnv(previous);
}

/** Quiet, test-profile settings every app under test starts with. */
export const TEST_ENV = { NODE_ENV: 'test', LOG_LEVEL: 'silent', QUEUE_CONSUMERS_ENABLED: 'true' } as const;
