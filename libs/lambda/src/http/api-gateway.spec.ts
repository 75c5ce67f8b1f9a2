import type { ApiGatewayV1Event, ApiGatewayV2Event } from '../lambda-types.js';
import { normaliseEvent } from './api-gateway.js';

describe('normaliseEvent', () => {
  const v1: ApiGatewayV1Event = {
    resource: '/v1/contacts/{proxy+}',
    path: '/v1/contacts/42',
    httpMethod: 'GET',
    headers: { Authorization: 'Bearer x', 'Content-Type': 'application/json' },
    multiValueHeaders: { Authorization: ['Bearer x'], 'Content-Type': ['application/json'] },
    pathParameters: { proxy: '42' },
    requestContext: { requestId: 'apigw-1' },
    body: null,
    isBase64Encoded: false,
  };

  it('drops {proxy+} from REST events so the full path is routed, and lower-cases header names', () => {
    const out = normaliseEvent(v1) as ApiGatewayV1Event;
    expect(out.pathParameters).toBeNull();
    expect(out.path).toBe('/v1/contacts/42');
    expect(out.headers).toEqual({ authorization: 'Bearer x', 'content-type': 'application/json', 'x-request-id': 'apigw-1' });
    expect(out.multiValueHeaders).toEqual({ authorization: ['Bearer x'], 'content-type': ['application/json'], 'x-request-id': ['apigw-1'] });
  });

  it("keeps a caller's X-Request-Id and leaves HTTP API events' path alone", () => {
    const v2: ApiGatewayV2Event = {
      version: '2.0',
      rawPath: '/v1/me',
      rawQueryString: '',
      headers: { 'x-request-id': 'mine' },
      requestContext: { requestId: 'apigw-2', http: { method: 'GET', path: '/v1/me', sourceIp: '203.0.113.7' } },
      isBase64Encoded: false,
    };
    expect(normaliseEvent(v2)).toEqual({ ...v2, headers: { 'x-request-id': 'mine' } });
  });
});
