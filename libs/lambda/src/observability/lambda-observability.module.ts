import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { Global, Module } from '@nestjs/common';
import { RootLogger } from '#switchboard/common';
import { powertoolsRootLogger } from './nest-logger.js';
import { lambdaLogger, lambdaMetrics, lambdaTracer } from './powertools.js';

/**
 * Makes the container's Powertools logger, tracer and metrics injectable by
 * class (`constructor(private readonly metrics: Metrics)`), so a feature can add
 * a business metric or annotation when it runs in Lambda. It is also the
 * function's logging module: the RootLogger writes through Powertools.
 */
@Global()
@Module({
  providers: [
    { provide: Logger, useValue: lambdaLogger },
    { provide: Tracer, useValue: lambdaTracer },
    { provide: Metrics, useValue: lambdaMetrics },
    { provide: RootLogger, useValue: powertoolsRootLogger(lambdaLogger) },
  ],
  exports: [Logger, Tracer, Metrics, RootLogger],
})
export class LambdaObservabilityModule {}
