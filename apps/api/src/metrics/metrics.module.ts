import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HttpMetricsMiddleware, httpDurationHistogram } from './http-metrics.middleware.js';
import { MetricsController } from './metrics.controller.js';

/**
 * Prometheus metrics at /metrics: process defaults plus request durations,
 * which `HttpMetricsMiddleware` records once `createApiApp` runs it on every
 * request (`app.use`). Served only when METRICS_ENABLED (MetricsEnabledGuard).
 */
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true } })],
  providers: [httpDurationHistogram, HttpMetricsMiddleware],
  exports: [HttpMetricsMiddleware],
})
export class MetricsModule {}
