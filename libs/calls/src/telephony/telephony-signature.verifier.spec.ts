import type { TelephonySigningSecrets, TenantSigningSecret } from './signing-keys/telephony-signing-secrets.js';
import { signTelephonyPayload } from './telephony-signature.js';
import { TelephonySignatureVerifier } from './telephony-signature.verifier.js';

const body = Buffer.from('{"tenantId":"acme"}');
const now = 1_790_000_000;
const acmeKey: TenantSigningSecret = { kid: 'whk_acme', tenantId: 'acme', secret: 'whsec_acme' };

/** The key store as the verifier sees it: the named keys that exist. */
const keyStore = (keys: TenantSigningSecret[]) =>
  ({ forKeyIds: async (kids: readonly string[]) => keys.filter((k) => kids.includes(k.kid)) }) as TelephonySigningSecrets;

const verifier = (nodeEnv: 'production' | 'development', devSecrets?: string[]) =>
  new TelephonySignatureVerifier({ devSecrets, toleranceSeconds: 300, invalidSignaturesPerMinute: 60 }, { nodeEnv } as never, keyStore([acmeKey]));

const codeOf = (promise: Promise<void>) =>
  promise.then(
    () => 'valid',
    (err: { code: string }) => err.code,
  );

describe('TelephonySignatureVerifier', () => {
  it("accepts a tenant's key for its own tenant, in production too", async () => {
    const header = signTelephonyPayload(acmeKey.secret, body, now, acmeKey.kid);
    await expect(codeOf(verifier('production').verify(header, body, 'acme', now))).resolves.toBe('valid');
  });

  it("refuses the same key for another tenant's event", async () => {
    const header = signTelephonyPayload(acmeKey.secret, body, now, acmeKey.kid);
    await expect(codeOf(verifier('production').verify(header, body, 'globex', now))).resolves.toBe('TELEPHONY.SIGNATURE_WRONG_TENANT');
  });

  it('in production the development secret authorises nothing: a signature must name a key', async () => {
    const header = signTelephonyPayload('dev-webhook-secret', body, now);
    await expect(codeOf(verifier('production', ['dev-webhook-secret']).verify(header, body, 'acme', now))).resolves.toBe('TELEPHONY.SIGNATURE_KEY_MISSING');
    await expect(codeOf(verifier('development', ['dev-webhook-secret']).verify(header, body, 'acme', now))).resolves.toBe('valid');
  });

  it('a key id does not fall back to the development secret', async () => {
    const header = signTelephonyPayload('dev-webhook-secret', body, now, 'whk_unknown');
    await expect(codeOf(verifier('development', ['dev-webhook-secret']).verify(header, body, 'acme', now))).resolves.toBe('TELEPHONY.SIGNATURE_INVALID');
  });

  it('checks the timestamp before any key look-up', async () => {
    const header = signTelephonyPayload(acmeKey.secret, body, now - 301, acmeKey.kid);
    await expect(codeOf(verifier('production').verify(header, body, 'acme', now))).resolves.toBe('TELEPHONY.SIGNATURE_EXPIRED');
  });
});
