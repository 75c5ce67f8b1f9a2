import { defineConfig, int, oneOf, setting, type Parser } from '#switchboard/config';
import { getCountries } from 'libphonenumber-js';

/** `parser` applied to the raw value upper-cased, so `gb` reads as `GB`. */
const upperCased = <T>(parser: Parser<T>): Parser<T> => ({
  parse: (raw) => parser.parse(raw?.toUpperCase()),
  optional: () => upperCased(parser.optional()),
});

/** A region libphonenumber has metadata for. */
const region = () => upperCased(oneOf(getCountries(), 'expected an ISO 3166 region code such as US or GB'));

export const contactsConfig = defineConfig('contacts', {
  /** Region assumed for numbers written without a country code. */
  defaultRegion: setting('DEFAULT_PHONE_REGION', region()),
  /** Receives before SQS dead-letters an import chunk: the last one marks the import failed. */
  maxReceiveCount: setting('QUEUE_MAX_RECEIVE_COUNT', int(1, 1000)),
});
