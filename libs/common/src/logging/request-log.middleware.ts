import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { loggedUrl } from './logged-url.js';
import { type LoggedRequest, requestContext } from './request-context.js';
import type { LineLogger } from './root-logger.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Probes and scrapes: frequent, and of no interest line by line. */
const UNLOGGED = new Set(['/health/live', '/metrics']);

/** A caller's `X-Request-Id` when it is sane, else a new one; echoed on the response. */
function requestIdOf(req: LoggedRequest, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** The path of a request URL, without its query. */
const pathOf = (url = '') => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/**
 * One short line per request when its response is done: who (request id,
 * tenant, subject), what (method, path and the query's non-personal
 * parameters: `loggedUrl`), how it ended (status, milliseconds). Headers stay
 * out (tokens, signatures, cookies). The request is the logging context of
 * everything it runs (`requestContext`). The one-process server and every
 * Lambda write their request log here.
 */
export function requestLogMiddleware(logger: LineLogger) {
  return (req: LoggedRequest, res: ServerResponse, next: () => void): void => {
    const id = requestIdOf(req, res);
    req.id = id;
    if (!UNLOGGED.has(pathOf(req.url))) {
      const started = performance.now();
      let logged = false;
      // 'finish' when the response is complete; 'close' alone when the client
      // went away first. Node's server emits both; the responses that
      // serverless-express makes in a Lambda only 'finish'.
      const log = () => {
        if (logged) return;
        logged = true;
        const line = {
          reqId: id,
          tenant: req.user?.tenantId,
          sub: req.user?.sub,
          req: { method: req.method, url: loggedUrl(req.url) },
          res: { statusCode: res.statusCode },
          responseTime: Math.round(performance.now() - started),
        };
        if (!res.writableFinished) logger.warn(line, 'request aborted');
        else if (res.statusCode >= 500) logger.error(line, 'request failed');
        else logger.info(line, 'request completed');
      };
      res.once('finish', log);
      res.once('close', log);
    }
    requestContext.run(req, next);
  };
}
