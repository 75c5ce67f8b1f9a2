import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { QueueHandlerRegistry } from '#switchboard/queue';
import { MODULE_REGISTRY, type RegistryEntry } from '#switchboard/registry';
import { moduleOf } from '../../../apps/api/src/feature-modules.js';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

// No pollers: the handlers are read from the registry, no message needs to flow.
const ENV = { QUEUE_CONSUMERS_ENABLED: 'false', SQS_ENDPOINT: undefined, QUEUE_NAME_PREFIX: `bounds-${randomBytes(3).toString('hex')}-` };

/** Whether `path` (`/v1/contacts/{id}` or `/v1/contacts/:id`) is under one of the entry's prefixes. */
const owns = (entry: RegistryEntry, path: string) => entry.prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/** The paths of the app's OpenAPI document. */
const documentedPaths = (app: INestApplication) => Object.keys(SwaggerModule.createDocument(app, new DocumentBuilder().build()).paths);

/**
 * Each registry entry's module, booted alone on the platform the way its Lambda
 * boots it, mounts only the routes under its own prefixes and only the queue
 * handlers of the queues it consumes: features reach each other through core
 * (services-only) modules, never through another feature's HTTP module.
 */
describe('module boundaries of the registry entries', () => {
  let db: TestDatabase;
  let platformRoutes: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const bare = await startFeatureApp([], { db, env: ENV });
    try {
      platformRoutes = bare.routes();
      expect(documentedPaths(bare.app)).toEqual([]);
      expect(bare.app.get(QueueHandlerRegistry).queues()).toEqual([]);
    } finally {
      await bare.close();
    }
  });
  afterAll(() => db?.drop());

  it('the platform alone routes nothing under a registry prefix', () => {
    expect(platformRoutes.length).toBeGreaterThan(0);
    expect(platformRoutes.filter((path) => MODULE_REGISTRY.some((entry) => owns(entry, path)))).toEqual([]);
  });

  describe.each(MODULE_REGISTRY.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    let t: TestApp;

    beforeAll(async () => {
      const feature = moduleOf(entry);
      if (!feature) throw new Error(`No Nest module for registry entry ${entry.name}`);
      t = await startFeatureApp([feature], { db, env: ENV });
    });
    afterAll(() => t?.close());

    it('documents paths under its own prefixes only, and each prefix at least once', () => {
      const paths = documentedPaths(t.app);
      expect(paths.filter((path) => !owns(entry, path))).toEqual([]);
      for (const prefix of entry.prefixes) expect(paths.filter((path) => owns({ ...entry, prefixes: [prefix] }, path))).not.toEqual([]);
    });

    it('routes nothing but its own prefixes and the platform', () => {
      const own = t.routes().filter((path) => !platformRoutes.includes(path));
      expect(own.length).toBeGreaterThan(0);
      expect(own.filter((path) => !owns(entry, path))).toEqual([]);
    });

    it('holds queue handlers for exactly the queues it consumes', () => {
      expect(t.app.get(QueueHandlerRegistry).queues().sort()).toEqual([...entry.consumes].sort());
    });
  });
});
