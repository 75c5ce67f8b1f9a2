import { Controller, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '#switchboard/auth';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { MetricsEnabledGuard } from './metrics-enabled.guard.js';

/**
 * /metrics without a token, for the Prometheus scraper (rate limited per IP
 * like other public routes), when METRICS_ENABLED: off by default in production.
 */
@Public()
@UseGuards(MetricsEnabledGuard)
@ApiExcludeController()
@Controller()
export class MetricsController extends PrometheusController {}
