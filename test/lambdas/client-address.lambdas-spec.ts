import { toResponse, type HttpResult } from './support/api-gateway-events.js';
import { startLambdaTopology, type LambdaTopology } from './support/lambda-topology.js';

const PER_IP = 2;

/**
 * Issue 20 item 2: in a function the client is the address API Gateway saw
 * (`requestContext.http.sourceIp`, `requestContext.identity.sourceIp` in REST
 * events), never what the client wrote in X-Forwarded-For. Failed
 * authentications count against the per-IP window, so once one source address
 * has spent it, rotating the header must not buy more; another source address
 * keeps its own budget.
 */
describe('the client address of a function', () => {
  let topology: LambdaTopology;

  beforeAll(async () => {
    topology = await startLambdaTopology({ parameters: (p) => ({ ...p, RATE_LIMIT_IP_PER_MINUTE: String(PER_IP) }) });
  });
  afterAll(() => topology?.close());

  /** A forged-token request from `sourceIp` with its own X-Forwarded-For, as a v1 or v2 event; its status. */
  async function forged(format: 'v1' | 'v2', sourceIp: string, forwardedFor: string): Promise<number> {
    const routed = topology.httpEvent('GET', '/v1/calls', { token: 'forged.token.here', headers: { 'x-forwarded-for': forwardedFor } }, format)!;
    const context = routed.event.requestContext as { http?: { sourceIp: string }; identity?: { sourceIp: string } };
    if (format === 'v2') context.http!.sourceIp = sourceIp;
    else context.identity!.sourceIp = sourceIp;
    const { result } = await (await topology.fn(routed.functionName)).invoke<HttpResult>(routed.event);
    return toResponse(result).status;
  }

  it.each([
    ['HTTP API (v2)', 'v2', '198.51.100.20', '198.51.100.21'],
    ['REST API (v1)', 'v1', '198.51.100.30', '198.51.100.31'],
  ] as const)('%s: keys the per-IP window on sourceIp, whatever X-Forwarded-For says', async (_name, format, source, otherSource) => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await forged(format, source, `203.0.113.${i}, ${i % 2 ? source : '192.0.2.1'}`));
    expect(statuses).toEqual([...Array(PER_IP).fill(401), ...Array(12 - PER_IP).fill(429)]);
    // Another source address, claiming to be the throttled one, is judged on its own budget.
    expect(await forged(format, otherSource, source)).toBe(401);
  });
});
