import type { INestApplication } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests and
 * messages finish, close pools, then exit. If that takes longer than the grace
 * period the process exits anyway, so an orchestrator never has to SIGKILL.
 */
export function installGracefulShutdown(app: INestApplication, graceMs: number): void {
  let closing = false;
  const server = app.getHttpServer() as Server;
  // Once closing, every answer ends its connection: keep-alive clients that keep
  // sending would otherwise hold their connections open, and with them the
  // server's close, until the grace timer cuts everything off.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (closing) res.setHeader('Connection', 'close');
  });
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    server.closeIdleConnections();
    process.stdout.write(`${signal} received: shutting down (grace ${graceMs} ms)\n`);
    setTimeout(() => {
      process.stderr.write('Shutdown grace period over: exiting with work still open\n');
      process.exit(1);
    }, graceMs).unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        process.stderr.write(`Shutdown failed: ${String(err)}\n`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** A bad setting ends start-up with its one-line message; anything else with its stack. */
export function exitOnConfigError(err: unknown): never {
  const configError = findConfigError(err);
  if (configError) process.stderr.write(`${configError.message}\n`);
  else process.stderr.write(`Start-up failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
}

function findConfigError(err: unknown): Error | undefined {
  for (let e = err as Error | undefined; e; e = (e as { cause?: Error }).cause) {
    if (e.name === 'ConfigError') return e;
  }
  return undefined;
}
