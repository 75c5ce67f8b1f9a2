import { request as httpRequest } from 'node:http';

/** What one request came to: a status (0 when no HTTP answer arrived) and how long it took. */
export interface Outcome {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, when there is one: read its fields with `fieldsOf` and `stringField`. */
  body?: unknown;
  ms: number;
  /** Network-level failure (ECONNREFUSED, ECONNRESET, TimeoutError…) when status is 0. */
  error?: string;
}

export interface RequestSpec {
  method: string;
  /** Path and query, e.g. `/v1/contacts?limit=5`. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Client-side bound: longer is recorded as a hang (status 0, TimeoutError). */
  timeoutMs?: number;
}

/** Sends one request; never throws (network failures come back as status 0). */
export async function send(baseUrl: string, spec: RequestSpec): Promise<Outcome> {
  // fetch refuses a body on GET/HEAD; a client on the wire need not.
  if (spec.body !== undefined && (spec.method === 'GET' || spec.method === 'HEAD')) return sendRaw(baseUrl, spec);
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}${spec.path}`, {
      method: spec.method,
      headers: spec.headers,
      body: spec.body,
      signal: AbortSignal.timeout(spec.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, text, body, ms: performance.now() - started };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const error = e.name === 'TimeoutError' ? 'TimeoutError' : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { status: 0, headers: new Headers(), text: '', ms: performance.now() - started, error };
  }
}

/** The same over node:http, which sends whatever it is given. */
function sendRaw(baseUrl: string, spec: RequestSpec): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (o: Omit<Outcome, 'ms'>) => resolve({ ...o, ms: performance.now() - started });
    const headers = { ...spec.headers, 'content-length': String(Buffer.byteLength(spec.body ?? '')) };
    const req = httpRequest(`${baseUrl}${spec.path}`, { method: spec.method, headers, timeout: spec.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (err: NodeJS.ErrnoException) => done({ status: 0, headers: new Headers(), text: '', error: err.code ?? err.message }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const received = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) received.set(name, String(value));
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        done({ status: res.statusCode ?? 0, headers: received, text, body });
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('TimeoutError'), { code: 'TimeoutError' })));
    req.on('error', (err: NodeJS.ErrnoException) => done({ status: 0, headers: new Headers(), text: '', error: err.code ?? err.message }));
    req.end(spec.body);
  });
}

/** The answer's JSON object (an empty one when the body is not an object), to read its fields. */
export function fieldsOf(o: Outcome): Record<string, unknown> {
  return o.body !== null && typeof o.body === 'object' && !Array.isArray(o.body) ? (o.body as Record<string, unknown>) : {};
}

/** A string field of the answer (a created resource's `id`, an accepted event's `eventId`); throws when there is none. */
export function stringField(o: Outcome, key: string): string {
  const value = fieldsOf(o)[key];
  if (typeof value !== 'string') throw new Error(`no string "${key}" in the answer: ${o.status} ${o.text.slice(0, 300)}`);
  return value;
}

/** A JSON request with a bearer token. */
export function json(method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}): RequestSpec {
  return {
    method,
    path,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}

/**
 * Why a 4xx/5xx answer is not RFC 9457 problem details as the API promises
 * (`application/problem+json` with `status`, `code` and `title`), or undefined
 * when it is.
 */
export function problemViolation(o: Outcome): string | undefined {
  if (o.status < 400) return undefined;
  const type = o.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) return `content-type "${type}"`;
  const body = o.body as { status?: unknown; code?: unknown; title?: unknown } | undefined;
  if (!body || typeof body !== 'object') return 'body is not a JSON object';
  if (body.status !== o.status) return `body.status ${String(body.status)} ≠ ${o.status}`;
  if (typeof body.code !== 'string' || !body.code) return 'no code';
  if (typeof body.title !== 'string' || !body.title) return 'no title';
  return undefined;
}

/** One line describing an outcome, for failure messages. */
export function describe(spec: Pick<RequestSpec, 'method' | 'path'>, o: Outcome): string {
  const what = o.status ? `${o.status} ${o.text.slice(0, 300)}` : o.error;
  return `${spec.method} ${spec.path.slice(0, 160)} → ${what}`;
}
