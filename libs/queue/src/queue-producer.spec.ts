import { chunkPayloads, MAX_PAYLOAD_BYTES } from './queue-producer.js';

describe('chunkPayloads', () => {
  it('puts at most ten messages in a batch', () => {
    const chunks = chunkPayloads(Array.from({ length: 23 }, (_, i) => `{"n":${i}}`));
    expect(chunks.map((c) => c.length)).toEqual([10, 10, 3]);
    expect(chunks.flat()).toHaveLength(23);
  });

  it('keeps every batch within the payload limit', () => {
    const big = 'x'.repeat(100 * 1024);
    const chunks = chunkPayloads([big, big, big, 'small']);
    expect(chunks.map((c) => c.length)).toEqual([2, 2]);
    for (const chunk of chunks) expect(chunk.reduce((sum, p) => sum + Buffer.byteLength(p), 0)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  });

  it('returns no batch for no messages', () => {
    expect(chunkPayloads([])).toEqual([]);
  });
});
