import { formatDuration, formatPercent, humanize, parseTags, toDateTimeLocal } from './format.js';

describe('formatting', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [90, '1m 30s'],
    [120, '2m'],
    [3600, '1h'],
    [7500, '2h 5m'],
    [-3, '0s'],
    [Number.NaN, '0s'],
  ])('duration %p → %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('formats fractions as percentages with at most one decimal', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(1 / 3)).toBe('33.3%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('humanizes codes and parses tags', () => {
    expect(humanize('do_not_call')).toBe('Do not call');
    expect(parseTags(' vip, spring;vip ,, ')).toEqual(['vip', 'spring']);
  });

  it('writes a datetime-local value on the local clock, which the input reads back as the same instant', () => {
    const at = new Date(2026, 2, 9, 7, 5, 3);
    expect(toDateTimeLocal(at)).toBe('2026-03-09T07:05:03');
    expect(new Date(toDateTimeLocal(at)).getTime()).toBe(at.getTime());
  });
});
