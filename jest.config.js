import { cpus } from 'node:os';

// One Jest config for every suite. ESM throughout (Nest 12 is ESM-only): run with
// `node --experimental-vm-modules`, which the npm scripts do. Type checking is
// `npm run typecheck`'s job, so ts-jest only transpiles (isolatedModules).
const base = {
  testEnvironment: 'node',
  // The workspace's libs (#switchboard/<lib>) resolve to their TypeScript sources
  // through package.json's "source" condition, as for tsc and tsx.
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'node-addons'] },
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }] },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // Its ES build imports JSON without an import attribute, which Jest's ESM
    // loader warns about on every import (hundreds of lines per run); the
    // CommonJS build is the same code with require().
    '^libphonenumber-js(/min|/max|/core)?$': '<rootDir>/node_modules/libphonenumber-js$1/index.cjs',
  },
  setupFilesAfterEnv: ['<rootDir>/test/support/jest.setup.ts'],
  testTimeout: 60_000,
};

export default {
  // Jest's default is one worker per core but one, a single worker on a 2-core
  // CI machine. The suites mostly wait on Postgres, Redis, child processes and
  // HTTP, so one worker more than there are cores keeps the cores busy: on
  // 2 cores, with Jest's caches warm, `npm test` took 318 s with two workers,
  // 238 s with three and 258 s with four. On a clean clone (cold caches, each
  // worker transpiling what it loads) three gained nothing (docs/benchmarks.md).
  maxWorkers: cpus().length + 1,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // A global option in Jest 30: inside `projects` it is ignored (5 s default).
  testTimeout: 60_000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      roots: ['<rootDir>/apps/api', '<rootDir>/apps/web/src', '<rootDir>/libs', '<rootDir>/test/load'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e-spec.ts'],
    },
    // The agent console in headless Chromium against the built server and
    // console: only when asked for (`npm run test:browser`, or a test/browser path).
    ...(process.argv.some((arg) => arg.includes('browser'))
      ? [{ ...base, displayName: 'browser', roots: ['<rootDir>/test/browser'], testMatch: ['**/*.browser-spec.ts'], testTimeout: 120_000 }]
      : []),
    // The dual-topology contract suite runs the bundles `npm run build:lambdas`
    // makes, so it joins only when asked for (`npm run test:lambdas`, or a
    // test/lambdas path), never in a plain `npm test` that has not built them.
    ...(process.argv.some((arg) => arg.includes('lambdas'))
      ? [{ ...base, displayName: 'lambdas', roots: ['<rootDir>/test/lambdas'], testMatch: ['**/*.lambdas-spec.ts'], testTimeout: 120_000 }]
      : []),
    // The fault and abuse suite kills servers it starts and takes minutes, so it
    // joins only when asked for (`npm run test:faults`, or a test/faults path).
    // Its global setup builds `dist` once; its teardown prints the summary table.
    ...(process.argv.some((arg) => arg.includes('faults'))
      ? [
          {
            ...base,
            displayName: 'faults',
            roots: ['<rootDir>/test/faults'],
            testMatch: ['**/*.faults-spec.ts'],
            globalSetup: '<rootDir>/test/faults/support/global-setup.ts',
            globalTeardown: '<rootDir>/test/faults/support/global-teardown.ts',
          },
        ]
      : []),
    {
      // The CDK app: synthesizes in-process (no AWS, no Docker); it loads no Nest.
      ...base,
      displayName: 'deploy',
      roots: ['<rootDir>/deploy/test'],
      testMatch: ['**/*.test.ts'],
      setupFilesAfterEnv: [],
      // A synth takes 5–20 s alone, minutes on a machine busy with other suites.
      testTimeout: 600_000,
    },
  ],
};
