import { WebhookUrlRefusedError } from '../webhooks.errors.js';
import type { WebhooksConfig } from '../webhooks.config.js';
import type { ResolvedAddress, TargetResolver } from './target-resolver.js';
import { WebhookTarget } from './webhook-target.js';

/** DNS as the test says it is (a name may change its answer, as in a rebinding attack). */
class ScriptedResolver implements Pick<TargetResolver, 'resolve'> {
  readonly names = new Map<string, string>();
  resolve(hostname: string): Promise<ResolvedAddress[]> {
    const address = this.names.get(hostname);
    if (!address) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    return Promise.resolve([{ address, family: address.includes(':') ? 6 : 4 }]);
  }
}

const target = (policy: 'refuse' | 'allow-loopback', resolver = new ScriptedResolver()) =>
  new WebhookTarget(resolver as unknown as TargetResolver, { privateTargets: policy, retryBaseSeconds: undefined } as WebhooksConfig);

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'accepted';
  } catch (err) {
    return err instanceof WebhookUrlRefusedError ? err.errors![0]!.code : String(err);
  }
};

/** Runs the socket lookup a delivery would use. */
const lookup = (t: WebhookTarget, hostname: string) =>
  new Promise<string>((resolve, reject) =>
    t.lookupFor()(hostname, { all: false }, (err, address) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(address as string))),
  );

describe('WebhookTarget', () => {
  it('in production (refuse) takes only https to public addresses', async () => {
    const dns = new ScriptedResolver();
    dns.names.set('crm.example.com', '203.0.113.7');
    dns.names.set('inside.example.com', '10.0.0.8');
    dns.names.set('localhost', '127.0.0.1');
    const t = target('refuse', dns);
    expect(await codeOf(t.assertAcceptable('https://crm.example.com/hook'))).toBe('accepted');
    expect(await codeOf(t.assertAcceptable('https://inside.example.com/hook'))).toBe('PRIVATE_ADDRESS');
    expect(await codeOf(t.assertAcceptable('https://localhost/hook'))).toBe('PRIVATE_ADDRESS');
    expect(await codeOf(t.assertAcceptable('http://localhost:3000/hook'))).toBe('HTTPS_REQUIRED');
    expect(await codeOf(t.assertAcceptable('https://[fe80::1]/hook'))).toBe('PRIVATE_ADDRESS');
    expect(await codeOf(t.assertAcceptable('https://user:pw@crm.example.com/'))).toBe('INVALID_URL');
    expect(await codeOf(t.assertAcceptable('ftp://crm.example.com/'))).toBe('HTTPS_REQUIRED');
  });

  it('in development allows loopback receivers over http, and nothing else private', async () => {
    const t = target('allow-loopback');
    expect(await codeOf(t.assertAcceptable('http://localhost:4000/hook'))).toBe('accepted');
    expect(await codeOf(t.assertAcceptable('http://127.0.0.1:4000/hook'))).toBe('accepted');
    expect(await codeOf(t.assertAcceptable('http://[::1]:4000/hook'))).toBe('accepted');
    expect(await codeOf(t.assertAcceptable('http://crm.example.com/hook'))).toBe('HTTPS_REQUIRED');
    expect(await codeOf(t.assertAcceptable('https://192.168.1.20/hook'))).toBe('PRIVATE_ADDRESS');
  });

  it('checks again at delivery: a name that turned private is refused by the lookup the socket uses', async () => {
    const dns = new ScriptedResolver();
    dns.names.set('hooks.example.com', '203.0.113.7');
    const t = target('refuse', dns);
    expect(await codeOf(t.assertAcceptable('https://hooks.example.com/x'))).toBe('accepted');
    await expect(lookup(t, 'hooks.example.com')).resolves.toBe('203.0.113.7');
    dns.names.set('hooks.example.com', '169.254.169.254');
    await expect(lookup(t, 'hooks.example.com')).rejects.toBeInstanceOf(WebhookUrlRefusedError);
  });

  it('accepts a name that does not resolve yet (checked at each delivery), and its lookup fails then', async () => {
    const t = target('refuse');
    expect(await codeOf(t.assertAcceptable('https://not-yet.example.com/x'))).toBe('accepted');
    await expect(lookup(t, 'not-yet.example.com')).rejects.toThrow(/ENOTFOUND/);
  });
});
