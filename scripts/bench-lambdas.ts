/**
 * `npm run bench:lambdas`: cold and warm timings of every bundle in dist/lambdas.
 *
 * Each function runs in fresh Node processes exactly as in the contract suite
 * (production profile, settings from SSM and Secrets Manager, local Postgres,
 * Redis and SQS emulator). Per function it measures, over COLD_RUNS new
 * processes: module load (import of the bundle), bootstrap (settings + Nest
 * app), the first response; then WARM_INVOKES invocations in one warm process:
 * p50/p99 per invoke, and for HTTP functions the overhead outside the app's
 * own work (the handler's time minus the HttpAppTime it reports in EMF).
 * Prints a table and writes it into docs/benchmarks.md.
 */
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { signTelephonyPayload } from '#switchboard/calls';
import { randomUUID } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { lambdaFunctions, type LambdaFunction } from '../apps/lambdas/src/lambda-functions.js';
import { startLambdaTopology, type LambdaTopology } from '../test/lambdas/support/lambda-topology.js';
import { newPhone, type Resource } from '../test/lambdas/support/topology.js';

const ROOT = resolve(import.meta.dirname, '..');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const WARM_INVOKES = Number(process.env.BENCH_WARM_INVOKES ?? 300);
/** Extra Node flags for the functions' processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where a cold start goes. */
const NODE_ARGS = process.env.BENCH_LAMBDA_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const WARM_UP = 30;
const DOC = join(ROOT, 'docs/benchmarks.md');
const START = '<!-- bench:lambdas:start -->';
const END = '<!-- bench:lambdas:end -->';

interface Row {
  name: string;
  kind: LambdaFunction['kind'];
  bundleKb: number;
  loadMs: number;
  bootMs: number;
  firstMs: number;
  coldMs: number;
  loadCpuMs: number;
  bootCpuMs: number;
  firstCpuMs: number;
  coldCpuMs: number;
  warmP50?: number;
  warmP99?: number;
  overheadP50?: number;
}

type EventFactory = () => Record<string, unknown>;

async function main(): Promise<void> {
  const topology = await startLambdaTopology();
  try {
    const events = await seed(topology);
    const only = process.argv.slice(2); // e.g. `agents telephony` while tuning; the doc is written for full runs only
    const selected = lambdaFunctions().filter((f) => only.length === 0 || only.includes(f.name));
    // A function without an event here (a queue or a timer the benchmark does not feed yet) is listed, not measured.
    const functions = selected.filter((f) => events[f.name]);
    const unmeasured = selected.filter((f) => !events[f.name]).map((f) => f.name);
    if (unmeasured.length) console.log(`No benchmark event for ${unmeasured.join(', ')}: not measured`);
    // Cold starts round-robin over the functions, so a slow spell of the
    // machine lands on one sample of each rather than on every sample of one.
    const cold = new Map(functions.map((fn) => [fn.name, [] as ColdStart[]]));
    for (let run = 0; run < COLD_RUNS; run++) {
      process.stdout.write(`cold starts, round ${run + 1} of ${COLD_RUNS} …`);
      for (const fn of functions) cold.get(fn.name)!.push(await coldStart(topology, fn, events[fn.name]!));
      process.stdout.write(' done\n');
    }
    const rows: Row[] = [];
    for (const fn of functions) {
      process.stdout.write(`${fn.name}: warm invocations …`);
      rows.push(await toRow(fn, cold.get(fn.name)!, await warmRun(topology, fn, events[fn.name]!)));
      process.stdout.write(' done\n');
    }
    const table = render(rows, unmeasured);
    console.log(`\n${table}`);
    if (only.length === 0) {
      await writeDoc(table);
      console.log(`Written to ${DOC}`);
    }
  } finally {
    await topology.close();
  }
}

/** Data for realistic requests, and one event factory per function. */
async function seed(t: LambdaTopology): Promise<Record<string, EventFactory>> {
  const tenant = `bench-${randomUUID().slice(0, 8)}`;
  const admin = await t.token({ tenant, role: 'admin', sub: 'auth0|bench-admin' });
  const contactIds: string[] = [];
  for (let i = 0; i < 50; i++)
    contactIds.push((await t.request<Resource>('POST', '/v1/contacts', { token: admin, body: { name: `Bench ${i}`, phone: newPhone() } })).body.id);
  // A round-the-clock window needs the tenant's legal calling hours opened first.
  await t.request('PATCH', '/v1/tenant/settings', { token: admin, body: { callingHours: { start: '00:00', end: '23:59' } } });
  const campaign = (
    await t.request<Resource>('POST', '/v1/campaigns', {
      token: admin,
      body: { name: 'Bench', callerId: '+12025550100', timezone: 'UTC', window: { start: '00:00', end: '23:59' } },
    })
  ).body;
  await t.request('POST', `/v1/campaigns/${campaign.id}/contacts`, { token: admin, body: { contactIds } });
  await t.request('POST', `/v1/campaigns/${campaign.id}/start`, { token: admin });
  for (const contactId of contactIds.slice(0, 20)) {
    await t.request('POST', '/v1/calls', {
      token: admin,
      body: {
        contactId,
        campaignId: campaign.id,
        direction: 'outbound',
        startedAt: '2026-11-02T09:00:00Z',
        answeredAt: '2026-11-02T09:00:05Z',
        endedAt: '2026-11-02T09:02:05Z',
        disposition: 'sale',
      },
    });
  }
  // The functions run in production: webhooks are signed with a key of the tenant, made through the admin API.
  const signingKey = (await t.request<{ id: string; secret: string }>('POST', '/v1/telephony/signing-keys', { token: admin })).body;
  // One real import chunk, re-applied by every contact-imports invocation (upserts are idempotent).
  await t.request('POST', '/v1/contact-imports', {
    token: admin,
    body: {
      contacts: [
        { name: 'Imported', phone: newPhone() },
        { name: 'Imported 2', phone: newPhone() },
      ],
    },
  });
  const exportId = (await t.request<Resource>('POST', '/v1/exports', { token: admin, body: { type: 'contacts' } })).body.id;
  const chunk = (await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: t.queueUrl('contact-imports'), MaxNumberOfMessages: 1, WaitTimeSeconds: 1 })))
    .Messages![0]!;
  await t.sqs.send(new DeleteMessageCommand({ QueueUrl: t.queueUrl('contact-imports'), ReceiptHandle: chunk.ReceiptHandle! }));

  const http = (method: string, path: string, body?: () => unknown, headers?: () => Record<string, string>) => () =>
    t.httpEvent(method, path, { token: headers ? undefined : admin, body: body?.(), headers: headers?.() })!.event;
  const webhook = () =>
    JSON.stringify({
      eventId: randomUUID(),
      type: 'call.started',
      tenantId: tenant,
      callId: `CA-${randomUUID()}`,
      occurredAt: new Date().toISOString(),
      contactPhone: newPhone(),
    });
  let lastWebhook = '';
  return {
    agents: http('GET', '/v1/me'),
    contacts: http('GET', '/v1/contacts?limit=20'),
    campaigns: http('GET', '/v1/campaigns?limit=20'),
    calls: http('GET', '/v1/calls?limit=20'),
    telephony: http(
      'POST',
      '/v1/telephony/events',
      () => (lastWebhook = webhook()),
      () => ({
        'content-type': 'application/json',
        'x-switchboard-signature': signTelephonyPayload(signingKey.secret, lastWebhook, Date.now() / 1000, signingKey.id),
      }),
    ),
    reports: http('GET', '/v1/reports/agents'),
    tenants: http('GET', '/v1/tenant/settings'),
    webhooks: http('GET', '/v1/webhooks?limit=20'),
    exports: http('GET', `/v1/exports/${exportId}`),
    'call-events-worker': () => t.sqsEvent('call-events', [{ messageId: randomUUID(), body: webhook() }]),
    'contact-imports-worker': () => t.sqsEvent('contact-imports', [{ messageId: randomUUID(), body: chunk.Body! }]),
    'contact-import-outbox-relay': () => ({
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: new Date().toISOString(),
      resources: [],
      detail: {},
    }),
    migrate: () => ({}),
  };
}

interface ColdStart {
  loadMs: number;
  bootMs: number;
  firstMs: number;
  loadCpuMs: number;
  bootCpuMs: number;
  firstCpuMs: number;
}

/** One fresh process: import, bootstrap, first response. */
async function coldStart(t: LambdaTopology, fn: LambdaFunction, event: EventFactory): Promise<ColdStart> {
  const p = await t.spawn(fn.name, { execArgv: NODE_ARGS });
  try {
    const boot = await p.bootstrap();
    const first = await p.invoke<{ statusCode?: number }>(event());
    if (first.result?.statusCode !== undefined && first.result.statusCode >= 400) throw new Error(`${fn.name}: first response ${first.result.statusCode}`);
    return { loadMs: p.loadMs, bootMs: boot.ms, firstMs: first.ms, loadCpuMs: p.loadCpuMs, bootCpuMs: boot.cpuMs, firstCpuMs: first.cpuMs };
  } finally {
    await p.close();
  }
}

interface WarmRun {
  /** Milliseconds per invocation, sorted. */
  warm: number[];
  /** Per invocation, the handler's time minus the app's own (HttpAppTime), sorted; HTTP functions only. */
  overheads: number[];
}

/** WARM_INVOKES invocations in one process after WARM_UP, as the handler call costs inside it. */
async function warmRun(t: LambdaTopology, fn: LambdaFunction, event: EventFactory): Promise<WarmRun> {
  if (fn.kind === 'migrate') return { warm: [], overheads: [] };
  const p = await t.spawn(fn.name, { execArgv: NODE_ARGS });
  try {
    await p.bootstrap();
    for (let i = 0; i < WARM_UP; i++) await p.invoke(event());
    const skip = emf(p.output(), 'HttpAppTime').length;
    const warm: number[] = [];
    for (let i = 0; i < WARM_INVOKES; i++) warm.push((await p.invoke(event())).ms);
    await new Promise((r) => setTimeout(r, 100)); // the last EMF lines reach the pipe
    const app = emf(p.output(), 'HttpAppTime').slice(skip);
    const overheads = fn.kind === 'http' && app.length === warm.length ? warm.map((ms, i) => ms - app[i]!) : [];
    return { warm: warm.sort((a, b) => a - b), overheads: overheads.sort((a, b) => a - b) };
  } finally {
    await p.close();
  }
}

async function toRow(fn: LambdaFunction, cold: ColdStart[], { warm, overheads }: WarmRun): Promise<Row> {
  const of = (key: keyof ColdStart) => median(cold.map((c) => c[key]));
  return {
    name: fn.name,
    kind: fn.kind,
    bundleKb: (await stat(join(ROOT, 'dist/lambdas', fn.name, 'index.js'))).size / 1024,
    loadMs: of('loadMs'),
    bootMs: of('bootMs'),
    firstMs: of('firstMs'),
    coldMs: median(cold.map((c) => c.loadMs + c.bootMs + c.firstMs)),
    loadCpuMs: of('loadCpuMs'),
    bootCpuMs: of('bootCpuMs'),
    firstCpuMs: of('firstCpuMs'),
    coldCpuMs: median(cold.map((c) => c.loadCpuMs + c.bootCpuMs + c.firstCpuMs)),
    warmP50: warm.length ? quantile(warm, 0.5) : undefined,
    warmP99: warm.length ? quantile(warm, 0.99) : undefined,
    overheadP50: overheads.length ? quantile(overheads, 0.5) : undefined,
  };
}

/** Values of one metric from the EMF lines a function printed, in order. */
function emf(output: string, metric: string): number[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{"_aws"') && line.includes(`"${metric}"`))
    .map((line) => Number((JSON.parse(line) as Record<string, unknown>)[metric]));
}

const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

function render(rows: Row[], unmeasured: string[]): string {
  const ms = (v: number | undefined) => (v === undefined ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(0));
  const both = (wall: number, cpu: number) => `${ms(wall)} / ${ms(cpu)}`;
  const flag = (ok: boolean) => (ok ? '' : ' ⚠');
  const [load1] = loadavg();
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.versions.node}, load average ${load1!.toFixed(1)} at the end of the run; ` +
      `${COLD_RUNS} cold starts per function (medians; round-robin over the functions), ${WARM_INVOKES} warm invocations in one process. ` +
      'Cold-start cells are wall / CPU milliseconds: on a busy machine the wall clock also counts time spent waiting for a core, the CPU time does not. ' +
      'Bundle sizes are information (what `npm run build:lambdas` bundles). Cold paths are judged against another build measured in the same session on the same machine (absolute times differ 2× between machines); the warm overhead target is ≤ 1 ms p50 for the HTTP functions (⚠ marks a miss).',
    '',
    '| function | bundle (KiB) | module load | bootstrap | first response | cold path | warm p50 (ms) | warm p99 (ms) | warm overhead p50 (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const http = r.kind === 'http';
    lines.push(
      `| ${r.name} | ${r.bundleKb.toFixed(0)} | ${both(r.loadMs, r.loadCpuMs)} | ${both(r.bootMs, r.bootCpuMs)} | ${both(r.firstMs, r.firstCpuMs)} | ` +
        `${both(r.coldMs, r.coldCpuMs)} | ${ms(r.warmP50)} | ${ms(r.warmP99)} | ${http ? `${ms(r.overheadP50)}${flag((r.overheadP50 ?? 0) <= 1)}` : '—'} |`,
    );
  }
  if (unmeasured.length) lines.push('', `Not measured (no benchmark event yet): ${unmeasured.join(', ')}.`);
  return lines.join('\n');
}

async function writeDoc(table: string): Promise<void> {
  const doc = await readFile(DOC, 'utf8').catch(() => '# Benchmarks\n');
  const block = `${START}\n${table}\n${END}`;
  const next = doc.includes(START)
    ? doc.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block)
    : `${doc.trimEnd()}\n\n## Lambda functions (\`npm run bench:lambdas\`)\n\n${block}\n`;
  await writeFile(DOC, next);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
