import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** The E.164 form of a phone number, or null when it is not a valid number. */
export function toE164(input: string, region: CountryCode): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const parsed = parsePhoneNumberFromString(input, region);
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * Stored-phone prefixes a search text may mean: `+1202…` as typed, and a national
 * `202…` (or `0207…` with a trunk 0) in the default region. Empty when the text is
 * not phone-like, so name and email searches skip the phone index.
 */
export function phoneSearchPrefixes(q: string, region: CountryCode): string[] {
  const compact = q.replace(/[\s().-]/g, '');
  if (!/^\+?\d+$/.test(compact)) return [];
  if (compact.startsWith('+')) return [compact];
  const national = `+${getCountryCallingCode(region)}${compact.replace(/^0/, '')}`;
  return [...new Set([`+${compact}`, national])];
}
