/**
 * The day's common work of agents and supervisors, as single HTTP requests.
 * Shared by the replay runner (weighted random choice per user, open loop) and
 * bench:max (a fixed cycle per connection, closed loop), and mirrored by
 * locustfile.py.
 */
import type { LoadUser, TenantFixture } from './support/seed.js';

export const ENDPOINTS = [
  'GET /v1/contacts',
  'GET /v1/contacts/:id',
  'POST /v1/campaigns/:id/next-contact',
  'POST /v1/calls',
  'PATCH /v1/contacts/:id',
  'GET /v1/reports/campaigns/:id',
  'GET /v1/me',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface Step {
  endpoint: Endpoint;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: string;
}

/** Relative weights per role (the supervisors watch reports; agents dial). */
export const WEIGHTS: Record<LoadUser['role'], Record<Endpoint, number>> = {
  agent: {
    'GET /v1/contacts': 10,
    'GET /v1/contacts/:id': 20,
    'POST /v1/campaigns/:id/next-contact': 20,
    'POST /v1/calls': 20,
    'PATCH /v1/contacts/:id': 10,
    'GET /v1/reports/campaigns/:id': 5,
    'GET /v1/me': 15,
  },
  supervisor: {
    'GET /v1/contacts': 25,
    'GET /v1/contacts/:id': 20,
    'POST /v1/campaigns/:id/next-contact': 0,
    'POST /v1/calls': 0,
    'PATCH /v1/contacts/:id': 5,
    'GET /v1/reports/campaigns/:id': 35,
    'GET /v1/me': 15,
  },
};

/** One fixed round of the mix for closed-loop runs: next-contact is always followed by its call. */
export const CYCLE: Endpoint[] = [
  'GET /v1/me',
  'GET /v1/contacts',
  'GET /v1/contacts/:id',
  'POST /v1/campaigns/:id/next-contact',
  'POST /v1/calls',
  'PATCH /v1/contacts/:id',
  'GET /v1/reports/campaigns/:id',
  'GET /v1/contacts/:id',
  'GET /v1/reports/campaigns/:id',
  'GET /v1/contacts',
];

/** A small seeded PRNG (mulberry32), so runs draw the same sequence. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DISPOSITIONS = ['sale', 'no_answer', 'busy', 'voicemail', 'callback', 'not_interested'];

/** One simulated user: its token, its tenant's data, and the contact it is dialling. */
export class UserSession {
  /** The contact handed out by next-contact and not yet logged. */
  private held?: string;
  private readonly cumulative: [Endpoint, number][];
  private counter = 0;

  constructor(
    readonly user: LoadUser,
    readonly tenant: TenantFixture,
    readonly token: string,
    private readonly random: () => number,
  ) {
    let sum = 0;
    this.cumulative = ENDPOINTS.filter((e) => WEIGHTS[user.role][e] > 0).map((e) => [e, (sum += WEIGHTS[user.role][e])]);
  }

  /** A weighted random step; a call is logged only for a held contact (else the user pulls one first). */
  pick(): Step {
    const total = this.cumulative.at(-1)![1];
    const x = this.random() * total;
    let endpoint = this.cumulative.find(([, c]) => x < c)![0];
    if (endpoint === 'POST /v1/calls' && !this.held) endpoint = 'POST /v1/campaigns/:id/next-contact';
    else if (endpoint === 'POST /v1/campaigns/:id/next-contact' && this.held) endpoint = 'POST /v1/calls';
    return this.step(endpoint);
  }

  step(endpoint: Endpoint): Step {
    const contact = () => this.tenant.contactIds[Math.floor(this.random() * this.tenant.contactIds.length)]!;
    const campaign = this.tenant.campaignId;
    switch (endpoint) {
      case 'GET /v1/contacts':
        return { endpoint, method: 'GET', path: `/v1/contacts?limit=25${this.random() < 0.3 ? '&status=new' : ''}` };
      case 'GET /v1/contacts/:id':
        return { endpoint, method: 'GET', path: `/v1/contacts/${contact()}` };
      case 'POST /v1/campaigns/:id/next-contact':
        return { endpoint, method: 'POST', path: `/v1/campaigns/${campaign}/next-contact` };
      case 'POST /v1/calls': {
        const contactId = this.held ?? contact();
        this.held = undefined;
        const ended = Date.now() - 1000;
        const answered = this.random() < 0.6;
        const started = ended - 30_000 - Math.floor(this.random() * 240_000);
        const body = {
          contactId,
          campaignId: campaign,
          direction: 'outbound',
          startedAt: new Date(started).toISOString(),
          ...(answered ? { answeredAt: new Date(started + 9000).toISOString() } : {}),
          endedAt: new Date(ended).toISOString(),
          disposition: DISPOSITIONS[Math.floor(this.random() * DISPOSITIONS.length)],
          notes: 'load test call',
        };
        return { endpoint, method: 'POST', path: '/v1/calls', body: JSON.stringify(body) };
      }
      case 'PATCH /v1/contacts/:id': {
        const body = { status: 'contacted', fields: { source: 'seed', score: this.counter++ % 100, vip: false, lastTouch: 'load' } };
        return { endpoint, method: 'PATCH', path: `/v1/contacts/${contact()}`, body: JSON.stringify(body) };
      }
      case 'GET /v1/reports/campaigns/:id':
        return { endpoint, method: 'GET', path: `/v1/reports/campaigns/${campaign}` };
      case 'GET /v1/me':
        return { endpoint, method: 'GET', path: '/v1/me' };
    }
  }

  /** Learns from a response: the contact next-contact handed out. */
  observe(step: Step, status: number, body: string): void {
    if (step.endpoint !== 'POST /v1/campaigns/:id/next-contact' || status !== 200) return;
    try {
      this.held = (JSON.parse(body) as { contact: { id: string } }).contact.id;
    } catch {
      this.held = undefined;
    }
  }
}

/** Whether a status is the expected answer of an endpoint (anything else is an error). */
export function isExpected(endpoint: Endpoint, status: number): boolean {
  if (endpoint === 'POST /v1/calls') return status === 201;
  if (endpoint === 'POST /v1/campaigns/:id/next-contact') return status === 200 || status === 204;
  return status === 200;
}
