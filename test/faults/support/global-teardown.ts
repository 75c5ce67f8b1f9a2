import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// Loaded natively by Jest (see global-setup.ts): Node built-ins only.

interface Row {
  scenario: string;
  requests: number;
  failures: number;
  lostWrites: number;
  passed?: boolean;
}

function table(rows: Row[]): string {
  const header = ['scenario', 'requests', 'failures', 'lost writes'];
  const total = rows.reduce(
    (t, r) => ({ ...t, requests: t.requests + r.requests, failures: t.failures + r.failures, lostWrites: t.lostWrites + r.lostWrites }),
    {
      scenario: 'total',
      requests: 0,
      failures: 0,
      lostWrites: 0,
    },
  );
  const cells = [...rows, total].map((r) => [
    r === total || r.passed ? r.scenario : `${r.scenario} (FAILED)`,
    String(r.requests),
    String(r.failures),
    String(r.lostWrites),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...cells.slice(0, -1).map(line), rule, line(cells.at(-1)!)].join('\n');
}

/** Prints the table of every scenario that ran: the last thing in the output. */
export default function globalTeardown(): void {
  const server = process.env.SWITCHBOARD_FAULTS_SERVER;
  const copy = server && resolve(server, '../../../../..');
  if (copy && /switchboard-faults-[^/]+$/.test(copy)) rmSync(copy, { recursive: true, force: true });
  const file = process.env.SWITCHBOARD_FAULTS_SUMMARY;
  if (!file || !existsSync(file)) return;
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Row);
  rmSync(dirname(file), { recursive: true, force: true });
  process.stdout.write(`\nFault and abuse suite\n${table(rows)}\n`);
}
