import type { Metafile } from 'esbuild';

/**
 * Bytes of a minified bundle per package (or `(app)` for our own code), from
 * esbuild's metafile: each input file's `bytesInOutput`. Read-only: for the
 * build's size table.
 */
export function packageSizes(metafile: Metafile): [string, number][] {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = [...path.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].at(-1)?.[1] ?? '(app)'; // the innermost package
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}
