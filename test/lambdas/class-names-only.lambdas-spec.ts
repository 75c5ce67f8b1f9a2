import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { classNamesOnly } from '../../scripts/lambda-build/class-names-only.js';

/** Bundles modules the way `npm run build:lambdas` does (both passes) and returns the minified code. */
async function bundleBothPasses(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'class-names-'));
  try {
    for (const [name, source] of Object.entries(files)) await writeFile(join(dir, name), source);
    const named = await build({ entryPoints: [join(dir, 'main.js')], bundle: true, format: 'esm', keepNames: true, minifyIdentifiers: true, write: false });
    const minified = await build({ stdin: { contents: classNamesOnly(named.outputFiles[0]!.text), resolveDir: dir }, bundle: true, format: 'iife', minify: true, write: false });
    return minified.outputFiles[0]!.text;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('classNamesOnly (the Lambda build keeps class names, not function names)', () => {
  it('keeps every class name, colliding ones included, and drops functions’ names', async () => {
    const code = await bundleBothPasses({
      'a.js': [
        'export class ContactsService {}',
        'export function normalisePhone() { return 1; }',
        'export const arrow = (x) => x + 1;',
        // Parenthesised, and called where it is defined: the parentheses must survive.
        "export const isArrayLike = ((x) => x && typeof x.length === 'number');",
        'export const computed = (function compute() { return 5; })();',
      ].join('\n'),
      'b.js': 'export class ContactsService {}\nexport let Decorated = class Decorated { static x = 1; };',
      'main.js': [
        "import { ContactsService as A, normalisePhone, arrow, isArrayLike, computed } from './a.js';",
        "import { ContactsService as B, Decorated } from './b.js';",
        'globalThis.names = [A.name, B.name, Decorated.name, normalisePhone.name, arrow.name, isArrayLike.name];',
        'globalThis.results = [normalisePhone(), arrow(1), isArrayLike([]), computed];',
      ].join('\n'),
    });
    const context: { names?: string[]; results?: unknown[] } = {};
    runInNewContext(code, context);
    const [a, b, decorated, ...functions] = context.names!;
    expect([a, b, decorated]).toEqual(['ContactsService', 'ContactsService', 'Decorated']);
    expect(functions).not.toContain('normalisePhone'); // minified, and no longer named back
    expect(functions).not.toContain('arrow');
    expect(functions).not.toContain('isArrayLike');
    expect(context.results).toEqual([1, 2, true, 5]);
    expect(code).not.toMatch(/"(normalisePhone|arrow|isArrayLike|compute)"/);
  });

  it('fails the build when esbuild’s naming helper is not where it expects it', () => {
    expect(() => classNamesOnly('function f() {}\n')).toThrow(/__name helper was not found/);
  });
});
