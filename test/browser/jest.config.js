// The browser suite: the root Jest config's e2e settings, its own folder, and
// run on demand (`npm run test:browser`), since it needs the built server,
// the built console and a Chromium.
import root from '../../jest.config.js';

const e2e = root.projects.find((p) => p.displayName === 'e2e');

export default {
  ...e2e,
  rootDir: '../..',
  displayName: 'browser',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser-spec.ts'],
  testTimeout: 120_000,
};
