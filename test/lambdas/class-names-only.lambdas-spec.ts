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
  it('keeps every class name, colliding ones included, and drops function declarations’ names', async () => {
    const code = await bundleBothPasses({
      'a.js': 'export class ContactsService {}\nexport function normalisePhone() { return 1; }\nexport const arrow = () => 2;',
      'b.js': 'export class ContactsService {}\nexport let Decorated = class Decorated { static x = 1; };',
      'main.js': [
        "import { ContactsService as A, normalisePhone, arrow } from './a.js';",
        "import { ContactsService as B, Decorated } from './b.js';",
        'globalThis.names = [A.name, B.name, Decorated.name, arrow.name, normalisePhone.name, normalisePhone()];',
      ].join('\n'),
    });
    const context: { names?: unknown[] } = {};
    runInNewContext(code, context);
    const [a, b, decorated, arrow, fn, result] = context.names!;
    expect([a, b, decorated, arrow]).toEqual(['ContactsService', 'ContactsService', 'Decorated', 'arrow']);
    expect(fn).not.toBe('normalisePhone'); // minified, and no longer renamed back
    expect(result).toBe(1);
    expect(code).not.toContain('"normalisePhone"');
  });

  it('fails the build when esbuild’s naming helper is not where it expects it', () => {
    expect(() => classNamesOnly('function f() {}\n')).toThrow(/__name helper was not found/);
  });
});
