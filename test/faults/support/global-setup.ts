import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Jest loads global setup/teardown natively, outside its module mapping: these
// two files import only Node built-ins.

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Once per run: compile the server the scenarios start (the real `dist`
 * build) and take a copy of it, so a rebuild of `dist` while the suite runs
 * cannot change the server under test halfway (SWITCHBOARD_FAULTS_SERVER).
 * The copy sits under node_modules/.cache so it resolves the same packages.
 * Also opens the file each scenario appends its summary row to
 * (SWITCHBOARD_FAULTS_SUMMARY). Scenarios inherit both variables.
 */
export default function globalSetup(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const copy = mkdtempSync(join(cache, 'switchboard-faults-'));
  for (const folder of ['apps', 'libs']) cpSync(join(ROOT, 'dist', folder), join(copy, 'dist', folder), { recursive: true });
  // Its own package.json: Node looks no further up than node_modules for the package scope, and
  // the copy's "#switchboard/*" imports must resolve to the copy's dist.
  cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  process.env.SWITCHBOARD_FAULTS_SERVER = join(copy, 'dist', 'apps', 'api', 'src', 'main.js');

  const file = join(mkdtempSync(join(tmpdir(), 'switchboard-faults-')), 'summary.jsonl');
  writeFileSync(file, '');
  process.env.SWITCHBOARD_FAULTS_SUMMARY = file;
}
