import { DomainError, NotFoundError } from '#switchboard/common';

const DETAIL = {
  missing: 'The X-Switchboard-Signature header is missing.',
  malformed: 'The X-Switchboard-Signature header is not of the form t=<unix seconds>,kid=<key id>,v1=<hex>.',
  unnamed: "The X-Switchboard-Signature header must name the tenant's signing key (kid=<key id>).",
  stale: 'The signature timestamp is too far from the current time.',
  mismatch: 'No v1 signature matches the body with an active signing key.',
} as const;

const CODE = {
  missing: 'TELEPHONY.SIGNATURE_MISSING',
  malformed: 'TELEPHONY.SIGNATURE_MALFORMED',
  unnamed: 'TELEPHONY.SIGNATURE_KEY_MISSING',
  stale: 'TELEPHONY.SIGNATURE_EXPIRED',
  mismatch: 'TELEPHONY.SIGNATURE_INVALID',
} as const;

/** A webhook whose signature does not prove it came from the provider (401). */
export class TelephonySignatureError extends DomainError {
  constructor(reason: keyof typeof DETAIL) {
    super(CODE[reason], 'unauthenticated', DETAIL[reason]);
  }
}

/** A signature made with another tenant's key than the event's `tenantId` (401). */
export class TelephonyWrongTenantError extends DomainError {
  constructor() {
    super('TELEPHONY.SIGNATURE_WRONG_TENANT', 'unauthenticated', "The signing key does not belong to the event's tenant.");
  }
}

/** 409: a tenant holds at most two active signing keys (the current one and its successor). */
export class SigningKeyLimitError extends DomainError {
  constructor(max: number) {
    super('TELEPHONY.SIGNING_KEY_LIMIT', 'conflict', `A tenant holds at most ${max} active signing keys: revoke one before creating another.`);
  }
}

export class SigningKeyNotFoundError extends NotFoundError {
  constructor() {
    super('Signing key', 'TELEPHONY.SIGNING_KEY_NOT_FOUND');
  }
}
