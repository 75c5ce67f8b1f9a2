import { decode } from '@jridgewell/sourcemap-codec';

/**
 * Bytes of a minified bundle per original source, read from its source map:
 * each mapped segment of generated code counts for the source it came from,
 * up to the next segment (code that maps nowhere is esbuild's runtime).
 */
export function bytesBySource(mapJson: string): Map<string, number> {
  const map = JSON.parse(mapJson) as { sources: string[]; mappings: string };
  const sizes = new Map<string, number>();
  const add = (source: string, bytes: number) => sizes.set(source, (sizes.get(source) ?? 0) + bytes);
  // Columns count UTF-16 code units; a minified bundle is nearly all ASCII, so they are bytes.
  for (const line of decode(map.mappings)) {
    line.forEach((segment, i) => {
      const end = line[i + 1]?.[0];
      if (end === undefined) return; // the rest of a minified line is at most a few bytes
      add(segment.length > 1 ? map.sources[segment[1]!]! : '(esbuild runtime)', end - segment[0]);
    });
  }
  return sizes;
}

/** Bytes in the minified bundle per package (or `(app)` for our own code). */
export function packageSizes(sizes: Map<string, number>): [string, number][] {
  const byPackage = new Map<string, number>();
  for (const [path, bytes] of sizes) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    // class-validator and class-transformer ship source maps that place their TypeScript in ../src/.
    const key = /node_modules\/src\//.test(path) ? '(class-validator, class-transformer)' : match ? match[1]! : path.startsWith('(') ? path : '(app)';
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytes);
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}
