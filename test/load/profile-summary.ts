/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): where the server's CPU went,
 * by function (self and inclusive time) and by package (self and inclusive
 * time: a sample counts for every package on its stack).
 *
 *   tsx test/load/profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/@nestjs/core/…` → `@nestjs/core`; project files by lib; Node's own code and the engine apart. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const lib = /\/(libs\/[^/]+|apps\/[^/]+)\//.exec(url);
  return lib ? lib[1]! : url.replace(/^file:\/\//, '');
}

/** Packages grouped into the layers a request goes through. */
const GROUPS: [string, RegExp][] = [
  [
    'HTTP server and middleware (node:http, fastify or express, router, helmet, cors, body parsing)',
    /^(node:_http|express$|router$|path-to-regexp|helmet|cors$|body-parser|raw-body|content-type|type-is|on-finished|finalhandler|send$|etag$|fresh$|vary$|qs$|node:querystring|fastify$|find-my-way|@fastify\/.*|fast-querystring|fast-json-stringify|light-my-request|avvio|toad-cache|safe-regex2|secure-json-parse|abstract-logging|process-warning|rfdc)/,
  ],
  [
    'Nest pipeline (core, common, adapters, rxjs, reflect-metadata, class-validator/-transformer)',
    /^(@nestjs\/(core|common|platform-express|platform-fastify)|rxjs|reflect-metadata|class-validator|class-transformer|validator$)/,
  ],
  [
    'Request logging (pino, pino-http, nestjs-pino, redaction)',
    /^(pino|pino-http|nestjs-pino|@pinojs\/redact|sonic-boom|fast-redact|pino-std-serializers|quick-format-unescaped|thread-stream|on-exit-leak-free|atomic-sleep|safe-stable-stringify)$/,
  ],
  ['ORM (typeorm)', /^typeorm$/],
  [
    'Postgres driver (pg, pg-protocol, type parsers)',
    /^(pg|pg-protocol|pg-pool|pg-types|postgres-date|postgres-array|postgres-bytea|postgres-interval|pgpass|pg-int8)$/,
  ],
  ['Redis and cache (ioredis, cache-manager, keyv)', /^(ioredis|redis-parser|denque|cache-manager|keyv|@keyv\/.*|@nestjs\/cache-manager|lodash.*)$/],
  [
    'Auth and rate limit (passport, jsonwebtoken, throttler)',
    /^(passport.*|jsonwebtoken|jws|jwa|jwks-rsa|jose|@nestjs\/(passport|throttler)|ecdsa-sig-formatter|safe-buffer|lodash\..*)$/,
  ],
  ['Metrics (prom-client)', /^(prom-client|@willsoto\/.*|tdigest|bintrees)$/],
  ['Application code (apps/, libs/, the reference)', /^(apps\/|libs\/|\/)/],
  ['Garbage collector', /^\(garbage collector\)$/],
  ['Node.js internals (streams, events, timers, buffers)', /^node:/],
];

export function groupOf(pkg: string): string {
  return GROUPS.find(([, re]) => re.test(pkg))?.[0] ?? 'Other packages';
}

export function summarise(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName)).reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const fnSelf = new Map<string, number>();
  const fnIncl = new Map<string, number>();
  const pkgSelf = new Map<string, number>();
  const pkgIncl = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (['(idle)', '(program)'].includes(functionName)) continue;
    const name = `${functionName || '(anonymous)'} ${url ? `${packageOf(url, functionName)}:${lineNumber + 1}` : ''}`.trim();
    fnSelf.set(name, (fnSelf.get(name) ?? 0) + t);
    pkgSelf.set(packageOf(url, functionName), (pkgSelf.get(packageOf(url, functionName)) ?? 0) + t);
    const seen = new Set<string>();
    const seenFn = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (f.functionName === '(root)') continue;
      const pkg = packageOf(f.url, f.functionName);
      seen.add(pkg);
      if (f.url && !pkg.startsWith('node:')) seenFn.add(`${f.functionName || '(anonymous)'} ${pkg}:${f.lineNumber + 1}`);
    }
    for (const p of seen) pkgIncl.set(p, (pkgIncl.get(p) ?? 0) + t);
    for (const f of seenFn) fnIncl.set(f, (fnIncl.get(f) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1)}%`.padStart(6);
  const rows = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  // Samples land on native frames (syscalls) also while the thread waits to be
  // scheduled again, so shares of JavaScript time are the steadier figure.
  const js = busy - (pkgSelf.get('(native)') ?? 0);
  const jsPct = (t: number) => `${((100 * t) / js).toFixed(1)}%`.padStart(6);
  const groups = new Map<string, number>();
  for (const [pkg, t] of pkgSelf) if (pkg !== '(native)') groups.set(groupOf(pkg), (groups.get(groupOf(pkg)) ?? 0) + t);
  return [
    `busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s sampled (idle/program ${(idle / 1e6).toFixed(1)} s); percentages of busy time`,
    '',
    `self time by layer, share of JavaScript + GC time (natives — syscalls and the waits behind them — ${pct(pkgSelf.get('(native)') ?? 0).trim()} of busy time, excluded):`,
    ...[...groups].sort((a, b) => b[1] - a[1]).map(([k, t]) => `${jsPct(t)}  ${k}`),
    '',
    'self time by package (of busy time | of JavaScript + GC time, natives excluded):',
    ...rows(pkgSelf).map(([k, t]) => `${pct(t)} | ${k === '(native)' ? '     -' : jsPct(t)}  ${k}`),
    '',
    'inclusive time by package (on the stack):',
    ...rows(pkgIncl).map(([k, t]) => `${pct(t)}  ${k}`),
    '',
    'self time by function:',
    ...rows(fnSelf).map(([k, t]) => `${pct(t)}  ${k}`),
    '',
    'inclusive time by function (synchronous part of each stack; awaits cut stacks):',
    ...rows(fnIncl).map(([k, t]) => `${pct(t)}  ${k}`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx test/load/profile-summary.ts <file.cpuprofile> [top]');
  process.stdout.write(`${summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25))}\n`);
}
