import { createHmac, timingSafeEqual } from 'node:crypto';

/** The HMAC-SHA256 (base64url) of a local download link: the export and the link's expiry, in epoch seconds. */
export function signDownload(secret: Buffer, exportId: string, expires: number): string {
  return createHmac('sha256', secret).update(`${exportId}.${expires}`).digest('base64url');
}

/** Whether `signature` is this secret's signature of the link, and the link has not expired at `nowMs`. */
export function verifyDownload(secret: Buffer, exportId: string, expires: number, signature: string, nowMs: number): boolean {
  if (!Number.isSafeInteger(expires) || expires * 1000 <= nowMs) return false;
  const expected = Buffer.from(signDownload(secret, exportId, expires));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
