import { ApiError, toProblem } from './problem.js';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  /** JSON-encoded unless `contentType` is given (then sent as is, e.g. CSV text). */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  /** Origin of the API; empty for the same origin as the console. */
  baseUrl: string;
  /** The bearer token to send, or null for public routes (dev sign-in). */
  getToken: () => Promise<string | null>;
  /** Called on any 401, e.g. to end an expired session. */
  onUnauthorized?: (error: ApiError) => void;
  fetch?: typeof fetch;
}

/** A conditional GET's answer: the body and its ETag, or `notModified` (304) when the ETag sent still holds. */
export type Conditional<T> = { notModified: true } | { notModified: false; body: T; etag: string | null };

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** GET with If-None-Match: for lists polled every few seconds (the agent board). */
  getConditional<T>(path: string, query: Query | undefined, etag: string | null): Promise<Conditional<T>>;
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete(path: string): Promise<void>;
}

/** `?a=1&b=x`, leaving out empty values. */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * A small fetch wrapper: bearer token, JSON in and out, and every failure as
 * an ApiError holding the server's problem details. 204 resolves to undefined.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await send(method, path, opts);
    if (res.status === 204) return undefined as T;
    return (await payloadOf(res)) as T;
  }

  async function getConditional<T>(path: string, query: Query | undefined, etag: string | null): Promise<Conditional<T>> {
    const res = await send('GET', path, { query }, etag ? { 'if-none-match': etag } : {});
    if (res.status === 304) return { notModified: true };
    return { notModified: false, body: (await payloadOf(res)) as T, etag: res.headers.get('etag') };
  }

  /** The body of a successful answer; an ApiError with the server's problem otherwise. */
  async function payloadOf(res: Response): Promise<unknown> {
    const payload = await readBody(res);
    if (!res.ok) {
      const error = new ApiError(toProblem(res.status, res.statusText, payload));
      if (res.status === 401) options.onUnauthorized?.(error);
      throw error;
    }
    return payload;
  }

  async function send(method: string, path: string, opts: RequestOptions, extraHeaders: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...extraHeaders };
    const token = await options.getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] = opts.contentType ?? 'application/json';
      body = opts.contentType ? (opts.body as BodyInit) : JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await doFetch(`${options.baseUrl}${path}${queryString(opts.query)}`, { method, headers, body, signal: opts.signal });
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err;
      throw new ApiError({ title: 'Network error', status: 0, detail: `The server could not be reached (${(err as Error)?.message ?? err}).` });
    }
    return res;
  }

  return {
    request,
    getConditional,
    get: (path, query) => request('GET', path, { query }),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    put: (path, body) => request('PUT', path, { body }),
    patch: (path, body) => request('PATCH', path, { body }),
    delete: (path) => request('DELETE', path),
  };
}
