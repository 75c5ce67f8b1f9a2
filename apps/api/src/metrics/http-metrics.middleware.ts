import { Injectable } from '@nestjs/common';
import { matchedRoute } from '#switchboard/platform';
import { InjectMetric, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Histogram } from 'prom-client';

export const httpDurationHistogram = makeHistogramProvider({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});

/** Records every request's duration; the route label is the matched pattern. */
@Injectable()
export class HttpMetricsMiddleware {
  constructor(@InjectMetric('http_request_duration_seconds') private readonly histogram: Histogram<string>) {}

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const end = this.histogram.startTimer();
    res.once('finish', () => {
      end({ method: req.method, route: matchedRoute(req) ?? 'unmatched', status: String(res.statusCode) });
    });
    next();
  }
}
