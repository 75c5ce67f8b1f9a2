import { InvalidValue } from '#switchboard/config';
import { contactsConfig } from './contacts.config.js';

describe('DEFAULT_PHONE_REGION', () => {
  const { parser } = contactsConfig.fields.defaultRegion;

  it('reads a known region in any case', () => {
    expect(parser.parse('gb')).toBe('GB');
    expect(parser.parse('US')).toBe('US');
  });

  it('rejects what is not a region libphonenumber knows', () => {
    expect(() => parser.parse('XX')).toThrow(new InvalidValue('expected an ISO 3166 region code such as US or GB'));
    expect(() => parser.parse(undefined)).toThrow(InvalidValue);
  });

  it('stays case-insensitive when optional', () => {
    expect(parser.optional().parse(undefined)).toBeUndefined();
    expect(parser.optional().parse('fr')).toBe('FR');
  });
});
