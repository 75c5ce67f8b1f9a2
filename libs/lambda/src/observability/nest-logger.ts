import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@aws-lambda-powertools/logger';

type Level = 'debug' | 'info' | 'warn' | 'error' | 'critical' | 'trace';

/**
 * Nest's logger interface over the Powertools logger, so framework and service
 * logs come out as Powertools JSON with the request id and cold-start flag.
 * Nest passes `(message, ...params, context)`; errors pass a stack before it.
 */
export class PowertoolsNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('critical', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const extra: Record<string, unknown> = context ? { context } : {};
    if (level === 'error' && typeof rest[0] === 'string' && rest[0].includes('\n')) extra.stack = rest.shift();
    if (rest.length > 0) extra.params = rest;

    if (message instanceof Error) {
      this.logger[level](message.message, { ...extra, error: message });
    } else if (message && typeof message === 'object') {
      // Structured logs such as `{ msg, err }` (the pino convention used across the libs).
      const { msg, message: text, err, ...fields } = message as Record<string, unknown>;
      this.logger[level](String(msg ?? text ?? ''), { ...extra, ...fields, ...(err instanceof Error ? { error: err } : err ? { err } : {}) });
    } else {
      this.logger[level](String(message), extra);
    }
  }
}
