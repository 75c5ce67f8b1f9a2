import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a webhook is signed with, inbound (telephony provider) and outbound (Switchboard's own webhooks). */
export const SIGNATURE_HEADER = 'X-Switchboard-Signature';

export type SignatureVerdict = 'valid' | 'missing' | 'malformed' | 'stale' | 'mismatch';

/** A well-formed signature header: its timestamp, the key ids it names and its `v1=` values. */
export interface ParsedSignature {
  timestamp: string;
  kids: string[];
  candidates: Buffer[];
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;
const KEY_ID = /^[\w-]{1,64}$/;
/** More key ids than a rotation needs are refused: each one costs a look-up. */
const MAX_KIDS = 2;

function digest(secret: string, timestamp: string, rawBody: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/**
 * The `X-Switchboard-Signature` value for a body:
 * `t=<unix seconds>[,kid=<key id>…],v1=<hex HMAC-SHA256 of "<t>.<body>">`, one `v1=` per
 * secret (a sender rotating its key signs with both and names both key ids).
 */
export function signPayload(secrets: string | string[], rawBody: string | Buffer, timestampSeconds: number, kids: string | string[] = []): string {
  const t = String(Math.floor(timestampSeconds));
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
  const v1 = [secrets].flat().map((secret) => `v1=${digest(secret, t, body).toString('hex')}`);
  return [`t=${t}`, ...[kids].flat().map((kid) => `kid=${kid}`), ...v1].join(',');
}

/** Reads a signature header: the parts, or why it cannot be checked at all. */
export function parseSignatureHeader(header: string | undefined): ParsedSignature | 'missing' | 'malformed' {
  if (!header?.trim()) return 'missing';
  let timestamp: string | undefined;
  const kids: string[] = [];
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'kid') kids.push(value);
    else if (key === 'v1' && HEX_SHA256.test(value)) candidates.push(Buffer.from(value, 'hex'));
  }
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || candidates.length === 0) return 'malformed';
  if (kids.length > MAX_KIDS || !kids.every((kid) => KEY_ID.test(kid))) return 'malformed';
  return { timestamp, kids, candidates };
}

/** Whether the timestamp is within `toleranceSeconds` of now, either way. */
export function isFresh(signature: ParsedSignature, nowSeconds: number, toleranceSeconds: number): boolean {
  return Math.abs(nowSeconds - Number(signature.timestamp)) <= toleranceSeconds;
}

/**
 * The first of `secrets` one `v1=` value matches, or undefined. Every comparison is
 * constant-time and all candidates are compared, so timing tells nothing.
 */
export function matchingSecret<S extends { secret: string }>(signature: ParsedSignature, rawBody: Buffer, secrets: readonly S[]): S | undefined {
  let matched: S | undefined;
  for (const candidateSecret of secrets) {
    const expected = digest(candidateSecret.secret, signature.timestamp, rawBody);
    let hit = false;
    for (const candidate of signature.candidates) hit = timingSafeEqual(expected, candidate) || hit;
    if (hit && !matched) matched = candidateSecret;
  }
  return matched;
}

/**
 * Checks a signature header against the raw body bytes and plain secrets (no key
 * ids): the timestamp must be within `toleranceSeconds` of now, and one `v1=` value
 * must match one secret.
 */
export function verifySignature(
  header: string | undefined,
  rawBody: Buffer,
  secrets: readonly string[],
  nowSeconds: number,
  toleranceSeconds: number,
): SignatureVerdict {
  const signature = parseSignatureHeader(header);
  if (typeof signature === 'string') return signature;
  if (!isFresh(signature, nowSeconds, toleranceSeconds)) return 'stale';
  return matchingSecret(
    signature,
    rawBody,
    secrets.map((secret) => ({ secret })),
  )
    ? 'valid'
    : 'mismatch';
}
