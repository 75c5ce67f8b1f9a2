import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Public } from '#switchboard/auth';
import { ServiceUnavailableError } from '#switchboard/common';
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
    private readonly readiness: ReadinessChecks,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  async ready() {
    try {
      return await this.health.check(this.readiness.checks);
    } catch (err) {
      throw notReady(err);
    }
  }
}

/**
 * A 503 problem naming, in words, what is down (the problem-details filter
 * would drop terminus' body). Why it is down is in the log (ReadinessChecks).
 */
function notReady(err: unknown): unknown {
  if (!(err instanceof ServiceUnavailableException)) return err;
  const result = err.getResponse() as Partial<HealthCheckResult>;
  const down = Object.keys(result.error ?? {}).map((name) => `the ${name}`);
  if (down.length === 0) return new ServiceUnavailableError('Not ready: a dependency is unavailable.');
  return new ServiceUnavailableError(`Not ready: ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} unavailable.`);
}
