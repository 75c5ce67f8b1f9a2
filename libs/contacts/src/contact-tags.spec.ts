import { normaliseTags } from './contact-tags.js';

describe('normaliseTags', () => {
  it('trims and keeps each tag once, first occurrence first', () => {
    expect(normaliseTags([' vip', 'emea', 'vip ', 'amer'])).toEqual(['vip', 'emea', 'amer']);
  });
});
