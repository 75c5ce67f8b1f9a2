import { canonicalTimeZone, isWithinWindow, localTimeOf } from './dialling-window.js';

describe('dialling window', () => {
  it('holds times from start (inclusive) to end (exclusive) of a same-day window', () => {
    const w = { start: '09:00', end: '17:30' };
    expect(isWithinWindow('09:00', w)).toBe(true);
    expect(isWithinWindow('17:29', w)).toBe(true);
    expect(isWithinWindow('17:30', w)).toBe(false);
    expect(isWithinWindow('08:59', w)).toBe(false);
    expect(isWithinWindow('23:00', w)).toBe(false);
  });

  it('crosses midnight when the end is before the start', () => {
    const w = { start: '22:00', end: '02:00' };
    expect(isWithinWindow('22:00', w)).toBe(true);
    expect(isWithinWindow('23:59', w)).toBe(true);
    expect(isWithinWindow('00:00', w)).toBe(true);
    expect(isWithinWindow('01:59', w)).toBe(true);
    expect(isWithinWindow('02:00', w)).toBe(false);
    expect(isWithinWindow('12:00', w)).toBe(false);
    expect(isWithinWindow('21:59', w)).toBe(false);
  });

  it('reads the wall clock of a time zone, daylight saving included', () => {
    expect(localTimeOf(new Date('2026-01-15T12:00:00Z'), 'America/New_York')).toBe('07:00');
    expect(localTimeOf(new Date('2026-07-15T12:00:00Z'), 'America/New_York')).toBe('08:00');
    expect(localTimeOf(new Date('2026-07-15T23:45:00Z'), 'Asia/Kolkata')).toBe('05:15');
    expect(localTimeOf(new Date('2026-07-15T00:00:00Z'), 'UTC')).toBe('00:00');
  });

  it('canonicalises known time zones and rejects unknown ones', () => {
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
  });
});
