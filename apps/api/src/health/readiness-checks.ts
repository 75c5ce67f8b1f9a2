import { Injectable, Logger } from '@nestjs/common';
import { type HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { QueueHealth } from '#switchboard/queue';
import { DataSource } from 'typeorm';

const DATABASE_PING_TIMEOUT_MS = 1500;

/**
 * What readiness means: the database and the queues answer. The cache is not
 * one of them (its state is the `cache_up` metric): a Redis outage slows the
 * service down but must not take it out of rotation.
 *
 * Why a dependency is down (`connect ECONNREFUSED 10.0.3.7:5432`, an SDK's
 * text) goes to the log only: `/health/ready` is public, and its answer names
 * the dependency and no more (issue 20, item 8).
 */
@Injectable()
export class ReadinessChecks {
  readonly checks: HealthIndicatorFunction[];
  private readonly logger = new Logger('Readiness');

  constructor(indicators: HealthIndicatorService, dataSource: DataSource, queues: QueueHealth) {
    this.checks = [
      async () => {
        const session = indicators.check('database');
        try {
          await withTimeout(dataSource.query('SELECT 1'), DATABASE_PING_TIMEOUT_MS);
          return session.up();
        } catch (err) {
          this.logger.warn({ err }, 'Not ready: the database is unavailable');
          return session.down();
        }
      },
      async () => {
        const report = await queues.check();
        const session = indicators.check('queue');
        if (report.up) return session.up({ queues: report.queues });
        this.logger.warn({ queues: report.queues, error: report.error }, 'Not ready: the queue is unavailable');
        return session.down({ queues: report.queues });
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
