import { type CanActivate, type ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import { resolveShape } from '#switchboard/config';
import type { IncomingMessage } from 'node:http';
import { apiConfig } from '../api.config.js';

/**
 * /metrics answers only when METRICS_ENABLED (off by default in production):
 * otherwise exactly as a route that does not exist, so nothing tells it is there.
 * The setting is read when the app is built: the guard runs in the scope of
 * PrometheusModule, which hosts the controller and knows no config namespace.
 */
@Injectable()
export class MetricsEnabledGuard implements CanActivate {
  private readonly enabled = resolveShape({ metricsEnabled: apiConfig.fields.metricsEnabled }).metricsEnabled;

  canActivate(context: ExecutionContext): boolean {
    if (this.enabled) return true;
    const req = context.switchToHttp().getRequest<IncomingMessage & { originalUrl?: string }>();
    throw new NotFoundException(`Cannot ${req.method} ${req.originalUrl ?? req.url}`);
  }
}
