import { dispositionData } from './report.js';
import { DISPOSITIONS } from './types.js';

describe('disposition chart data', () => {
  it('lists every known disposition in a stable order, zeros included', () => {
    const data = dispositionData({ busy: 2, sale: 1 });
    expect(data.map((d) => d.label)).toEqual([...DISPOSITIONS]);
    expect(data.find((d) => d.label === 'sale')!.value).toBe(1);
    expect(data.find((d) => d.label === 'busy')!.value).toBe(2);
    expect(data.find((d) => d.label === 'voicemail')!.value).toBe(0);
  });

  it('reads the array shape too and keeps dispositions it does not know', () => {
    const data = dispositionData([
      { disposition: 'sale', count: 3 },
      { disposition: 'hung_up', count: 1 },
    ]);
    expect(data.find((d) => d.label === 'sale')!.value).toBe(3);
    expect(data.at(-1)).toEqual({ label: 'hung_up', value: 1 });
  });

  it('gives all zeros for a report without dispositions', () => {
    expect(dispositionData(undefined).every((d) => d.value === 0)).toBe(true);
  });
});
