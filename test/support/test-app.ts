import type { INestApplication, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { Application } from 'express';
import type { AddressInfo } from 'node:net';
import { Test } from '@nestjs/testing';
import { DevIssuerModule } from '#switchboard/auth';
import { Clock, type FixedClock, LoggingModule } from '#switchboard/common';
import { createHttpAdapter, HTTP_APP_OPTIONS, PlatformModule, prepareHttpApp } from '#switchboard/platform';
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
    return prepareHttpApp(moduleRef.createNestApplication(createHttpAdapter(), HTTP_APP_OPTIONS));
  }, options);
}

/** Boots an app built by `create` (e.g. the one-process `createApiApp`). */
export async function startApp(create: () => Promise<INestApplication>, options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const restore = setEnv({ ...TEST_ENV, DATABASE_URL: db.url, ...options.env });
  const app = await create();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    db,
    routes: () => routesOf(app),
    close: async () => {
      await app.close();
      restore();
      if (!options.db) await db.drop();
    },
  };
}

/** Every route path in the app's Express router. */
function routesOf(app: INestApplication): string[] {
  const { router } = app.getHttpAdapter().getInstance() as Application;
  return [...new Set(router.stack.flatMap((layer) => (layer.route ? [layer.route.path] : [])))];
}
