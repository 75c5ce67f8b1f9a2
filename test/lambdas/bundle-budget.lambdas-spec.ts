import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** The size target of an HTTP function's bundle (issue #7): 1 MiB of minified JavaScript. */
const HTTP_BUNDLE_BUDGET = 1024 * 1024;

interface Built {
  kind: 'http' | 'worker' | 'migrate';
  name: string;
  bytes: number;
}

describe('bundle budget (dist/lambdas/manifest.json, written by npm run build:lambdas)', () => {
  it('keeps every HTTP function within 1 MiB minified', async () => {
    const manifest = JSON.parse(await readFile(resolve(import.meta.dirname, '../../dist/lambdas/manifest.json'), 'utf8')) as Built[];
    const http = manifest.filter((fn) => fn.kind === 'http');
    expect(http.map((fn) => fn.name).sort()).toEqual(['agents', 'calls', 'campaigns', 'contacts', 'reports', 'telephony']);
    // A function over budget shows with its size: see docs/benchmarks.md for what weighs what.
    expect(http.filter((fn) => fn.bytes > HTTP_BUNDLE_BUDGET).map((fn) => `${fn.name}: ${fn.bytes} bytes`)).toEqual([]);
  });
});
