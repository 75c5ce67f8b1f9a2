import type { LoggerService } from '@nestjs/common';

/** Structured lines in pino's call shape, fields first: what the request log writes. */
export interface LineLogger {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
}

/**
 * The process's logger: what the request log, Nest and the libs write through.
 * pino in the one-process server (LoggingModule), the Powertools logger in
 * each Lambda, so a function's request log carries its invocation's fields.
 */
export abstract class RootLogger {
  /** Where the request log writes. */
  abstract readonly lines: LineLogger;
  /** Nest's logger (framework and services) over the same output. */
  abstract readonly nest: LoggerService;
}
