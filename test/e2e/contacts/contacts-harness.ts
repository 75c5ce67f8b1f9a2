import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FixedClock } from '@switchboard/common';
import { ContactsModule } from '@switchboard/contacts';
import { startTestIssuer, type TestIssuer, type TestTokenOptions } from '../../support/auth.js';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ContactsHarness {
  t: TestApp;
  issuer: TestIssuer;
  /** A SQL client on the app's database, for set-up and for checking what was stored. */
  sql: pg.Client;
  token(opts: TestTokenOptions): Promise<string>;
  /** JSON by default; a string body is sent as is with the content type given in headers. */
  api<T = any>(method: string, path: string, token: string | undefined, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

/**
 * Boots the contacts module alone (the way its Lambda boots) behind a real token
 * issuer, on its own database and its own queue names on the in-process SQS emulator.
 */
export async function startContactsHarness(options: { clock?: FixedClock; env?: Record<string, string> } = {}): Promise<ContactsHarness> {
  const issuer = await startTestIssuer();
  const t = await startFeatureApp([ContactsModule], {
    env: { ...issuer.env, SQS_ENDPOINT: undefined, QUEUE_NAME_PREFIX: `contacts-${randomBytes(4).toString('hex')}-`, ...options.env },
    clock: options.clock,
  });
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
    close: async () => {
      await sql.end();
      await t.close();
      await issuer.close();
    },
  };
}

/** `field:CODE` of each field error of a problem body. */
export const fieldsOf = (body: { errors?: { field: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.field}:${e.code}`);

/** Polls `check` until it returns a value other than undefined/null/false (the Jest timeout bounds it). */
export async function waitFor<T>(check: () => T | Promise<T>, pauseMs = 50): Promise<NonNullable<T>> {
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
