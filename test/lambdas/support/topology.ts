import { randomBytes } from 'node:crypto';
import type { TestIssuer, TestTokenOptions } from '../../support/auth.js';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** The parsed JSON body (undefined when empty; the text when not JSON), as the caller expects it to be. */
  body: T;
}

/** A resource as scenarios read it: its id by name, the other fields for assertions to check. */
export interface Resource {
  id: string;
  [field: string]: unknown;
}

/** A list answer (keyset paging). */
export interface Page<T = Resource> {
  items: T[];
  nextCursor: string | null;
}

/** An RFC 9457 problem, with the validation errors when there are some. */
export interface Problem {
  status: number;
  code: string;
  errors?: { field: string; code: string; message: string }[];
  [field: string]: unknown;
}

export interface RequestOptions {
  token?: string;
  /** Sent as JSON unless a string (then sent as is, with `headers` saying its type). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a scenario sees of the system: HTTP in, HTTP out, plus the few hooks a topology must provide. */
export interface Topology {
  name: string;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  token(options: TestTokenOptions): Promise<string>;
  /** The development webhook secret (no key id); functions run in production and ignore it: scenarios sign with a tenant's key. */
  webhookSecret: string;
  /**
   * Lets queued work run: nothing to do in the one-process server (its pollers
   * consume), while the decoupled topology receives the queued messages and
   * delivers them to the worker functions as SQS events.
   */
  deliverQueued(): Promise<void>;
}

/** The one place a response is decoded, so both topologies parse alike. */
export function decode<T = unknown>(status: number, headers: Headers, text: string): ApiResponse<T> {
  let body: unknown = text === '' ? undefined : text;
  if (text && /json/.test(headers.get('content-type') ?? '')) body = JSON.parse(text);
  return { status, headers, body: body as T };
}

/** Request headers and body for `options`, the same in both topologies. */
export function encode(options: RequestOptions): { headers: Record<string, string>; body?: string } {
  const headers: Record<string, string> = { accept: 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
  if (options.body === undefined) return { headers: { ...headers, ...options.headers } };
  if (typeof options.body === 'string') return { headers: { ...headers, ...options.headers }, body: options.body };
  return { headers: { ...headers, 'content-type': 'application/json', ...options.headers }, body: JSON.stringify(options.body) };
}

/** A tenant no other scenario or test file uses (the suite shares one database and one Redis). */
export const newTenant = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

/** A valid US number, unique across the suite run. */
export const newPhone = () => `+1202${String(2_000_000 + Math.floor(Math.random() * 7_999_999)).slice(0, 7)}`;

export type { TestIssuer };
