import { layoutBars } from './chart.js';

describe('bar chart layout', () => {
  const opts = { plotWidth: 200, rowHeight: 18, gap: 6 };

  it('scales bars to the largest value and stacks rows', () => {
    const { bars, height, max } = layoutBars(
      [
        { label: 'sale', value: 4 },
        { label: 'busy', value: 1 },
        { label: 'voicemail', value: 0 },
      ],
      opts,
    );
    expect(max).toBe(4);
    expect(bars.map((b) => b.width)).toEqual([200, 50, 0]);
    expect(bars.map((b) => b.y)).toEqual([0, 24, 48]);
    expect(height).toBe(66);
  });

  it('draws nothing, not NaN, when every value is zero or there is no data', () => {
    expect(layoutBars([{ label: 'sale', value: 0 }], opts).bars[0]!.width).toBe(0);
    expect(layoutBars([], opts)).toEqual({ bars: [], height: 0, max: 0 });
  });
});
