import { canonicalTimeZone, timeZoneOfPhone, timeZonesOfPhone } from './phone-time-zone.js';
import { PHONE_TIME_ZONES } from './phone-time-zones.data.js';

describe('phone time zones', () => {
  it('derives the zone of numbers whose prefix maps to one zone', () => {
    expect(timeZoneOfPhone('+12025550123')).toBe('America/New_York');
    expect(timeZoneOfPhone('+18085550123')).toBe('Pacific/Honolulu');
    expect(timeZoneOfPhone('+61212345678')).toBe('Australia/Sydney');
    expect(timeZoneOfPhone('+442079460958')).toBe('Europe/London');
  });

  it('gives null where a number may be in several zones (the campaign zone applies)', () => {
    // Area code 605 (South Dakota) spans Mountain and Central time.
    expect(timeZonesOfPhone('+16055550123').length).toBeGreaterThan(1);
    expect(timeZoneOfPhone('+16055550123')).toBeNull();
    expect(timeZoneOfPhone('+999')).toBeNull();
  });

  it('has only zones the runtime knows', () => {
    const zones = new Set(PHONE_TIME_ZONES.split('\n').flatMap((l) => (l ? l.split('|')[1]!.split('&') : [])));
    const unknown = [...zones].filter((z) => z !== 'Etc/Unknown' && canonicalTimeZone(z) === null);
    expect(unknown).toEqual([]);
  });

  it('canonicalises zone names and refuses what is not one', () => {
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
    expect(canonicalTimeZone('+05:00')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });
});
