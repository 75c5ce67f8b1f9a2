import { registerDecorator, type ValidationOptions } from 'class-validator';
import { canonicalTimeZone } from '../dialling-window.js';

/** E.164: a plus sign and up to 15 digits, no leading zero. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** An IANA time zone the runtime's Intl knows (`Europe/Paris`, `UTC`). */
export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be an IANA time zone such as Europe/Paris`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && canonicalTimeZone(value) !== undefined },
    });
}
