/**
 * CPU time of a set of processes from /proc/<pid>/stat (utime + stime, every
 * thread of the process). A "tree" root also counts its direct children (the
 * Postgres backends) and the time of children it has already reaped
 * (cutime + cstime), so backends that exit during a run are not lost.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface Stat {
  ppid: number;
  own: number;
  reaped: number;
}

function statOf(pid: number): Stat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ")".
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i - 3]);
    return { ppid: n(4), own: n(14) + n(15), reaped: n(16) + n(17) };
  } catch {
    return undefined;
  }
}

function childrenOf(parents: Set<number>): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = statOf(pid);
    if (stat && parents.has(stat.ppid)) found.push(pid);
  }
  return found;
}

/** User and system CPU microseconds of one process so far. */
export function userSystemMicros(pid: number): { user: number; system: number } {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return { user: (Number(fields[11]) / TICKS_PER_SECOND) * 1e6, system: (Number(fields[12]) / TICKS_PER_SECOND) * 1e6 };
  } catch {
    return { user: 0, system: 0 };
  }
}

/** A process and its direct children (a postmaster and its backends). */
export function withChildren(root: number): number[] {
  return [root, ...childrenOf(new Set([root]))];
}

/** Ticks per pid at one instant: single processes, and trees (root + children + reaped). */
export type CpuSnapshot = Map<string, number>;

export function snapshot(processes: { single: number[]; trees: number[] }): CpuSnapshot {
  const snap: CpuSnapshot = new Map();
  for (const pid of processes.single) snap.set(`p${pid}`, statOf(pid)?.own ?? 0);
  for (const root of processes.trees) {
    const stat = statOf(root);
    if (!stat) continue;
    snap.set(`p${root}`, stat.own);
    snap.set(`reaped${root}`, stat.reaped);
    for (const child of childrenOf(new Set([root]))) snap.set(`c${child}`, statOf(child)?.own ?? 0);
  }
  return snap;
}

/** CPU microseconds spent between two snapshots (a process new in `after` counts from zero). */
export function cpuMicros(before: CpuSnapshot, after: CpuSnapshot): number {
  let ticks = 0;
  for (const [key, value] of after) ticks += Math.max(0, value - (before.get(key) ?? 0));
  // A child that exited in between is in its root's reaped time with its whole
  // life: take off the part it had already spent before the window.
  for (const [key, value] of before) if (key.startsWith('c') && !after.has(key)) ticks -= value;
  return (ticks / TICKS_PER_SECOND) * 1e6;
}
