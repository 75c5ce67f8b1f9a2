// Compares two synthesized cloud assemblies stack by stack, offline (no AWS credentials):
// what a change does to the infrastructure, for review on a pull request.
//   npm run cdk:review -- <base assembly dir> <head assembly dir> [--fail]
// Stacks are matched by construct path; each pair goes through `cdk diff --template`,
// but for byte-identical templates (most stacks of most changes), which it would only
// report as unchanged at the cost of a CLI start each. --fail exits 1 when anything differs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const fail = args.includes('--fail');
const [baseDir, headDir] = args.filter((a) => a !== '--fail').map((a) => resolve(a));
if (!baseDir || !headDir) {
  console.error('usage: npm run cdk:review -- <base assembly dir> <head assembly dir> [--fail]');
  process.exit(2);
}

const stacks = (dir: string) => new Map(new CloudAssembly(dir).stacksRecursively.map((s) => [s.hierarchicalId, s]));
const base = stacks(baseDir);
const head = stacks(headDir);
let changed = 0;

for (const [id, stack] of head) {
  const before = base.get(id);
  if (!before) {
    console.log(`\n[+] new stack ${id} (${stack.stackName}): ${Object.keys((stack.template as { Resources?: object }).Resources ?? {}).length} resources`);
    changed++;
    continue;
  }
  if (readFileSync(before.templateFullPath, 'utf8') === readFileSync(stack.templateFullPath, 'utf8')) {
    // The heading `cdk diff` prints: the stack name follows a path that differs from it.
    console.log(`\nStack ${id}${id === stack.stackName ? '' : ` (${stack.stackName})`}\nThere were no differences (identical templates)`);
    continue;
  }
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'cdk'),
    ['diff', '--app', headDir, '--exclusively', id, '--template', before.templateFullPath, '--fail', '--no-notices'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' } },
  );
  if (result.status === 1) changed++;
  else if (result.status !== 0) process.exit(result.status ?? 2);
}
for (const id of base.keys()) {
  if (!head.has(id)) {
    console.log(`\n[-] removed stack ${id}`);
    changed++;
  }
}
console.log(`\n${changed} of ${new Set([...base.keys(), ...head.keys()]).size} stacks differ.`);
process.exit(fail && changed > 0 ? 1 : 0);
