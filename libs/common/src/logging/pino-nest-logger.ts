import type { Level, Logger } from 'pino';
import { type NestLogCall, NestLoggerAdapter, type NestLogLevel } from './nest-logger-adapter.js';

const LEVELS: Record<NestLogLevel, Level> = { log: 'info', error: 'error', warn: 'warn', debug: 'debug', verbose: 'trace', fatal: 'fatal' };

/**
 * Nest's logger over pino, so framework and service logs share the request
 * log's JSON lines. The libs also log pino's way, `({ err, … }, message)`.
 */
export class PinoNestLogger extends NestLoggerAdapter {
  constructor(private readonly logger: Logger) {
    super();
  }

  protected write({ level, message, context, stack, params }: NestLogCall): void {
    const pinoLevel = LEVELS[level];
    if (!this.logger.isLevelEnabled(pinoLevel)) return;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      this.logger[pinoLevel]({ ...fields, err: message }, message.message);
    } else if (message && typeof message === 'object') {
      this.logger[pinoLevel]({ ...fields, ...message }, typeof params[0] === 'string' ? params[0] : undefined);
    } else {
      if (params.length > 0) fields.params = params;
      this.logger[pinoLevel](fields, String(message));
    }
  }
}
