import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { problem, PROBLEM_CONTENT_TYPE } from '#switchboard/common';
import { timingSafeEqual } from 'node:crypto';
import type { ApiGatewayEvent, ApiGatewayResult } from '../lambda-types.js';
import { parseObject } from '../settings/load-settings.js';
import { isV2 } from './api-gateway.js';

/** The header CloudFront adds to every request it sends to the API (deploy/lib/stacks/frontend-stack.ts). */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
/** The address CloudFront saw the viewer connect from: `<ip>:<port>` (IPv6 unbracketed). */
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

/**
 * A request whose value matches none of those read re-reads the secret at most
 * this often: a rotation is picked up within seconds, while requests with a
 * wrong value (someone calling execute-api directly) cost at most one read per
 * container per interval. A request without the header never reads.
 */
export const EDGE_SECRET_REFRESH_MS = 5_000;
/** Values read are trusted this long: a value a rotation removed stops working within it. */
const MAX_AGE_MS = 60_000;

/**
 * The origin secret of the stage (`EDGE_ORIGIN_SECRET_ARN`: JSON `{ header, previous? }`).
 * CloudFront sends `header`; `previous` is accepted too while a rotation is under
 * way (docs/handbook/secrets.md). A request whose value matches none re-reads the
 * secret (at most once a minute), so a container started before a rotation
 * accepts the new value without a redeploy.
 */
export class EdgeOriginSecret {
  private values: Buffer[] = [];
  private readAt = -Infinity;

  constructor(private readonly secretArn: string) {}

  /** Whether `value` is one of the secret's current values. */
  async accepts(value: string | undefined): Promise<boolean> {
    if (!value) return false;
    if (performance.now() - this.readAt > MAX_AGE_MS) await this.read();
    if (this.matches(value)) return true;
    if (performance.now() - this.readAt < EDGE_SECRET_REFRESH_MS && this.values.length > 0) return false;
    await this.read();
    return this.matches(value);
  }

  /** Reads the secret now (at cold start, so a missing or unreadable secret fails the start). */
  async read(): Promise<void> {
    const raw = await getSecret(this.secretArn, { maxAge: EDGE_SECRET_REFRESH_MS / 1000, forceFetch: this.values.length > 0 });
    const secret = typeof raw === 'string' ? parseObject(raw) : undefined;
    const values = [secret?.header, secret?.previous].filter((v): v is string => typeof v === 'string' && v.length > 0);
    if (values.length === 0) throw new Error(`The origin secret ${this.secretArn} is not JSON with a non-empty "header"`);
    this.values = values.map((v) => Buffer.from(v));
    this.readAt = performance.now();
  }

  private matches(value: string): boolean {
    const given = Buffer.from(value);
    return this.values.some((v) => v.length === given.length && timingSafeEqual(v, given));
  }
}

/** The IP of a `CloudFront-Viewer-Address` value (`198.51.100.10:46532`, `2001:db8::1:46532`), or undefined. */
export function viewerIp(address: string | undefined): string | undefined {
  const colon = address?.lastIndexOf(':') ?? -1;
  if (!address || colon <= 0) return undefined;
  const ip = address.slice(0, colon).replace(/^\[|\]$/g, '');
  return /^[0-9a-f.:]+$/i.test(ip) ? ip : undefined;
}

/**
 * The event the app sees once the origin secret matched: the secret removed
 * (never logged, never readable by a feature), and the client address taken
 * from CloudFront-Viewer-Address, which only a request that came through
 * CloudFront can carry. Without that header the address API Gateway saw stays.
 */
export function fromEdge(event: ApiGatewayEvent): ApiGatewayEvent {
  const headers = { ...event.headers };
  const ip = viewerIp(headers[VIEWER_ADDRESS_HEADER]);
  delete headers[ORIGIN_VERIFY_HEADER];
  if (isV2(event)) {
    return {
      ...event,
      headers,
      requestContext: { ...event.requestContext, http: { ...event.requestContext.http, sourceIp: ip ?? event.requestContext.http.sourceIp } },
    };
  }
  const multiValueHeaders = event.multiValueHeaders ? { ...event.multiValueHeaders } : undefined;
  if (multiValueHeaders) delete multiValueHeaders[ORIGIN_VERIFY_HEADER];
  return {
    ...event,
    headers,
    multiValueHeaders,
    requestContext: { ...event.requestContext, identity: { ...event.requestContext.identity, sourceIp: ip ?? event.requestContext.identity?.sourceIp } },
  };
}

/** 403 for a request that did not come through the stage's CloudFront distribution. */
export function notThroughEdge(event: ApiGatewayEvent): ApiGatewayResult {
  const body = { ...problem(403, 'Requests reach this API through its CloudFront distribution only.'), requestId: event.requestContext.requestId };
  return { statusCode: 403, headers: { 'content-type': PROBLEM_CONTENT_TYPE }, body: JSON.stringify(body), isBase64Encoded: false };
}
