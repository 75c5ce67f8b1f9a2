/**
 * What kind of failure a domain error is. The HTTP filter maps a kind to a status,
 * the SQS handler wrapper maps it to "retry" or "dead-letter": services stay free
 * of transport concerns because the same service runs behind both.
 */
export type ErrorKind =
  | 'validation' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'precondition_failed' // 412
  | 'too_large' // 413
  | 'unsupported_media_type' // 415
  | 'rate_limited' // 429
  | 'unavailable'; // 503, retried by queue consumers

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * Base of every error a service throws. Subclasses live in `<feature>.errors.ts`
 * with a stable `code` such as `CONTACT.PHONE_TAKEN`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(resource: string, code = `${resource.toUpperCase()}.NOT_FOUND`) {
    super(code, 'not_found', `${resource} not found.`);
  }
}

export class ValidationError extends DomainError {
  constructor(errors: FieldError[], message = 'The request is not valid.') {
    super('VALIDATION', 'validation', message, errors);
  }
}

export class PreconditionFailedError extends DomainError {
  constructor(message = 'The resource has changed since the version given in If-Match.') {
    super('PRECONDITION_FAILED', 'precondition_failed', message);
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(
    message = 'A backing service is unavailable; try again shortly.',
    readonly retryAfterSeconds = 5,
  ) {
    super('SERVICE_UNAVAILABLE', 'unavailable', message);
  }
}

/** Whether a queue consumer should let SQS redeliver a message that failed with `err`. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof DomainError) return err.kind === 'unavailable' || err.kind === 'rate_limited';
  return true; // unknown failures (a dropped connection, a deadlock) deserve another try
}
