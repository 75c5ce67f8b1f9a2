import { Global, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '@switchboard/config';
import { pino } from 'pino';
import { requestFields } from './request-context.js';

/** The process's pino logger: what the request log, Nest and the libs write through. */
export abstract class RootLogger {
  abstract readonly pino: pino.Logger;
}

/**
 * Structured JSON logs (pino), pretty-printed when a person is watching a
 * terminal. Every line written while a request is served carries its request
 * id, and its tenant and subject once authenticated (`requestFields`).
 * `prepareHttpApp` installs the request log and makes this Nest's logger.
 */
@Global()
@Module({
  providers: [
    {
      provide: RootLogger,
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>): RootLogger => ({
        pino: pino({
          level: app.logLevel,
          mixin: requestFields,
          transport: process.stdout.isTTY && app.nodeEnv !== 'production' ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
        }),
      }),
    },
  ],
  exports: [RootLogger],
})
export class LoggingModule {}
