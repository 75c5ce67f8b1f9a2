import { SCENARIOS } from './scenarios/index.js';
import { startOneProcessTopology } from './support/one-process-topology.js';
import type { Topology } from './support/topology.js';

// The server runs on Fastify by default and on Express with HTTP_ADAPTER=express
// (the functions' adapter): the same scenarios hold on both.
describe.each(['fastify', 'express'] as const)('contract scenarios: one-process server over HTTP on %s', (adapter) => {
  let topology: Topology & { adapter: string; close(): Promise<void> };
  beforeAll(async () => {
    topology = await startOneProcessTopology(adapter);
    expect(topology.adapter).toBe(adapter);
  });
  afterAll(() => topology?.close());

  it.each(SCENARIOS.map((s) => [`${s.feature}: ${s.name}`, s] as const))('%s', async (_name, scenario) => {
    await scenario.run(topology);
  });
});
