import { buildMessage, isISO8601, ValidateBy, type ValidationOptions } from 'class-validator';

// An offset is required: a time without one means something different on every server.
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time with an offset (`2026-11-02T09:30:00+01:00`); strict about the calendar. */
export function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && WITH_OFFSET.test(value) && isISO8601(value, { strict: true, strictSeparator: true });
}

/** Validates an ISO 8601 date-time with an offset; the field error code is IS_TIMESTAMP. */
export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimestamp',
      validator: {
        validate: isTimestamp,
        defaultMessage: buildMessage((each) => `${each}$property must be an ISO 8601 date-time with an offset, e.g. 2026-11-02T09:30:00+01:00`, options),
      },
    },
    options,
  );
}
