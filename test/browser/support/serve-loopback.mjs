// Starts the built one-process server (dist/) on 127.0.0.1:$PORT only: main.js
// listens on every interface, which a test must not do. Everything else is the
// same app users run: createApiApp() from the compiled output.
import 'reflect-metadata';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = pathToFileURL(resolve(import.meta.dirname, '../../../dist/apps/api/src/create-api-app.js'));
const { createApiApp } = await import(entry.href);
const app = await createApiApp();
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT), '127.0.0.1');
process.stdout.write(`listening on http://127.0.0.1:${process.env.PORT}\n`);
const stop = () =>
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
