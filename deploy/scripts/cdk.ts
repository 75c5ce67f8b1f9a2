// Runs the CDK CLI on deploy/ from the repository root: `npm run cdk:synth`, `npm run cdk:diff`.
// synth and diff bundle the Lambdas first (`npm run build:lambdas`). While that script does not
// exist, they synthesize placeholder bundles instead and say so loudly: such an assembly must
// never be deployed.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePlaceholderBundles } from '../lib/bundles.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [command = 'synth', ...args] = process.argv.slice(2);

function run(cmd: string, cmdArgs: string[], cwd = root): void {
  const result = spawnSync(cmd, cmdArgs, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const extra: string[] = [];
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
if (['synth', 'diff', 'deploy'].includes(command)) {
  if (scripts['build:lambdas']) {
    run('npm', ['run', 'build:lambdas']);
  } else if (command === 'deploy') {
    console.error('npm run build:lambdas does not exist yet: refusing to deploy placeholder bundles.');
    process.exit(1);
  } else {
    const dir = join(root, 'dist', 'lambdas-placeholder');
    rmSync(dir, { recursive: true, force: true });
    writePlaceholderBundles(dir);
    console.warn(`\n*** npm run build:lambdas does not exist yet: synthesizing PLACEHOLDER bundles from ${dir}.\n*** This assembly is for checks only; do not deploy it.\n`);
    extra.push('-c', `lambdasDir=${dir}`);
  }
}
run(join(root, 'node_modules', '.bin', 'cdk'), [command, ...extra, ...args], join(root, 'deploy'));
