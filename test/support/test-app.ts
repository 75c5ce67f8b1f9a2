import type { INestApplication, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { Test } from '@nestjs/testing';
import { DevIssuerModule } from '#switchboard/auth';
import { Clock, type FixedClock, LoggingModule } from '#switchboard/common';
import { createHttpAdapter, HTTP_APP_OPTIONS, httpAdapterKind, PlatformModule, prepareHttpApp } from '#switchboard/platform';
import { migrateDatabase } from '#switchboard/database';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { setEnv, TEST_ENV } from './test-env.js';

export interface TestApp {
  app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:41234 — tests talk HTTP to it like any client. */
  url: string;
  db: TestDatabase;
  /** Every route path the HTTP adapter answers (`/v1/contacts/:id`), controllers hidden from the OpenAPI document included. */
  routes(): string[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra settings for this app (REDIS_URL, AUTH_ISSUER_URL…). */
  env?: Record<string, string | undefined>;
  /** Keep the database on close (restart tests). */
  db?: TestDatabase;
  /** Replaces the system clock (dialling windows, leases). */
  clock?: FixedClock;
}

/**
 * Boots feature modules on the shared platform against a fresh database, the way
 * a Lambda boots one feature: the proof that the feature deploys alone.
 */
export async function startFeatureApp(features: Type[], options: TestAppOptions = {}): Promise<TestApp> {
  @Module({ imports: [PlatformModule.forRoot({ logging: LoggingModule, devIssuer: DevIssuerModule, migrate: migrateDatabase }), ...features] })
  class FeatureTestModule {}
  return startApp(async () => {
    let builder = Test.createTestingModule({ imports: [FeatureTestModule] });
    if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
    const moduleRef = await builder.compile();
    // HTTP_ADAPTER picks the adapter, as for the server: CI runs the e2e suite on both.
    return prepareHttpApp(moduleRef.createNestApplication(await createHttpAdapter(httpAdapterKind()), HTTP_APP_OPTIONS));
  }, options);
}

/** Boots an app built by `create` (e.g. the one-process `createApiApp`). */
export async function startApp(create: () => Promise<INestApplication>, options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const restore = setEnv({ ...TEST_ENV, DATABASE_URL: db.url, ...options.env });
  const app = await create();
  const routes = recordRoutes(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    db,
    routes,
    close: async () => {
      await app.close();
      restore();
      if (!options.db) await db.drop();
    },
  };
}

/** The routes of an app not yet initialised: Fastify tells each as it is added, Express keeps them in its router. */
function recordRoutes(app: INestApplication): () => string[] {
  const adapter = app.getHttpAdapter();
  if (adapter.getType() === 'fastify') {
    const routes = new Set<string>();
    (adapter.getInstance() as FastifyInstance).addHook('onRoute', (route) => void routes.add(route.url));
    return () => [...routes];
  }
  const router = adapter.getInstance().router as { stack: { route?: { path: string } }[] };
  return () => [...new Set(router.stack.flatMap((layer) => (layer.route ? [layer.route.path] : [])))];
}
