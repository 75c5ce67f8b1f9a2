import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Jest loads global setup/teardown natively, outside its module mapping: these
// two files import only Node built-ins.

/**
 * Once per run: compile the server the scenarios start (the real `dist`
 * build), and open the file each scenario appends its summary row to
 * (SWITCHBOARD_FAULTS_SUMMARY, read by summary.ts; the scenarios inherit it).
 */
export default function globalSetup(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: resolve(import.meta.dirname, '../../..'), stdio: 'pipe' });
  const file = join(mkdtempSync(join(tmpdir(), 'switchboard-faults-')), 'summary.jsonl');
  writeFileSync(file, '');
  process.env.SWITCHBOARD_FAULTS_SUMMARY = file;
}
