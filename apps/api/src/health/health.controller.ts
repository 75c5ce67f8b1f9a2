import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@switchboard/auth';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ReadinessChecks } from './readiness-checks.js';

/**
 * Liveness says the process answers; readiness says it can serve: the database
 * and the queue are reachable. The cache is left out on purpose: a Redis outage
 * degrades speed, not correctness, and must not take the service out of rotation.
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly extra: ReadinessChecks,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 1500 }), ...this.extra.checks]);
  }
}
