import { randomUUID } from 'node:crypto';
import type { ApiGatewayResult } from '#switchboard/lambda';
import type { RegistryEntry } from '#switchboard/registry';

export interface HttpRequest {
  method: string;
  /** Path and query, e.g. `/v1/contacts?limit=2`. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What an HTTP function answers: API Gateway's result, either payload version. */
export type HttpResult = ApiGatewayResult;

/** The registry entry whose routes API Gateway would match: `ANY <prefix>` or `ANY <prefix>/{proxy+}`. */
export function routeOf(entries: readonly RegistryEntry[], path: string): { entry: RegistryEntry; prefix: string } | undefined {
  let best: { entry: RegistryEntry; prefix: string } | undefined;
  for (const entry of entries) {
    for (const prefix of entry.prefixes) {
      const matches = path === prefix || path.startsWith(`${prefix}/`);
      if (matches && (!best || prefix.length > best.prefix.length)) best = { entry, prefix };
    }
  }
  return best;
}

/** An API Gateway HTTP API (payload 2.0) event on the `$default` stage, as the service builds it. */
export function httpApiEvent(req: HttpRequest, prefix: string): Record<string, unknown> {
  const url = new URL(req.url, 'https://api.example.com');
  const headers: Record<string, string> = { host: 'api.example.com', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  const cookies = headers.cookie?.split(/;\s*/);
  delete headers.cookie;
  const proxy = url.pathname === prefix ? undefined : url.pathname.slice(prefix.length + 1);
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: `ANY ${prefix}${proxy === undefined ? '' : '/{proxy+}'}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    ...(proxy !== undefined ? { pathParameters: { proxy } } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'switchboard',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: req.method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: headers['user-agent'] ?? 'contract-suite' },
      requestId,
      routeKey: `ANY ${prefix}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(req.body !== undefined ? { body: req.body } : {}),
    isBase64Encoded: false,
  };
}

/** An API Gateway REST API (payload 1.0) proxy event, stage `prod`. */
export function restApiEvent(req: HttpRequest, prefix: string): Record<string, unknown> {
  const url = new URL(req.url, 'https://api.example.com');
  const headers: Record<string, string> = { Host: 'api.example.com', 'X-Forwarded-Proto': 'https', ...req.headers };
  const proxy = url.pathname === prefix ? undefined : url.pathname.slice(prefix.length + 1);
  const query = [...url.searchParams.keys()];
  return {
    resource: proxy === undefined ? prefix : `${prefix}/{proxy+}`,
    path: url.pathname,
    httpMethod: req.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: query.length ? Object.fromEntries(url.searchParams) : null,
    multiValueQueryStringParameters: query.length ? Object.fromEntries(query.map((k) => [k, url.searchParams.getAll(k)])) : null,
    pathParameters: proxy === undefined ? null : { proxy },
    stageVariables: null,
    requestContext: {
      accountId: '000000000000',
      apiId: 'switchboard',
      resourcePath: proxy === undefined ? prefix : `${prefix}/{proxy+}`,
      httpMethod: req.method,
      path: `/prod${url.pathname}`,
      stage: 'prod',
      requestId: randomUUID(),
      identity: { sourceIp: '203.0.113.7' },
    },
    body: req.body ?? null,
    isBase64Encoded: false,
  };
}

/** Turns a function's answer back into what the client receives through API Gateway. */
export function toResponse(result: HttpResult): { status: number; headers: Headers; text: string } {
  const headers = new Headers();
  for (const [k, v] of Object.entries(result.headers ?? {})) headers.set(k, v);
  for (const [k, values] of Object.entries(result.multiValueHeaders ?? {})) for (const v of values) headers.append(k, v);
  for (const cookie of result.cookies ?? []) headers.append('set-cookie', cookie);
  const text = result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : (result.body ?? '');
  return { status: result.statusCode, headers, text };
}

/** EventBridge's event for the rule with a schedule expression that invokes `functionName`. */
export function scheduledEvent(functionName: string): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-west-2',
    resources: [`arn:aws:events:us-west-2:000000000000:rule/${functionName}`],
    detail: {},
  };
}
