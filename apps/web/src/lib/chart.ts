export interface Datum {
  label: string;
  value: number;
}

export interface Bar extends Datum {
  y: number;
  width: number;
}

export interface BarLayout {
  bars: Bar[];
  height: number;
  max: number;
}

/**
 * Geometry of a horizontal bar chart: one row per datum, bar widths scaled to
 * the largest value (an all-zero chart draws no bars, not NaN).
 */
export function layoutBars(data: Datum[], opts: { plotWidth: number; rowHeight: number; gap: number }): BarLayout {
  const max = Math.max(0, ...data.map((d) => d.value));
  const bars = data.map((d, i) => ({
    ...d,
    y: i * (opts.rowHeight + opts.gap),
    width: max > 0 ? (Math.max(0, d.value) / max) * opts.plotWidth : 0,
  }));
  const height = data.length ? data.length * opts.rowHeight + (data.length - 1) * opts.gap : 0;
  return { bars, height, max };
}
