import { bool, byteSize, csv, int, InvalidValue, oneOf, origins, text, trustProxy, url } from './schemas.js';

describe('setting parsers', () => {
  it('parse valid values', () => {
    expect(int(1, 10).parse('7')).toBe(7);
    expect(bool().parse('false')).toBe(false);
    expect(oneOf(['a', 'b'], 'expected a or b').parse('b')).toBe('b');
    expect(byteSize().parse('5mb')).toBe('5mb');
    expect(url(['redis', 'rediss']).parse('rediss://cache:6379')).toBe('rediss://cache:6379');
    expect(csv().parse(' a, ,b ')).toEqual(['a', 'b']);
    expect(origins().parse('https://console.example.com, http://localhost:5173')).toEqual(['https://console.example.com', 'http://localhost:5173']);
    expect(origins().parse('none')).toEqual([]);
    expect(origins().parse('')).toEqual([]);
    expect(text().parse('x')).toBe('x');
    expect(trustProxy().parse('1')).toBe(1);
    expect(trustProxy().parse('0')).toBe(0);
    expect(trustProxy().parse('10.0.0.0/8, 2001:db8::/32,loopback, 192.0.2.7')).toEqual(['10.0.0.0/8', '2001:db8::/32', 'loopback', '192.0.2.7']);
    expect(trustProxy().optional().parse(undefined)).toBeUndefined();
  });

  it.each(['true', 'yes please', '10.0.0.0/33', '2001:db8::/129', '10.0.0/8', '10.0.0.0/8/1', '33', ' , '])('refuse TRUST_PROXY=%j', (raw) => {
    expect(() => trustProxy().parse(raw)).toThrow(
      new InvalidValue('expected a hop count such as 1, or comma-separated addresses or CIDRs such as 10.0.0.0/8,loopback'),
    );
  });

  it.each([
    ['int, not a number', () => int(1, 10).parse('ten'), 'expected a whole number'],
    ['int, a fraction', () => int(1, 10).parse('1.5'), 'expected a whole number'],
    ['int, empty', () => int(0, 10).parse(' '), 'expected a whole number'],
    ['int, above', () => int(1, 10).parse('11'), 'expected at most 10'],
    ['bool', () => bool().parse('yes'), 'expected true or false'],
    ['oneOf', () => oneOf(['a'], 'expected a').parse('c'), 'expected a'],
    ['byteSize', () => byteSize().parse('5 gigs'), 'expected a size such as 512kb or 5mb'],
    ['url, wrong scheme', () => url(['postgres']).parse('mysql://db'), 'expected a postgres URL'],
    ['url, not a URL', () => url(['http', 'https']).parse('localhost'), 'expected a http or https URL'],
    [
      'origins, a path',
      () => origins().parse('https://console.example.com/app'),
      'expected comma-separated origins such as https://console.example.com, or none',
    ],
    ['origins, a wildcard', () => origins().parse('*'), 'expected comma-separated origins such as https://console.example.com, or none'],
    ['text, empty', () => text().parse(''), 'expected a value'],
    ['required, unset', () => text().parse(undefined), 'expected a value'],
  ])('reject %s with what they expect', (_case, parse, message) => {
    expect(parse).toThrow(new InvalidValue(message));
  });

  it('allow unset only when optional', () => {
    expect(url(['http']).optional().parse(undefined)).toBeUndefined();
    expect(() => url(['http']).optional().parse('ftp://x')).toThrow(InvalidValue);
  });
});
