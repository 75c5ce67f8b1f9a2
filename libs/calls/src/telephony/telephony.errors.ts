import { DomainError } from '#switchboard/common';

const DETAIL = {
  missing: 'The X-Switchboard-Signature header is missing.',
  malformed: 'The X-Switchboard-Signature header is not of the form t=<unix seconds>,v1=<hex>.',
  stale: 'The signature timestamp is too far from the current time.',
  mismatch: 'No v1 signature matches the body.',
} as const;

const CODE = {
  missing: 'TELEPHONY.SIGNATURE_MISSING',
  malformed: 'TELEPHONY.SIGNATURE_MALFORMED',
  stale: 'TELEPHONY.SIGNATURE_EXPIRED',
  mismatch: 'TELEPHONY.SIGNATURE_INVALID',
} as const;

/** A webhook whose signature does not prove it came from the provider (401). */
export class TelephonySignatureError extends DomainError {
  constructor(reason: keyof typeof DETAIL) {
    super(CODE[reason], 'unauthenticated', DETAIL[reason]);
  }
}
