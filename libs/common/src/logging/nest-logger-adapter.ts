import type { LoggerService } from '@nestjs/common';

/** Nest's log methods, by the name Nest gives them. */
export type NestLogLevel = 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';

/** One Nest log call, its arguments sorted out. */
export interface NestLogCall {
  level: NestLogLevel;
  /** A string, an Error, or pino-style fields (`{ err, … }`). */
  message: unknown;
  /** The logger's name (`new Logger('Problem')`): Nest passes it last. */
  context?: string;
  /** The stack Nest passes before the context of an error. */
  stack?: string;
  /** Whatever else was passed: a pino-style message after fields, or extra values. */
  params: unknown[];
}

/**
 * Nest's LoggerService over another logger (pino in the server, Powertools in
 * a Lambda): Nest calls `(message, ...params, context)`, an error with a stack
 * before the context; subclasses get each call sorted out once.
 */
export abstract class NestLoggerAdapter implements LoggerService {
  log(message: unknown, ...params: unknown[]): void {
    this.dispatch('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.dispatch('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.dispatch('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.dispatch('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.dispatch('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.dispatch('fatal', message, params);
  }

  protected abstract write(call: NestLogCall): void;

  private dispatch(level: NestLogLevel, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' && rest[0].includes('\n') ? (rest.shift() as string) : undefined;
    this.write({ level, message, context, stack, params: rest });
  }
}
