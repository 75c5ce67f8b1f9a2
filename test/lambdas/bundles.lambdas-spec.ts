import { SCENARIOS } from './scenarios/index.js';
import { startLambdaTopology, type LambdaTopology } from './support/lambda-topology.js';

describe('contract scenarios: bundled functions behind API Gateway (HTTP API v2 events)', () => {
  let topology: LambdaTopology;
  beforeAll(async () => {
    topology = await startLambdaTopology();
  });
  afterAll(() => topology?.close());

  it.each(SCENARIOS.map((s) => [`${s.feature}: ${s.name}`, s] as const))('%s', async (_name, scenario) => {
    await scenario.run(topology);
  });
});
