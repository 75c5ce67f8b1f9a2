import type { INestApplication } from '@nestjs/common';
import type { FastifyBodyParser, FastifyInstance, FastifyRequest } from 'fastify';
import { rememberMatchedRoute } from '../http/matched-route.js';
import { bodyLimits, corsFor, type HttpOptions, type RequestLog, securityHeaders, unsafeInput } from '../http/http-plumbing.js';

/** Body errors in the shape of body-parser's, which `toProblem` turns into 413/400/415. */
const bodyError = (status: number, type: string, message: string, extra: object = {}) => Object.assign(new Error(message), { status, type, expose: true, ...extra });
const tooLarge = (limit: number) => bodyError(413, 'entity.too.large', 'request entity too large', { limit });

const pathOf = (url: string) => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/**
 * The shared HTTP plumbing on Fastify, matching `configureExpress` request for
 * request: the request log (first, so every response carries X-Request-Id),
 * security headers, CORS, JSON and text bodies with per-route limits and the
 * raw bytes kept, other bodies left unread (the content-type guard answers
 * 415), and the input check on the parsed body and query. Parser errors reach
 * Nest's exception layer, i.e. the problem-details filter. Fastify keeps the
 * request's async context across body parsing, so the log context holds.
 */
export function configureFastify(app: INestApplication, requestLog: RequestLog, options: HttpOptions): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const secure = securityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    secure(reply.raw);
    rememberMatchedRoute(request.raw, request.routeOptions.url);
    requestLog(request, reply.raw, done);
  });
  if (options.corsOrigins?.length) {
    const cors = corsFor(options.corsOrigins);
    fastify.addHook('onRequest', (request, reply, done) => {
      // The cors middleware answers every OPTIONS with an Origin itself (a preflight).
      if (request.method === 'OPTIONS' && request.headers.origin !== undefined) reply.hijack();
      cors(request.raw, reply.raw, (err) => done(err as Error | undefined));
    });
  }

  const limits = bodyLimits(options);
  const limitOf = (request: FastifyRequest) => limits.of(pathOf(request.url)).bytes;
  // A declared length over the route's limit is refused before a byte is read.
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const length = request.headers['content-length'];
    if (length === undefined) return done(null, payload);
    const limit = limitOf(request);
    done(Number(length) > limit ? tooLarge(limit) : null, payload);
  });

  const bodyLimit = limits.largest;
  fastify.removeAllContentTypeParsers();
  const parseJson: FastifyBodyParser<Buffer> = (request, buffer, done) => {
    const limit = limitOf(request);
    if (buffer.length > limit) return done(tooLarge(limit), undefined);
    const charset = /;\s*charset=([^;\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.replace(/"/g, '').toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(bodyError(415, 'charset.unsupported', `unsupported charset "${charset.toUpperCase()}"`), undefined);
    }
    (request as FastifyRequest & { rawBody?: Buffer }).rawBody = buffer;
    const text = buffer.toString('utf8');
    // Like body-parser's strict mode: an empty body is {}, anything but an object or array is malformed.
    if (text.trim() === '') return done(null, {});
    if (!/^\s*[[{]/.test(text)) return done(bodyError(400, 'entity.parse.failed', 'The body is not valid JSON.'), undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(bodyError(400, 'entity.parse.failed', 'The body is not valid JSON.'), undefined);
    }
  };
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, parseJson);
  fastify.addContentTypeParser(/^application\/[^;]+\+json/, { parseAs: 'buffer', bodyLimit }, parseJson);
  fastify.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit }, (request, body, done) => {
    const limit = limitOf(request);
    if (Buffer.byteLength(body as string) > limit) return done(tooLarge(limit), undefined);
    done(null, body);
  });
  // Any other body stays unread, as on Express: the content-type guard answers 415 before a handler runs.
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  fastify.addHook('preValidation', (request, _reply, done) => {
    const err = unsafeInput(request.body, request.query);
    done(err ? (err as Error) : undefined);
  });
}
