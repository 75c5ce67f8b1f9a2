import type { Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import { type NestLogCall, NestLoggerAdapter, type NestLogLevel, type RootLogger } from '#switchboard/common';

const LEVELS: Record<NestLogLevel, 'debug' | 'info' | 'warn' | 'error' | 'critical' | 'trace'> = {
  log: 'info',
  error: 'error',
  warn: 'warn',
  debug: 'debug',
  verbose: 'trace',
  fatal: 'critical',
};

/**
 * Nest's logger over the Powertools logger, so framework and service logs
 * come out as Powertools JSON with the request id and cold-start flag.
 */
export class PowertoolsNestLogger extends NestLoggerAdapter {
  constructor(private readonly logger: Logger) {
    super();
  }

  protected write({ level, message, context, stack, params }: NestLogCall): void {
    const method = LEVELS[level];
    const extra: Record<string, unknown> = context ? { context } : {};
    if (stack) extra.stack = stack;
    if (params.length > 0) extra.params = params;

    if (message instanceof Error) {
      this.logger[method](message.message, { ...extra, error: message });
    } else if (message && typeof message === 'object') {
      // Structured logs such as `{ msg, err }` (the pino convention used across the libs).
      const { msg, message: text, err, ...fields } = message as Record<string, unknown>;
      this.logger[method](String(msg ?? text ?? ''), { ...extra, ...fields, ...(err instanceof Error ? { error: err } : err ? { err } : {}) });
    } else {
      this.logger[method](String(message), extra);
    }
  }
}

/**
 * A function's RootLogger: the request log and Nest both write Powertools
 * JSON, with the invocation's request id and cold-start flag on every line.
 */
export function powertoolsRootLogger(logger: Logger): RootLogger {
  return {
    lines: {
      info: (fields, msg) => logger.info(msg, fields as LogAttributes),
      warn: (fields, msg) => logger.warn(msg, fields as LogAttributes),
      error: (fields, msg) => logger.error(msg, fields as LogAttributes),
    },
    nest: new PowertoolsNestLogger(logger),
  };
}
