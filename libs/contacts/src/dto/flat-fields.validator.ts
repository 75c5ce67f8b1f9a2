import type { ApiPropertyOptions } from '@nestjs/swagger';
import { ValidateBy, type ValidationOptions } from 'class-validator';

export const MAX_FIELDS = 50;
export const MAX_FIELD_VALUE_LENGTH = 1000;
const FIELD_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/** Why `value` is not a flat object of strings, numbers and booleans, or null when it is. */
export function flatFieldsProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  const entries = Object.entries(value);
  if (entries.length > MAX_FIELDS) return `must have at most ${MAX_FIELDS} keys`;
  for (const [key, v] of entries) {
    if (!FIELD_KEY.test(key)) return `key "${key.slice(0, 64)}" must be 1–64 letters, digits, _ . or - and start with a letter or _`;
    if (typeof v === 'string' && v.length > MAX_FIELD_VALUE_LENGTH) return `${key} must be at most ${MAX_FIELD_VALUE_LENGTH} characters`;
    if (typeof v === 'number' && !Number.isFinite(v)) return `${key} must be a finite number`;
    if (!['string', 'number', 'boolean'].includes(typeof v)) return `${key} must be a string, number or boolean (no nesting)`;
  }
  return null;
}

/** A flat object of strings, numbers and booleans: custom fields never nest. */
export function IsFlatFields(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFlatFields',
      validator: {
        validate: (value) => flatFieldsProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${flatFieldsProblem(args?.value)}`,
      },
    },
    options,
  );
}

/** The OpenAPI schema of `fields`. */
export const FIELDS_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  description: `Custom fields: a flat object (at most ${MAX_FIELDS} keys) of strings, numbers and booleans.`,
  additionalProperties: { oneOf: [{ type: 'string', maxLength: MAX_FIELD_VALUE_LENGTH }, { type: 'number' }, { type: 'boolean' }] },
  example: { plan: 'gold', seats: 12, vip: true },
};
