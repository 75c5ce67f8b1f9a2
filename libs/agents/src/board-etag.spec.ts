import { bodyEtag, noneMatch } from './board-etag.js';

describe('bodyEtag and noneMatch', () => {
  it('gives equal bodies one weak ETag and different bodies another', () => {
    const a = bodyEtag({ items: [{ id: '1', state: 'available' }], nextCursor: null });
    expect(a).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(bodyEtag({ items: [{ id: '1', state: 'available' }], nextCursor: null })).toBe(a);
    expect(bodyEtag({ items: [{ id: '1', state: 'break' }], nextCursor: null })).not.toBe(a);
  });

  it('matches the ETag weakly, within a list, or *; nothing without a header', () => {
    const etag = 'W/"abc"';
    expect(noneMatch('W/"abc"', etag)).toBe(true);
    expect(noneMatch('"abc"', etag)).toBe(true);
    expect(noneMatch('W/"x", W/"abc"', etag)).toBe(true);
    expect(noneMatch('*', etag)).toBe(true);
    expect(noneMatch('W/"abd"', etag)).toBe(false);
    expect(noneMatch(undefined, etag)).toBe(false);
    expect(noneMatch('', etag)).toBe(false);
  });
});
