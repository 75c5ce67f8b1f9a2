import { ValidateBy, type ValidationOptions } from 'class-validator';
import { canonicalTimeZone } from './phone-time-zone.js';

/** An IANA time zone name (`Europe/Paris`), in any letter case; offsets such as `+05:00` are not zones. */
export function IsTimeZoneName(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimeZoneName',
      validator: {
        validate: (value) => typeof value === 'string' && canonicalTimeZone(value) !== null,
        defaultMessage: (args) => `${args?.property} must be an IANA time zone name such as America/New_York`,
      },
    },
    options,
  );
}
