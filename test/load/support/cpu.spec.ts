import { cpuMicros, snapshot, userSystemMicros, withChildren } from './cpu.js';

describe('CPU accounting from /proc', () => {
  it('counts a process that appears during the window from zero', () => {
    expect(cpuMicros(new Map(), new Map([['p1', 3]]))).toBeGreaterThan(0);
  });

  it('takes off what an exited child had spent before the window (its whole life is in the reaped time)', () => {
    const before = new Map([
      ['p1', 100],
      ['reaped1', 0],
      ['c2', 40],
    ]);
    const after = new Map([
      ['p1', 110],
      ['reaped1', 50],
    ]); // child 2 ran 10 more ticks, then exited
    const oneTick = cpuMicros(new Map(), new Map([['p1', 1]]));
    expect(cpuMicros(before, after)).toBeCloseTo(20 * oneTick);
  });

  it('reads this process and sees its CPU time grow', () => {
    const before = snapshot({ single: [process.pid], trees: [] });
    const until = Date.now() + 60;
    while (Date.now() < until); // burn some CPU
    const after = snapshot({ single: [process.pid], trees: [] });
    expect(cpuMicros(before, after)).toBeGreaterThan(0);
    const { user, system } = userSystemMicros(process.pid);
    expect(user + system).toBeGreaterThan(0);
    expect(withChildren(process.pid)[0]).toBe(process.pid);
  });
});
