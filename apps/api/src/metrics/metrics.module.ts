import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HttpMetricsMiddleware, httpDurationHistogram } from './http-metrics.middleware.js';
import { MetricsController } from './metrics.controller.js';

/** Prometheus metrics at /metrics: process defaults plus request durations. */
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true } })],
  providers: [httpDurationHistogram],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
