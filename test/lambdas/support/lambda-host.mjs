// Runs one Lambda bundle in this process, the way the Node.js runtime does:
// load the module once (the init phase: `require()` unless the folder's
// package.json says "type": "module", then `import()`), then call
// `handler(event, context)` per invocation. The parent (the contract suite, the benchmark) talks to it
// over the IPC channel of child_process.fork: this file is that child.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundle, functionName] = process.argv.slice(2);

function context() {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-west-2:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    callbackWaitsForEmptyEventLoop: true,
  };
}

const hex = (bytes) => randomBytes(bytes).toString('hex');
const traceHeader = () => `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${hex(12)};Parent=${hex(8)};Sampled=1`;

const send = (message) => new Promise((resolve) => process.send(message, resolve));
const serialiseError = (err) => ({ name: err?.name, message: err?.message ?? String(err), stack: err?.stack });

// CPU time next to wall time: on a busy machine the wall clock also counts the
// time this process waited for a core; the CPU time does not.
const cpuMs = (since) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

const started = performance.now();
const startedCpu = process.cpuUsage();
let handler;
try {
  const { type } = JSON.parse(readFileSync(join(dirname(bundle), 'package.json'), 'utf8'));
  handler = (type === 'module' ? await import(pathToFileURL(bundle).href) : createRequire(import.meta.url)(bundle)).handler;
  await send({ type: 'loaded', loadMs: performance.now() - started, loadCpuMs: cpuMs(startedCpu) });
} catch (err) {
  await send({ type: 'load-failed', error: serialiseError(err) });
  process.exit(1);
}

process.on('message', async (message) => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  try {
    let result;
    if (message.type === 'bootstrap')
      await handler.bootstrap?.(); // migrate has nothing to keep warm
    else if (message.type === 'invoke') {
      // The runtime sets each invocation's trace header in the environment (X-Ray reads it there).
      process.env._X_AMZN_TRACE_ID = traceHeader();
      result = await handler(message.event, context());
    } else if (message.type === 'exit') process.exit(0);
    await send({ id: message.id, ok: true, result, ms: performance.now() - t0, cpuMs: cpuMs(c0) });
  } catch (err) {
    await send({ id: message.id, ok: false, error: serialiseError(err), ms: performance.now() - t0 });
  }
});
