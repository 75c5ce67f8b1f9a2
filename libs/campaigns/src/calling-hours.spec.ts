import { isWindowWithin, zonesInHours } from './calling-hours.js';

const LEGAL = { start: '08:00', end: '21:00' };

describe('calling hours', () => {
  it('keeps the zones whose own local time is inside the window and the legal hours', () => {
    // 2026-03-10T14:00Z: 10:00 in New York (EDT since 8 March), 04:00 in Honolulu, 01:00 next day in Sydney, 14:00 in London.
    const at = new Date('2026-03-10T14:00:00Z');
    const zones = ['America/New_York', 'Pacific/Honolulu', 'Australia/Sydney', 'Europe/London'];
    expect(zonesInHours(zones, at, { start: '09:00', end: '17:00' }, LEGAL)).toEqual(['America/New_York', 'Europe/London']);
    expect(zonesInHours(zones, at, { start: '11:00', end: '20:00' }, LEGAL)).toEqual(['Europe/London']);
    expect(zonesInHours(zones, at, { start: '00:00', end: '23:59' }, { start: '13:30', end: '14:30' })).toEqual(['Europe/London']);
  });

  it('accepts a window inside the legal hours and refuses one that leaves them', () => {
    expect(isWindowWithin({ start: '09:00', end: '17:00' }, LEGAL)).toBe(true);
    expect(isWindowWithin({ start: '08:00', end: '21:00' }, LEGAL)).toBe(true);
    expect(isWindowWithin({ start: '07:59', end: '12:00' }, LEGAL)).toBe(false);
    expect(isWindowWithin({ start: '20:00', end: '21:01' }, LEGAL)).toBe(false);
    expect(isWindowWithin({ start: '22:00', end: '02:00' }, LEGAL)).toBe(false);
    expect(isWindowWithin({ start: '22:00', end: '02:00' }, { start: '21:00', end: '03:00' })).toBe(true);
    expect(isWindowWithin({ start: '00:00', end: '23:59' }, { start: '00:00', end: '23:59' })).toBe(true);
  });
});
