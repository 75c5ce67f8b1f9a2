import { SCENARIOS } from './scenarios/index.js';
import { startOneProcessTopology } from './support/one-process-topology.js';
import type { Topology } from './support/topology.js';

describe('contract scenarios: one-process server over HTTP', () => {
  let topology: Topology & { close(): Promise<void> };
  beforeAll(async () => {
    topology = await startOneProcessTopology();
  });
  afterAll(() => topology?.close());

  it.each(SCENARIOS.map((s) => [`${s.feature}: ${s.name}`, s] as const))('%s', async (_name, scenario) => {
    await scenario.run(topology);
  });
});
