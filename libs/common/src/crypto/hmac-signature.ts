import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a webhook is signed with, inbound (telephony provider) and outbound (Switchboard's own webhooks). */
export const SIGNATURE_HEADER = 'X-Switchboard-Signature';

export type SignatureVerdict = 'valid' | 'missing' | 'malformed' | 'stale' | 'mismatch';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

function digest(secret: string, timestamp: string, rawBody: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/**
 * The `X-Switchboard-Signature` value for a body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
 * one `v1=` per secret (a sender rotating its secret signs with both).
 */
export function signPayload(secrets: string | string[], rawBody: string | Buffer, timestampSeconds: number): string {
  const t = String(Math.floor(timestampSeconds));
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
  const v1 = [secrets].flat().map((secret) => `v1=${digest(secret, t, body).toString('hex')}`);
  return [`t=${t}`, ...v1].join(',');
}

/**
 * Checks a signature header against the raw body bytes: the timestamp must be within
 * `toleranceSeconds` of now, and one `v1=` value must match one secret. Every
 * comparison is constant-time and all candidates are compared, so timing tells nothing.
 */
export function verifySignature(
  header: string | undefined,
  rawBody: Buffer,
  secrets: readonly string[],
  nowSeconds: number,
  toleranceSeconds: number,
): SignatureVerdict {
  if (!header?.trim()) return 'missing';
  let timestamp: string | undefined;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1' && HEX_SHA256.test(value)) candidates.push(Buffer.from(value, 'hex'));
  }
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || candidates.length === 0) return 'malformed';
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return 'stale';
  let matched = false;
  for (const secret of secrets) {
    const expected = digest(secret, timestamp, rawBody);
    for (const candidate of candidates) matched = timingSafeEqual(expected, candidate) || matched;
  }
  return matched ? 'valid' : 'mismatch';
}
