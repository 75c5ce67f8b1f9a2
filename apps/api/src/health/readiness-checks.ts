import { Injectable } from '@nestjs/common';
import { type HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { QueueHealth } from '#switchboard/queue';
import { DataSource } from 'typeorm';

const DATABASE_PING_TIMEOUT_MS = 1500;

/**
 * What readiness means: the database and the queues answer. The cache is not
 * one of them (its state is the `cache_up` metric): a Redis outage slows the
 * service down but must not take it out of rotation.
 */
@Injectable()
export class ReadinessChecks {
  readonly checks: HealthIndicatorFunction[];

  constructor(indicators: HealthIndicatorService, dataSource: DataSource, queues: QueueHealth) {
    this.checks = [
      async () => {
        const session = indicators.check('database');
        try {
          await withTimeout(dataSource.query('SELECT 1'), DATABASE_PING_TIMEOUT_MS);
          return session.up();
        } catch (err) {
          return session.down({ message: err instanceof Error ? err.message : String(err) });
        }
      },
      async () => {
        const report = await queues.check();
        const session = indicators.check('queue');
        return report.up ? session.up({ queues: report.queues }) : session.down({ queues: report.queues, message: report.error });
      },
    ];
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout of ${ms} ms exceeded`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
