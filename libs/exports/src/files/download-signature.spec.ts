import { randomBytes } from 'node:crypto';
import { signDownload, verifyDownload } from './download-signature.js';

describe('local download signatures', () => {
  const secret = randomBytes(32);
  const id = '0f0e8a4e-7a53-4c5e-9a0b-1d2c3b4a5f60';
  const now = Date.parse('2026-12-07T12:00:00Z');
  const expires = now / 1000 + 900;

  it('accepts its own signature until the link expires', () => {
    const signature = signDownload(secret, id, expires);
    expect(verifyDownload(secret, id, expires, signature, now)).toBe(true);
    expect(verifyDownload(secret, id, expires, signature, expires * 1000 - 1)).toBe(true);
    expect(verifyDownload(secret, id, expires, signature, expires * 1000)).toBe(false);
  });

  it('refuses another export, another expiry, another secret or a mangled signature', () => {
    const signature = signDownload(secret, id, expires);
    expect(verifyDownload(secret, '1f0e8a4e-7a53-4c5e-9a0b-1d2c3b4a5f60', expires, signature, now)).toBe(false);
    expect(verifyDownload(secret, id, expires + 3600, signature, now)).toBe(false);
    expect(verifyDownload(randomBytes(32), id, expires, signature, now)).toBe(false);
    expect(verifyDownload(secret, id, expires, signature.slice(1), now)).toBe(false);
    expect(verifyDownload(secret, id, expires, '', now)).toBe(false);
  });
});
