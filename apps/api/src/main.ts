import 'reflect-metadata';
import type { ConfigType } from '@nestjs/config';
import { answerClientErrorsWithProblems } from '#switchboard/common';
import { appConfig, describeDefaultsInUse, resolveShape } from '#switchboard/config';
import type { Server } from 'node:http';
import { apiConfig } from './api.config.js';
import { createApiApp } from './create-api-app.js';
import { assertDevDefaultsStayLocal, exitOnConfigError, installGracefulShutdown } from './lifecycle.js';

async function main(): Promise<void> {
  assertDevDefaultsStayLocal();
  const app = await createApiApp();
  const cfg = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  installGracefulShutdown(app, cfg.shutdownGraceMs);
  await app.listen(cfg.port, cfg.host);
  const server = app.getHttpServer() as Server;
  // Above load balancers' and clients' idle times, so idle keep-alive connections
  // are closed by the client side first and never mid-request by us.
  server.keepAliveTimeout = cfg.keepAliveTimeoutMs;
  server.headersTimeout = cfg.keepAliveTimeoutMs + 1000;
  answerClientErrorsWithProblems(server);

  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const { fallbacks, embedded } = describeDefaultsInUse();
  const docs = resolveShape(apiConfig.fields).docsEnabled ? ` (API docs: ${url}/docs)` : '';
  const banner = [`Switchboard listening on ${url}${docs}`, ...embedded.map((line) => `  embedded default: ${line}`)];
  if (fallbacks.length) banner.push(`  default settings in use: ${fallbacks.join(', ')}`);
  process.stdout.write(`${banner.join('\n')}\n`);
}

main().catch(exitOnConfigError);
