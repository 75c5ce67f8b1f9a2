import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * Validates the property only when it is present. Unlike `IsOptional`, which
 * also skips `null`, a `null` here is validated, so the type checks reject it:
 * for fields that may be left out but never cleared.
 */
export function IfPresent(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}
