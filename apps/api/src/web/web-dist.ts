import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds apps/web/dist by walking up from this file, so it is found both from
 * the sources (tests) and from the compiled dist/apps/api/src/web, and in a
 * container that copies both folders side by side.
 */
export function findWebDist(from: string = import.meta.dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}
