import type { ApiResponse, Topology } from '../support/topology.js';

/**
 * One contract check, written once and run against every topology: the
 * one-process server over HTTP and the bundled functions behind API Gateway
 * events. It talks HTTP only, so it holds whichever way the code is deployed.
 */
export interface Scenario {
  /** The registry entry (function) the scenario is about. */
  feature: string;
  name: string;
  run(t: Topology): Promise<void>;
}

/** Opens the admin's tenant's legal calling hours round the clock (00:00–23:59), so a round-the-clock campaign window is allowed. */
export async function roundTheClock(t: Topology, adminToken: string): Promise<void> {
  expectStatus(await t.request('PATCH', '/v1/tenant/settings', { token: adminToken, body: { callingHours: { start: '00:00', end: '23:59' } } }), 200);
}

/** Fails with the response when its status is not the expected one (clearer than a bare number diff). */
export function expectStatus(res: ApiResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

/** Asserts an RFC 9457 problem with a stable code. */
export function expectProblem(res: ApiResponse, status: number, code: string): void {
  expectStatus(res, status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: `https://switchboard.dev/problems/${code}` });
}

/** Polls until `check` returns something truthy (queued work); the Jest timeout bounds it. */
export async function eventually<T>(t: Topology, check: () => Promise<T>): Promise<NonNullable<T>> {
  for (;;) {
    await t.deliverQueued();
    const value = await check();
    if (value) return value as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
