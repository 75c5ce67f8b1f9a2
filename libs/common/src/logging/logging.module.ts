import { Global, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '#switchboard/config';
import { pino } from 'pino';
import { PinoNestLogger } from './pino-nest-logger.js';
import { requestFields } from './request-context.js';
import { RootLogger } from './root-logger.js';

function createPino(app: ConfigType<typeof appConfig>): pino.Logger {
  const options: pino.LoggerOptions = { level: app.logLevel, mixin: requestFields };
  if (process.stdout.isTTY && app.nodeEnv !== 'production') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { singleLine: true } } });
  }
  // Synchronous writes, as Node's own stdout makes them on Linux for files and
  // pipes: a line is written when it is made, so a crash loses none, and there
  // is no thread-pool round trip per line. pino's asynchronous default made
  // one fs.write per request under load, a wake-up of a second thread each:
  // `npm run bench:max` measured 3–5 % more CPU per request with it.
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

/**
 * The one-process server's RootLogger: structured JSON logs (pino),
 * pretty-printed when a person is watching a terminal. Every line written
 * while a request is served carries its request id, and its tenant and
 * subject once authenticated (`requestFields`).
 * `prepareHttpApp` installs the request log and makes this Nest's logger.
 */
@Global()
@Module({
  providers: [
    {
      provide: RootLogger,
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>): RootLogger => {
        const logger = createPino(app);
        return { lines: logger, nest: new PinoNestLogger(logger) };
      },
    },
  ],
  exports: [RootLogger],
})
export class LoggingModule {}
