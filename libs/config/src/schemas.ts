import { isIP } from 'node:net';

/**
 * Parsers for the string values settings arrive as. Plain functions rather
 * than a schema library: every Lambda parses its settings at cold start, and
 * these few rules are not worth 200 KB of bundle (docs/benchmarks.md).
 */

/** Turns a setting's raw string (undefined when unset) into its value, or throws `InvalidValue`. */
export interface Parser<T> {
  parse(raw: string | undefined): T;
  /** The same parser, with unset allowed (→ `undefined`). */
  optional(): Parser<T | undefined>;
}

/** What a raw value should have been; `readSetting` wraps it with the key and its doc. */
export class InvalidValue extends Error {}

/** The value a parser yields. */
export type ParsedValue<P> = P extends Parser<infer T> ? T : never;

function parser<T>(parse: (raw: string) => T, whenUnset = 'expected a value'): Parser<T> {
  return {
    parse: (raw) => {
      if (raw === undefined) throw new InvalidValue(whenUnset);
      return parse(raw);
    },
    optional: () => optionalOf(parse),
  };
}

function optionalOf<T>(parse: (raw: string) => T): Parser<T | undefined> {
  const self: Parser<T | undefined> = { parse: (raw) => (raw === undefined ? undefined : parse(raw)), optional: () => self };
  return self;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new InvalidValue(message);
}

export const int = (min: number, max: number): Parser<number> =>
  parser((raw) => {
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    check(Number.isInteger(value), 'expected a whole number');
    check(value >= min, `expected at least ${min}`);
    check(value <= max, `expected at most ${max}`);
    return value;
  }, 'expected a whole number');

export const bool = (): Parser<boolean> =>
  parser((raw) => {
    check(raw === 'true' || raw === 'false', 'expected true or false');
    return raw === 'true';
  }, 'expected true or false');

/** One of `values`; `expected` names them in the error. */
export const oneOf = <const V extends readonly string[]>(values: V, expected: string): Parser<V[number]> =>
  parser((raw) => {
    check(values.includes(raw), expected);
    return raw as V[number];
  }, expected);

export const byteSize = (): Parser<string> =>
  parser((raw) => {
    check(/^\d+(b|kb|mb)?$/i.test(raw), 'expected a size such as 512kb or 5mb');
    return raw;
  });

export const url = (protocols: string[]): Parser<string> => {
  const expected = `expected a ${protocols.join(' or ')} URL`;
  return parser((raw) => {
    check(URL.canParse(raw) && protocols.includes(new URL(raw).protocol.replace(':', '')), expected);
    return raw;
  }, expected);
};

export const csv = (): Parser<string[]> =>
  parser((raw) =>
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/**
 * Browser origins (`https://host[:port]`, comma-separated), or `none`: the
 * way to say "no origin" where a value must be present (production, and SSM,
 * which stores no empty values).
 */
export const origins = (): Parser<string[]> => {
  const expected = 'expected comma-separated origins such as https://console.example.com, or none';
  return parser((raw) => {
    if (raw.trim().toLowerCase() === 'none') return [];
    const list = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const origin of list) check(URL.canParse(origin) && new URL(origin).origin === origin.replace(/\/$/, ''), expected);
    return list;
  }, expected);
};

/** Express's named subnets (`trust proxy` accepts them beside addresses and CIDRs). */
const NAMED_SUBNETS = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrCidr(entry: string): boolean {
  if (NAMED_SUBNETS.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

/**
 * The proxies in front of the server, in Express's `trust proxy` terms: a hop
 * count (`1`: the address the nearest proxy saw; `0`: none) or comma-separated
 * addresses, CIDRs and Express's named subnets (loopback, linklocal,
 * uniquelocal) whose X-Forwarded-For entries are believed.
 */
export const trustProxy = (): Parser<number | string[]> => {
  const expected = 'expected a hop count such as 1, or comma-separated addresses or CIDRs such as 10.0.0.0/8,loopback';
  return parser((raw) => {
    const value = raw.trim();
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      check(hops <= 32, expected);
      return hops;
    }
    const list = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    check(list.length > 0 && list.every(isAddressOrCidr), expected);
    return list;
  }, expected);
};

export const text = (): Parser<string> =>
  parser((raw) => {
    check(raw.length > 0, 'expected a value');
    return raw;
  });

/** One key of a key ring: an id named in what it sealed, and 32 bytes of AES-256 key. */
export interface EncryptionKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * A key ring, `<id>:<base64 of 32 bytes>` comma-separated: the first key
 * encrypts, every key decrypts, so a rotation adds a key in front and drops the
 * old one once nothing sealed with it is left.
 */
export const encryptionKeys = (): Parser<EncryptionKey[]> => {
  const expected = 'expected comma-separated <id>:<32 bytes in base64>, ids of letters, digits, - and _';
  return parser((raw) => {
    const keys = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((entry) => {
        const [id = '', encoded = '', ...rest] = entry.split(':');
        const key = Buffer.from(encoded, 'base64');
        check(rest.length === 0 && /^[\w-]{1,32}$/.test(id) && key.length === 32, expected);
        return { id, key };
      });
    check(keys.length > 0 && new Set(keys.map((k) => k.id)).size === keys.length, expected);
    return keys;
  }, expected);
};
