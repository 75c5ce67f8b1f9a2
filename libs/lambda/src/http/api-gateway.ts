import { problem, PROBLEM_CONTENT_TYPE } from '#switchboard/common';
import type { ApiGatewayEvent, ApiGatewayResult, ApiGatewayV1Event } from '../lambda-types.js';

export function isV2(event: ApiGatewayEvent): event is Extract<ApiGatewayEvent, { version: '2.0' }> {
  return event.version === '2.0';
}

/**
 * Prepares an API Gateway event for serverless-express:
 * - REST (v1) events routed by `ANY <prefix>/{proxy+}` carry only the part after
 *   the prefix in `pathParameters.proxy`, which serverless-express would take as
 *   the whole path; the full `path` is what the Nest routes expect.
 * - Header names are lower-cased (REST events keep the client's casing).
 * - The API Gateway request id becomes `X-Request-Id` when the caller sent none,
 *   so access logs, problem details and the response share one id with API Gateway's logs.
 */
export function normaliseEvent(event: ApiGatewayEvent): ApiGatewayEvent {
  const headers = lowerCaseKeys(event.headers ?? {});
  headers['x-request-id'] ??= event.requestContext.requestId;
  if (isV2(event)) return { ...event, headers };
  const v1: ApiGatewayV1Event = { ...event, headers, pathParameters: null };
  if (event.multiValueHeaders) {
    v1.multiValueHeaders = { ...lowerCaseKeys(event.multiValueHeaders), 'x-request-id': [headers['x-request-id']!] };
  }
  return v1;
}

function lowerCaseKeys<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key.toLowerCase()] = value;
  return out;
}

/** The answer when the function cannot start (a bad setting, the database down at cold start). */
export function startupFailure(event: ApiGatewayEvent): ApiGatewayResult {
  const body = { ...problem(503, 'The service is starting or unavailable; try again shortly.'), requestId: event.requestContext.requestId };
  return { statusCode: 503, headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'retry-after': '5' }, body: JSON.stringify(body), isBase64Encoded: false };
}
