// Runs the CDK CLI on deploy/ from the repository root: `npm run cdk:synth`, `npm run cdk:diff`.
// synth and diff bundle the Lambdas first (`npm run build:lambdas`). With --placeholder-bundles
// (or while build:lambdas does not exist) they use stub bundles instead and say so loudly: such
// an assembly is for reviewing the infrastructure and must never be deployed.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePlaceholderBundles } from '../lib/bundles.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const placeholders = argv.includes('--placeholder-bundles');
const [command = 'synth', ...args] = argv.filter((a) => a !== '--placeholder-bundles');

function run(cmd: string, cmdArgs: string[], cwd = root): void {
  const result = spawnSync(cmd, cmdArgs, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const extra: string[] = [];
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
if (['synth', 'diff', 'deploy'].includes(command)) {
  if (command === 'deploy' && (placeholders || !scripts['build:lambdas'])) {
    console.error('Refusing to deploy placeholder bundles: run with the real ones (npm run build:lambdas).');
    process.exit(1);
  } else if (scripts['build:lambdas'] && !placeholders) {
    run('npm', ['run', 'build:lambdas']);
  } else {
    const dir = join(root, 'dist', 'lambdas-placeholder');
    rmSync(dir, { recursive: true, force: true });
    writePlaceholderBundles(dir);
    console.warn(`\n*** Synthesizing with PLACEHOLDER bundles from ${dir}.\n*** This assembly is for reviewing the infrastructure only; do not deploy it.\n`);
    extra.push('-c', `lambdasDir=${dir}`);
  }
}
run(join(root, 'node_modules', '.bin', 'cdk'), [command, ...extra, ...args], join(root, 'deploy'));
