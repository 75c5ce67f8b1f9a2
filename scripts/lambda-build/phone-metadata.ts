/** libphonenumber-js metadata (its JSON, version 4): per country and non-geographic code, an array of fields. */
export interface PhoneMetadata {
  version: number;
  countries: Record<string, unknown[]>;
  nonGeographic?: Record<string, unknown[]>;
  [key: string]: unknown;
}

/** Where a version-4 numbering plan keeps its formats (libphonenumber-js `NumberingPlan._getFormats`). */
const FORMATS = 4;

/**
 * The metadata without its formatting rules (83 KB of JSON down to 34 KB).
 * The functions only parse and validate numbers into E.164 (`toE164`), which
 * read the patterns, lengths and national prefixes; formats serve formatting
 * (`formatNational()`, AsYouType), which no function does. A test parses every
 * country's example number with both sets and compares.
 */
export function withoutFormats(metadata: PhoneMetadata): PhoneMetadata {
  if (metadata.version !== 4) throw new Error(`libphonenumber-js metadata version ${metadata.version}: withoutFormats() knows version 4`);
  const strip = (plans: Record<string, unknown[]> = {}) =>
    Object.fromEntries(Object.entries(plans).map(([key, plan]) => [key, plan.map((field, i) => (i === FORMATS ? 0 : field))]));
  return { ...metadata, countries: strip(metadata.countries), nonGeographic: strip(metadata.nonGeographic) };
}
