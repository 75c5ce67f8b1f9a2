import { signTelephonyPayload, verifyTelephonySignature } from './telephony-signature.js';

const body = Buffer.from('{"eventId":"e1"}');
const now = 1_790_000_000;

describe('telephony signature', () => {
  it('accepts a body signed with the secret', () => {
    expect(verifyTelephonySignature(signTelephonyPayload('s3cret', body, now), body, ['s3cret'], now, 300)).toBe('valid');
  });

  it('accepts any one matching v1 among several, and any one secret among several', () => {
    const header = signTelephonyPayload(['old', 'new'], body, now);
    expect(verifyTelephonySignature(header, body, ['new'], now, 300)).toBe('valid');
    expect(verifyTelephonySignature(signTelephonyPayload('old', body, now), body, ['new', 'old'], now, 300)).toBe('valid');
  });

  it('rejects another secret, another body and a changed timestamp', () => {
    const header = signTelephonyPayload('s3cret', body, now);
    expect(verifyTelephonySignature(header, body, ['other'], now, 300)).toBe('mismatch');
    expect(verifyTelephonySignature(header, Buffer.from('{"eventId":"e2"}'), ['s3cret'], now, 300)).toBe('mismatch');
    expect(verifyTelephonySignature(header.replace(`t=${now}`, `t=${now + 1}`), body, ['s3cret'], now, 300)).toBe('mismatch');
  });

  it('rejects a timestamp outside the tolerance either way, and accepts one at its edge', () => {
    expect(verifyTelephonySignature(signTelephonyPayload('s', body, now - 301), body, ['s'], now, 300)).toBe('stale');
    expect(verifyTelephonySignature(signTelephonyPayload('s', body, now + 301), body, ['s'], now, 300)).toBe('stale');
    expect(verifyTelephonySignature(signTelephonyPayload('s', body, now - 300), body, ['s'], now, 300)).toBe('valid');
  });

  it('tells a missing header from a malformed one', () => {
    expect(verifyTelephonySignature(undefined, body, ['s'], now, 300)).toBe('missing');
    expect(verifyTelephonySignature(' ', body, ['s'], now, 300)).toBe('missing');
    expect(verifyTelephonySignature('v1=abc', body, ['s'], now, 300)).toBe('malformed');
    expect(verifyTelephonySignature(`t=${now}`, body, ['s'], now, 300)).toBe('malformed');
    expect(verifyTelephonySignature(`t=soon,v1=${'a'.repeat(64)}`, body, ['s'], now, 300)).toBe('malformed');
  });
});
