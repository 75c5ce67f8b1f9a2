import { ExpressAdapter } from '@nestjs/platform-express';
import { setResourceHeaders } from '@switchboard/common';
import type { ServerResponse } from 'node:http';

/**
 * Nest's Express adapter, adding the resource headers (ETag, Location) to
 * every handler's reply. A global interceptor did this before: the same rule,
 * but it put every request through an rxjs pipeline, ~4 % of the server's
 * CPU per request under load (docs/benchmarks.md).
 */
export class ResourceHeadersExpressAdapter extends ExpressAdapter {
  override reply(response: ServerResponse, body: unknown, statusCode?: number): unknown {
    setResourceHeaders(response, body, statusCode ?? response.statusCode);
    return super.reply(response, body, statusCode);
  }
}
