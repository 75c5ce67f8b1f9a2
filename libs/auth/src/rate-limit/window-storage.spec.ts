import { MemoryWindowStorage } from './window-storage.js';

describe('MemoryWindowStorage', () => {
  it('counts hits in a fixed window and blocks past the limit until the window ends', async () => {
    const storage = new MemoryWindowStorage();
    expect(storage.hit('k', 60_000, 0)).toEqual({ totalHits: 1, ttlMs: 60_000 });
    expect(storage.hit('k', 60_000, 10_000)).toEqual({ totalHits: 2, ttlMs: 50_000 });
    expect(storage.hit('k', 60_000, 60_000)).toEqual({ totalHits: 1, ttlMs: 60_000 });
    expect(storage.hit('other', 60_000, 60_000).totalHits).toBe(1);
  });

  it('reports blocking with a Retry-After of at least one second', async () => {
    const storage = new MemoryWindowStorage();
    await storage.increment('k', 60_000, 1);
    await expect(storage.increment('k', 60_000, 1)).resolves.toMatchObject({ totalHits: 2, isBlocked: true, timeToBlockExpire: expect.any(Number) });
    const { timeToBlockExpire } = await storage.increment('k', 60_000, 1);
    expect(timeToBlockExpire).toBeGreaterThanOrEqual(1);
    expect(timeToBlockExpire).toBeLessThanOrEqual(60);
  });
});
