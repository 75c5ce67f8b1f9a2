import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { Middleware } from './http-plumbing.js';

/** A middleware on Node's request and response, e.g. a Nest middleware class instance. */
export interface NodeMiddleware {
  use: Middleware;
}

/**
 * Runs a plain Node middleware on every request, on either adapter, after the
 * shared plumbing: `app.use()` on Express, an `onRequest` hook on Fastify.
 * Cheaper than a Nest middleware (`configure(consumer)`) on Fastify, which goes
 * through @fastify/middie and Nest's path matching for each request. A
 * middleware that answers itself does not call `next`.
 */
export function useNodeMiddleware(app: INestApplication, middleware: NodeMiddleware): void {
  const use: Middleware = (req, res, next) => middleware.use(req, res, next);
  const adapter = app.getHttpAdapter();
  if (adapter.getType() !== 'fastify') {
    app.use(use);
    return;
  }
  (adapter.getInstance() as FastifyInstance).addHook('onRequest', (request, reply, done) => use(request.raw, reply.raw, (err) => done(err as Error | undefined)));
}
