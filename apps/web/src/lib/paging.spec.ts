import { KeysetPager } from './paging.js';

describe('keyset pager', () => {
  it('walks forward with the server cursors and back through the ones it kept', () => {
    const pager = new KeysetPager();
    expect([pager.cursor, pager.page, pager.hasPrevious, pager.hasNext]).toEqual([null, 1, false, false]);
    pager.loaded('c2');
    expect(pager.hasNext).toBe(true);
    expect(pager.forward()).toBe('c2');
    pager.loaded('c3');
    expect(pager.forward()).toBe('c3');
    pager.loaded(null);
    expect([pager.page, pager.hasNext, pager.hasPrevious]).toEqual([3, false, true]);
    expect(pager.back()).toBe('c2');
    expect(pager.back()).toBeNull();
    expect(pager.back()).toBeNull();
    expect(pager.page).toBe(1);
  });

  it('stays put when there is no next page, and resets', () => {
    const pager = new KeysetPager();
    pager.loaded(null);
    expect(pager.forward()).toBeNull();
    expect(pager.page).toBe(1);
    pager.loaded('x');
    pager.forward();
    pager.reset();
    expect([pager.cursor, pager.page, pager.hasNext]).toEqual([null, 1, false]);
  });
});
