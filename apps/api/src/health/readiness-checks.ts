import { Injectable } from '@nestjs/common';
import { type HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { QueueHealth } from '@switchboard/queue';

/**
 * Readiness checks beyond the database: the queues answer. The cache is not
 * one of them (its state is the `cache_up` metric): a Redis outage slows the
 * service down but must not take it out of rotation.
 */
@Injectable()
export class ReadinessChecks {
  readonly checks: HealthIndicatorFunction[];

  constructor(indicators: HealthIndicatorService, queues: QueueHealth) {
    this.checks = [
      async () => {
        const report = await queues.check();
        const session = indicators.check('queue');
        return report.up ? session.up({ queues: report.queues }) : session.down({ queues: report.queues, message: report.error });
      },
    ];
  }
}
