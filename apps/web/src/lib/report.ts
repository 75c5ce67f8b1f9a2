import type { Datum } from './chart.js';
import { DISPOSITIONS, type DispositionCounts } from './types.js';

/**
 * Dispositions as chart data in a stable order: the known ones first (zeros
 * included), then any the server added that this console does not know yet.
 */
export function dispositionData(counts: DispositionCounts | undefined): Datum[] {
  const map = new Map<string, number>();
  if (Array.isArray(counts)) for (const c of counts) map.set(c.disposition, Number(c.count) || 0);
  else if (counts) for (const [k, v] of Object.entries(counts)) map.set(k, Number(v) || 0);
  const known = DISPOSITIONS.map((label) => ({ label, value: map.get(label) ?? 0 }));
  const extra = [...map.entries()].filter(([k]) => !(DISPOSITIONS as readonly string[]).includes(k)).map(([label, value]) => ({ label, value }));
  return [...known, ...extra];
}
