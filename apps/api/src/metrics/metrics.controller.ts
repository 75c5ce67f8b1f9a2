import { Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '#switchboard/auth';
import { PrometheusController } from '@willsoto/nestjs-prometheus';

/** /metrics without a token, for the Prometheus scraper (rate limited per IP like other public routes). */
@Public()
@ApiExcludeController()
@Controller()
export class MetricsController extends PrometheusController {}
