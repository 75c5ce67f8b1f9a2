import { median, percentile, summarise, table } from './stats.js';

describe('stats', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 99)).toBe(0);
  });

  it('summarises unsorted latencies with their error count', () => {
    expect(summarise([5, 1, 3, 2, 4], 1)).toEqual({ count: 5, errors: 1, p50: 3, p95: 5, p99: 5, max: 5 });
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('aligns a table', () => {
    expect(
      table(
        ['a', 'bb'],
        [
          ['x', 1],
          ['yyy', 22],
        ],
      ).split('\n'),
    ).toEqual(['a    bb', '---  --', 'x     1', 'yyy  22']);
  });
});
