import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ContentTypeGuard } from './http/content-type.guard.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { Clock, SystemClock } from './time/clock.js';
import { createValidationPipe } from './validation/validation.pipe.js';

/**
 * Conventions every topology shares: problem details, validation, 415 on foreign
 * media types and the injectable clock. (ETag/Location: the HTTP adapter, in #switchboard/platform.)
 */
@Global()
@Module({
  providers: [
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_GUARD, useClass: ContentTypeGuard },
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [Clock],
})
export class CommonModule {}
