import { defineConfig, int, setting, text } from '@switchboard/config';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';

const region = () =>
  text()
    .transform((v) => v.toUpperCase())
    .refine((v) => isSupportedCountry(v), 'expected an ISO 3166 region code such as US or GB')
    .transform((v) => v as CountryCode);

export const contactsConfig = defineConfig('contacts', {
  /** Region assumed for numbers written without a country code. */
  defaultRegion: setting('DEFAULT_PHONE_REGION', region()),
  /** Receives before SQS dead-letters an import chunk: the last one marks the import failed. */
  maxReceiveCount: setting('QUEUE_MAX_RECEIVE_COUNT', int(1, 1000)),
});
