import { Injectable } from '@nestjs/common';
import type { HealthIndicatorFunction } from '@nestjs/terminus';

/** Readiness checks beyond the database, contributed by the platform libs (queue). */
@Injectable()
export class ReadinessChecks {
  readonly checks: HealthIndicatorFunction[] = [];
}
