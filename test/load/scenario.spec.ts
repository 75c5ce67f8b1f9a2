import { CYCLE, ENDPOINTS, isExpected, rng, UserSession, WEIGHTS } from './scenario.js';
import type { LoadUser, TenantFixture } from './support/seed.js';

const tenant: TenantFixture = {
  tenant: 'tenant-01',
  campaignId: '11111111-1111-4111-8111-111111111111',
  contactIds: ['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'],
};
const agent: LoadUser = { tenant: 'tenant-01', role: 'agent', sub: 'load|tenant-01|agent-1', name: 'Agent 1' };
const supervisor: LoadUser = { ...agent, role: 'supervisor', sub: 'load|tenant-01|supervisor-17' };

describe('UserSession', () => {
  it('logs a call only for the contact next-contact handed out, then pulls a new one', () => {
    const session = new UserSession(agent, tenant, 't', rng(1));
    const first = session.step('POST /v1/campaigns/:id/next-contact');
    session.observe(first, 200, JSON.stringify({ contact: { id: tenant.contactIds[1] } }));
    // With a contact held, a drawn next-contact turns into logging its call.
    const steps = Array.from({ length: 200 }, () => session.pick());
    const firstCall = steps.find((s) => s.endpoint === 'POST /v1/calls')!;
    expect(JSON.parse(firstCall.body!)).toMatchObject({ contactId: tenant.contactIds[1], campaignId: tenant.campaignId, direction: 'outbound' });
    expect(steps.slice(0, steps.indexOf(firstCall)).some((s) => s.endpoint === 'POST /v1/campaigns/:id/next-contact')).toBe(false);
  });

  it('never has an agent log a call before holding a contact', () => {
    const session = new UserSession(agent, tenant, 't', rng(7));
    expect(session.pick().endpoint).not.toBe('POST /v1/calls');
    const drawn = Array.from({ length: 500 }, () => session.pick().endpoint);
    expect(drawn).not.toContain('POST /v1/calls'); // nothing observed: never held
  });

  it('gives supervisors no dialling work and both roles every other endpoint', () => {
    const session = new UserSession(supervisor, tenant, 't', rng(3));
    const drawn = new Set(Array.from({ length: 2000 }, () => session.pick().endpoint));
    expect([...drawn].sort()).toEqual(ENDPOINTS.filter((e) => WEIGHTS.supervisor[e] > 0).sort());
  });

  it('writes call times in order and PATCH bodies the API accepts', () => {
    const session = new UserSession(agent, tenant, 't', rng(5));
    const call = JSON.parse(session.step('POST /v1/calls').body!);
    expect(Date.parse(call.startedAt)).toBeLessThan(Date.parse(call.endedAt));
    if (call.answeredAt) expect(Date.parse(call.answeredAt)).toBeGreaterThanOrEqual(Date.parse(call.startedAt));
    expect(['do_not_call', undefined]).not.toContain(call.disposition);
    expect(JSON.parse(session.step('PATCH /v1/contacts/:id').body!)).toMatchObject({ status: 'contacted', fields: expect.any(Object) });
  });

  it('draws the same sequence from the same seed', () => {
    const a = new UserSession(agent, tenant, 't', rng(42));
    const b = new UserSession(agent, tenant, 't', rng(42));
    expect(Array.from({ length: 50 }, () => a.pick().path)).toEqual(Array.from({ length: 50 }, () => b.pick().path));
  });
});

describe('the closed-loop cycle and expected statuses', () => {
  it('follows every next-contact with its call', () => {
    CYCLE.forEach((e, i) => {
      if (e === 'POST /v1/campaigns/:id/next-contact') expect(CYCLE[i + 1]).toBe('POST /v1/calls');
    });
  });

  it.each([
    ['POST /v1/calls', 201, true],
    ['POST /v1/calls', 200, false],
    ['POST /v1/campaigns/:id/next-contact', 204, true],
    ['GET /v1/me', 200, true],
    ['GET /v1/me', 429, false],
  ] as const)('%s answering %i is expected: %s', (endpoint, status, expected) => {
    expect(isExpected(endpoint, status)).toBe(expected);
  });
});
