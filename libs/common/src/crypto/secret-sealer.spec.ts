import { randomBytes } from 'node:crypto';
import { SecretSealer, UnsealError } from './secret-sealer.js';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('SecretSealer', () => {
  const old = key('k1');
  const current = key('k2');

  it('opens what it sealed, and never stores the plaintext', () => {
    const sealer = new SecretSealer([current]);
    const sealed = sealer.seal('whsec_abc', 'tenant-a/1');
    expect(sealed).toMatch(/^v1\.k2\./);
    expect(sealed).not.toContain('whsec_abc');
    expect(sealer.open(sealed, 'tenant-a/1')).toBe('whsec_abc');
  });

  it('seals the same secret differently each time (random IV)', () => {
    const sealer = new SecretSealer([current]);
    expect(sealer.seal('s', 'c')).not.toBe(sealer.seal('s', 'c'));
  });

  it('opens values sealed with an older key of the ring after a rotation', () => {
    const sealedBefore = new SecretSealer([old]).seal('s', 'c');
    const rotated = new SecretSealer([current, old]);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.open(sealedBefore, 'c')).toBe('s');
  });

  it('refuses a value whose key left the ring, another context, or tampered bytes', () => {
    const sealer = new SecretSealer([current]);
    expect(() => sealer.open(new SecretSealer([old]).seal('s', 'c'), 'c')).toThrow(UnsealError);
    const sealed = sealer.seal('s', 'tenant-a/1');
    expect(() => sealer.open(sealed, 'tenant-b/1')).toThrow(UnsealError);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x').toString('base64url');
    expect(() => sealer.open(parts.join('.'), 'tenant-a/1')).toThrow(UnsealError);
    expect(() => sealer.open('plain', 'tenant-a/1')).toThrow(UnsealError);
  });
});
