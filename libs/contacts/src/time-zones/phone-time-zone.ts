import { PHONE_TIME_ZONES } from './phone-time-zones.data.js';

/** Prefix (E.164 digits) → the zones its numbers may be in, parsed once on first use. */
let byPrefix: Map<string, string[]> | undefined;
let longestPrefix = 0;

function prefixes(): Map<string, string[]> {
  if (!byPrefix) {
    byPrefix = new Map();
    for (const line of PHONE_TIME_ZONES.split('\n')) {
      if (!line) continue;
      const [prefix, zones] = line.split('|') as [string, string];
      byPrefix.set(prefix, zones.split('&'));
      longestPrefix = Math.max(longestPrefix, prefix.length);
    }
  }
  return byPrefix;
}

/**
 * The time zones an E.164 number may be in, by the longest matching prefix of
 * libphonenumber's time zone map (what its PhoneNumberToTimeZonesMapper does for
 * a geographic number); empty when the map knows none.
 */
export function timeZonesOfPhone(e164: string): string[] {
  const map = prefixes();
  const digits = e164.replace(/^\+/, '');
  for (let length = Math.min(digits.length, longestPrefix); length > 0; length--) {
    const zones = map.get(digits.slice(0, length));
    if (zones) return zones.filter((z) => z !== 'Etc/Unknown');
  }
  return [];
}

/** The number's time zone when it maps to exactly one, else null ("the campaign's"). */
export function timeZoneOfPhone(e164: string): string | null {
  const zones = timeZonesOfPhone(e164);
  return zones.length === 1 ? zones[0]! : null;
}

/** `name` as the runtime's canonical IANA id (`america/new_york` → `America/New_York`), or null when it is no zone. */
export function canonicalTimeZone(name: string): string | null {
  // Intl knows offsets such as "+05:00" as zones too; a contact's zone is a named one.
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
