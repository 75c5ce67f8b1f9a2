import type { Type } from '@nestjs/common';
import type { FixedClock } from '#switchboard/common';
import pg from 'pg';
import { startTestIssuer, type TestIssuer, type TestTokenOptions } from './auth.js';
import { startFeatureApp, type TestApp } from './test-app.js';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** One HTTP call with an optional bearer token; JSON unless `body` is a string (sent as is). */
export type ApiCall = <T = unknown>(method: string, path: string, token?: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResponse<T>>;

/** A client for the API at `baseUrl`, the way any HTTP client sees it. */
export function apiClient(baseUrl: string): ApiCall {
  return async <T>(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
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
}

export interface FeatureHarness {
  t: TestApp;
  issuer: TestIssuer;
  /** A SQL client on the app's database, for set-up and for checking what was stored. */
  sql: pg.Client;
  token(opts: TestTokenOptions): Promise<string>;
  api: ApiCall;
  close(): Promise<void>;
}

export interface FeatureHarnessOptions {
  env?: Record<string, string | undefined>;
  clock?: FixedClock;
}

/**
 * Boots feature modules alone (the way their Lambda boots them) behind a real
 * token issuer, on a fresh database, with a SQL client on it.
 */
export async function startFeatureHarness(modules: Type[], options: FeatureHarnessOptions = {}): Promise<FeatureHarness> {
  const issuer = await startTestIssuer();
  const t = await startFeatureApp(modules, { env: { ...issuer.env, ...options.env }, clock: options.clock });
  const sql = new pg.Client({ connectionString: t.db.url });
  await sql.connect();
  return {
    t,
    issuer,
    sql,
    token: (opts) => issuer.token(opts),
    api: apiClient(t.url),
    close: async () => {
      await sql.end();
      await t.close();
      await issuer.close();
    },
  };
}

/** `field:CODE` of each field error of a problem body. */
export const fieldsOf = (body: { errors?: { field: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.field}:${e.code}`);

/** Polls `check` until it returns something other than undefined/null/false (the Jest timeout bounds it). */
export async function waitFor<T>(check: () => T | Promise<T>, pauseMs = 25): Promise<NonNullable<T>> {
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
