import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { FixedClock } from '@switchboard/common';
import type { Type } from '@nestjs/common';
import { CampaignsModule } from '@switchboard/campaigns';
import { startTestIssuer, type TestIssuer, type TestTokenOptions } from '../../support/auth.js';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CampaignsHarness {
  t: TestApp;
  issuer: TestIssuer;
  sql: pg.Client;
  token(opts: TestTokenOptions): Promise<string>;
  api<T = any>(method: string, path: string, token: string | undefined, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  createCampaign(token: string, overrides?: Record<string, unknown>): Promise<any>;
  insertContacts(tenant: string, count: number, fields?: { status?: string; deleted?: boolean }): Promise<string[]>;
  close(): Promise<void>;
}

let phoneSeq = 0;

/** Boots the campaigns module (with `extra` modules) behind a real token issuer, plus a SQL client on its database. */
export async function startCampaignsHarness(options: { clock?: FixedClock; env?: Record<string, string>; modules?: Type[] } = {}): Promise<CampaignsHarness> {
  const issuer = await startTestIssuer();
  const t = await startFeatureApp([...(options.modules ?? []), CampaignsModule], { env: { ...issuer.env, ...options.env }, clock: options.clock });
  const sql = new pg.Client({ connectionString: t.db.url });
  await sql.connect();

  const api = async <T>(method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
  };

  return {
    t,
    issuer,
    sql,
    token: (opts) => issuer.token(opts),
    api,
    createCampaign: async (token, overrides = {}) => {
      const res = await api('POST', '/v1/campaigns', token, {
        name: 'Spring renewals',
        callerId: '+14155550100',
        timezone: 'UTC',
        window: { start: '00:00', end: '23:59' },
        ...overrides,
      });
      if (res.status !== 201) throw new Error(`create campaign: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    insertContacts: async (tenant, count, fields = {}) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        phoneSeq += 1;
        await sql.query(
          `INSERT INTO contacts (id, tenant_id, name, phone, email, status, deleted_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, tenant, `Contact ${phoneSeq}`, `+1415555${String(phoneSeq).padStart(4, '0')}`, `c${phoneSeq}@example.com`, fields.status ?? 'new', fields.deleted ? new Date() : null],
        );
        ids.push(id);
      }
      return ids;
    },
    close: async () => {
      await sql.end();
      await t.close();
      await issuer.close();
    },
  };
}
