import { type CountryCode, type MetadataJson, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { createRequire } from 'node:module';
import { type PhoneMetadata, withoutFormats } from '../../scripts/lambda-build/phone-metadata.js';

const require = createRequire(import.meta.url);
const full = require('libphonenumber-js/metadata.min.json') as MetadataJson;
const examples = require('libphonenumber-js/examples.mobile.json') as Record<CountryCode, string>;
const slim = withoutFormats(full as unknown as PhoneMetadata) as unknown as MetadataJson;

/** What `toE164` (libs/contacts/src/phone.ts) reads from a parse: validity and the E.164 number. */
const e164 = (input: string, region: CountryCode, metadata: MetadataJson) => {
  const parsed = parsePhoneNumberFromString(input, region, metadata);
  return parsed?.isValid() ? parsed.number : null;
};

describe('phone metadata in the Lambda bundles (formats left out)', () => {
  const regions = Object.keys(examples) as CountryCode[];

  it('parses and validates every country’s example number as the full metadata does, typed nationally, internationally or mistyped', () => {
    expect(regions.length).toBeGreaterThan(200);
    const differences: string[] = [];
    let valid = 0;
    for (const region of regions) {
      const national = examples[region];
      const withPrefix = parsePhoneNumberFromString(national, region, full)!;
      const inputs = [national, withPrefix.number, `00${withPrefix.countryCallingCode}${national}`, national.slice(0, -2), `${national}99`];
      for (const input of inputs) {
        for (const asRegion of [region, 'US', 'GB'] as CountryCode[]) {
          const expected = e164(input, asRegion, full);
          if (expected) valid++;
          if (e164(input, asRegion, slim) !== expected) differences.push(`${input} in ${asRegion}`);
        }
      }
    }
    expect(differences).toEqual([]);
    expect(valid).toBeGreaterThan(regions.length); // the comparison covered valid numbers, not only rejections
  });

  it('is much smaller', () => {
    expect(JSON.stringify(slim).length).toBeLessThan(JSON.stringify(full).length / 2);
  });
});
