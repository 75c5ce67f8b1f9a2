import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

export const ROOT = resolve(import.meta.dirname, '../../..');

export const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  profiles?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  command?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const compose = (): ComposeFile => parse(read('docker-compose.yml')) as ComposeFile;

/** KEY=value lines of .env.example. */
export function envExample(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of read('.env.example').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Metric names a dashboard's queries read (without histogram suffixes). */
export function dashboardMetrics(): string[] {
  const dashboard = JSON.parse(read('observability/grafana/dashboards/switchboard.json')) as { panels: { targets: { expr: string }[] }[] };
  const names = new Set<string>();
  const functions = new Set(['sum', 'by', 'rate', 'histogram_quantile', 'clamp_min', 'min', 'max', 'le', 'status', 'route', 'result', 'queue', 'outcome']);
  for (const panel of dashboard.panels) {
    for (const { expr } of panel.targets) {
      for (const [token] of expr.matchAll(/[a-z_][a-z0-9_]*/g)) {
        if (!functions.has(token) && token.includes('_')) names.add(token.replace(/_(bucket|count|sum)$/, ''));
      }
    }
  }
  return [...names].sort();
}
