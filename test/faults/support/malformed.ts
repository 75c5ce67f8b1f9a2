import fc from 'fast-check';
import type { RequestSpec } from './http.js';
import { type KnownIds, type Operation, pathIdFor, type Schema, validValue } from './openapi.js';

/**
 * Malformed requests generated from the OpenAPI document with fast-check. Each
 * case starts from a valid request built from the document (examples, enums,
 * real ids) and breaks exactly one thing, so every case is invalid by the
 * document and must be refused with a 4xx, whatever the route does with it.
 */

export interface FuzzContext {
  ids: KnownIds;
  /** Bearer token with every permission of the tenant that owns `ids`. */
  token: string;
  /** The webhook signature header for a raw body. */
  sign(body: string): string;
  /** HTTP_BODY_LIMIT and IMPORT_BODY_LIMIT, in bytes. */
  bodyLimit: number;
  importLimit: number;
}

export interface MalformedCase {
  kind: string;
  spec: RequestSpec;
}

/** The pieces of a request, before rendering. */
interface Parts {
  pathParams: Record<string, string>;
  /** Path params inserted as is (not percent-encoded), to send broken escapes. */
  rawPath?: boolean;
  /** Extra path segment(s) after the operation's path. */
  suffix?: string;
  query: [string, string][];
  headers: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  /** null: no content-type header even with a body. */
  contentType?: string | null;
}

type Path = (string | number)[];

interface Slot {
  path: Path;
  schema: Schema;
  required: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SAMPLE_UUID = '3f2c1e8a-7d4c-4b9e-8f1a-2d3c4b5a6978';

// The input tables are laid out by hand, related inputs on one line; the formatter leaves them so.
// prettier-ignore
const ODD_UNICODE = [
  '\u0000', '\u202E', '\u200B', '\u200D', '\uD800', '\uDC00', '\u0301', '\uFFFF', '\uFFFE', '\u{1F600}', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
  '\u0660\u0661', '\uFF10\uFF11', 'ǅ', '\u0130', '\u00DF', '\u0085', '\u001B[31m', '\u0007', 'Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334\u0319\u0324',
  '\u{10FFFF}', '\u0008', '\u007F', '\uFDD0', '\u0340\u0341',
];
// prettier-ignore
const INJECTIONS = [
  "' OR '1'='1", "' OR 1=1 --", "1; DROP TABLE contacts; --", "'); DELETE FROM agents; --", "' UNION SELECT tenant_id, sub FROM agents --",
  '" OR ""="', "1' AND pg_sleep(5) --", "$$; SELECT pg_sleep(5); $$", '\\x27 OR 1=1', "admin'--",
  '{"$gt":""}', '{"$ne":null}', '"},"tenantId":"other","x":"', '{"__proto__":{"isAdmin":true}}', '[{"$where":"1"}]',
  '${jndi:ldap://127.0.0.1/a}', '{{7*7}}', '<script>alert(1)</script>', '../../../../etc/passwd', '%00', '\\u0000', 'NaN', '-Infinity', '1e309',
];
// prettier-ignore
const BAD_UUIDS = [
  '', '0', '1', 'null', 'undefined', 'not-a-uuid', SAMPLE_UUID.slice(0, -1), `${SAMPLE_UUID}0`, `{${SAMPLE_UUID}}`, SAMPLE_UUID.replaceAll('-', ''),
  SAMPLE_UUID.replace('3', 'g'), ` ${SAMPLE_UUID}`, `${SAMPLE_UUID}\n`, 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', `${SAMPLE_UUID},${SAMPLE_UUID}`, '-1', '9'.repeat(40),
];
// prettier-ignore
const BAD_NUMBERS = ['-1', '0', '-0', '201', '1.5', '1e309', '9'.repeat(400), '9007199254740993', 'NaN', 'Infinity', '-Infinity', '', '1,000', '10abc', '५', 'null', 'true', '[]', '{}', '1e2x', '0.0000001'];
const b64 = (text: string) => Buffer.from(text).toString('base64url');
// prettier-ignore
const BAD_CURSORS = [
  '!!!', '====', 'a+b/c=', 'null', b64('[]'), b64('{}'), b64('null'), b64('["2026-01-01T00:00:00Z"]'), b64('["nope","' + SAMPLE_UUID + '"]'),
  b64('["2026-01-01T00:00:00Z",1]'), b64(`["2026-01-01T00:00:00Z","${SAMPLE_UUID}'; DROP TABLE contacts;--"]`), b64('{"__proto__":{"x":1}}'),
  b64('["2026-01-01T00:00:00Z","' + SAMPLE_UUID + '",' + '1,'.repeat(50) + '1]x'), 'a'.repeat(201), b64('[' + '['.repeat(5000) + ']'.repeat(5000) + ']'),
];
const BAD_IF_MATCH = ['abc', 'W/"x"', '"-1"', '"1.5"', '"99999999999"', 'W/"1", W/"2"', 'W/1', '"1', 'W/""', '" 1"', 'w/"1"', '"1"x', '""', 'W/"1"; DROP'];
// prettier-ignore
const BAD_AUTH = [
  'Bearer', 'Bearer ', 'Bearer x', 'Bearer x.y.z', 'Basic dXNlcjpwYXNz', 'Token abc', 'bearer  ', `Bearer ${'a'.repeat(4000)}`,
  'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4Iiwib3JnX2lkIjoiYWNtZSJ9.', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo',
  "Bearer ' OR 1=1 --", 'Bearer null', 'Bearer \t', 'Bearer a b c',
];
// prettier-ignore
const BAD_SIGNATURES = ['', 't=1', 'v1=abc', 't=abc,v1=abc', `t=${'9'.repeat(30)},v1=${'0'.repeat(64)}`, 't=0,v1=' + '0'.repeat(64), 'garbage', `t=1,${'v1=00,'.repeat(200)}`, 't=-1,v1=zz'];
// prettier-ignore
const WRONG_CONTENT_TYPES = [
  'text/plain', 'text/html', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=----x', 'application/octet-stream',
  'application/json-patch+json', 'application/vnd.api+json', 'image/png', 'text/csv', 'application/json; charset=utf-16', 'application/json; charset=latin1',
  'application/jsonx', 'json', '*/*', '',
];
// prettier-ignore
const MALFORMED_JSON = [
  '{', '{"a":', '{"a":1,}', "{'a':1}", '{"a":NaN}', '{"a":01}', '[1,2', '{"a":1}}', '{"a":"\\x41"}', '{"a":"\\u00"}', 'nul', 'undefined',
  '{"a":1}/*c*/', '{"a":1}\u0000', '"just a string"', '42', 'true', 'null', '{"a":1}{"b":2}', '['.repeat(100_000) + ']'.repeat(100_000),
  '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000), '{"a":"' + '\\'.repeat(1001) + '"}',
];
/** CSV bodies refused as a whole (a readable header with bad rows is accepted: its rows become row errors). */
// prettier-ignore
const MALFORMED_CSV = [
  '', 'name', 'name,phone', 'name,phone\n', '"name,phone\nAda,+12025550123', 'name,phone,phone\nAda,+1,+1', 'nom,telephone\nAda,+12025550123',
  'name;phone\nAda;+12025550123', 'email,tags\na@b.c,x', `${'col,'.repeat(5_000)}name,phone\nAda,1`, 'name,phone\n"Ada,+12025550123', '\uFEFF',
  '{"contacts":[{"name":"Ada","phone":"+12025550123"}]}', 'name,phone\u0000\nAda,+12025550123',
];
const UNKNOWN_KEYS = ['isAdmin', 'admin', 'tenant', 'tenant_id', 'owner', '$where', '$gt', '__v', '_id', 'password', 'deleted_at', 'constructor.prototype'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];
/** As JSON text: parsed, `__proto__` is an own key (an object literal would set the prototype instead). */
const PROTO_VALUES = [
  '{"isAdmin":true}',
  '{"tenantId":"other-tenant"}',
  '{"prototype":{"polluted":true}}',
  '{"toString":"x","valueOf":1}',
  '{"__proto__":{"polluted":true}}',
];
const JUNK_PATH_SEGMENTS = ['%ZZ', '%', '%E0%A4%A', '%00', '%2F', '%2e%2e%2f', 'a%2Fb', '%C0%AE', '%uD800', ';', '%20', '~', '..;', '%252e', "'%20OR%201=1"];

/** The JSON type of a value, as schemas name types. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
const WRONG_TYPED = [123, -1.5, 0, true, false, null, [], [1, 2], {}, { a: 1 }, 'text', ''];

/**
 * Values of another JSON type than the schema's. null counts only where it
 * cannot mean "absent": a required property, or any property of a PATCH (where
 * null would clear it) that the document does not mark nullable.
 */
function wrongTypesFor(schema: Schema, nullIsWrong: boolean): unknown[] {
  const type = schema.type === 'integer' ? 'number' : (schema.type ?? 'string');
  return WRONG_TYPED.filter((v) => jsonType(v) !== type && !(v === null && (schema.nullable || !nullIsWrong)));
}

/** Sets a property so that `__proto__` becomes an own key, never the prototype. */
function define(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function setIn(base: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  define(node, path.at(-1)!, value);
  return copy;
}

function deleteIn(base: unknown, path: Path): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  delete node[path.at(-1)!];
  return copy;
}

function getIn(base: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], base);
}

/**
 * The places a body value can be broken: each property of an object schema,
 * nested objects with properties (a dialling window), and the first item of an
 * array of scalars. Arrays of objects (import rows, validated row by row into
 * row errors by design) are left whole.
 */
function slotsOf(schema: Schema, value: unknown, path: Path = []): Slot[] {
  const out: Slot[] = [];
  const required = new Set(schema.required ?? []);
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const here = [...path, key];
    out.push({ path: here, schema: prop, required: required.has(key) });
    const current = getIn(value, here);
    if (prop.type === 'object' && prop.properties && current && typeof current === 'object') out.push(...slotsOf(prop, value, here));
    if (prop.type === 'array' && prop.items && prop.items.type !== 'object' && !prop.items.properties && Array.isArray(current) && current.length) {
      out.push({ path: [...here, 0], schema: prop.items, required: false });
    }
  }
  return out;
}

/** Objects of the body with declared properties, where an unknown key is an error. */
function objectPaths(schema: Schema, value: unknown): Path[] {
  return [
    [],
    ...slotsOf(schema, value)
      .filter((s) => s.schema.type === 'object' && s.schema.properties && getIn(value, s.path))
      .map((s) => s.path),
  ];
}

/** Strings whose validity the document pins down: ids, timestamps, enums, patterns. */
const constrained = (s: Schema) =>
  (s.type === 'string' || s.type === undefined) && (s.format === 'uuid' || s.format === 'date-time' || !!s.enum || !!s.pattern);
const stringish = (s: Schema) => s.type === 'string' || (s.type === undefined && !s.properties);
/** A string value broken in the middle (ends stay, so trimming cannot repair it). */
const splice = (valid: string, insert: string) => {
  const at = Math.max(1, Math.floor(valid.length / 2));
  return `${valid.slice(0, at)}${insert}${valid.slice(at)}`;
};

interface Kind {
  name: string;
  weight: number;
  arbitrary: fc.Arbitrary<Parts>;
}

/** The kinds of breakage that apply to an operation, each an arbitrary of broken requests. */
function kindsFor(op: Operation, base: Parts, ctx: FuzzContext): Kind[] {
  const kinds: Kind[] = [];
  const add = (name: string, arbitrary: fc.Arbitrary<Parts> | undefined, weight = 3) => arbitrary && kinds.push({ name, weight, arbitrary });
  const withBody = (body: unknown): Parts => ({ ...base, body });
  const bodySchema = op.body?.schema;
  const slots = bodySchema && base.body !== undefined ? slotsOf(bodySchema, base.body) : [];
  const query = op.parameters.filter((p) => p.in === 'query');
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const oneOf = <T>(items: T[]) => (items.length ? fc.constantFrom(...items) : undefined);
  const limit = op.path.startsWith('/v1/contact-imports') || op.path.startsWith('/v1/dnc/imports') ? ctx.importLimit : ctx.bodyLimit;

  if (slots.length) {
    add(
      'wrong type',
      fc.oneof(
        fc.constantFrom<unknown>([], 'text', 42, true, [base.body]).map((body) => withBody(body)),
        fc
          .constantFrom(...slots)
          .chain((slot) =>
            fc.constantFrom(...wrongTypesFor(slot.schema, slot.required || op.method === 'PATCH')).map((v) => withBody(setIn(base.body, slot.path, v))),
          ),
      ),
    );
    const required = slots.filter((s) => s.required);
    add(
      'missing field',
      oneOf(required)?.map((slot) => withBody(deleteIn(base.body, slot.path))),
    );
    const objects = objectPaths(bodySchema!, base.body);
    const known = (path: Path) =>
      Object.keys(
        (path.length
          ? (getIn(
              bodySchema,
              path.flatMap((k) => ['properties', k]),
            ) as Schema)
          : bodySchema!
        ).properties ?? {},
      );
    add(
      'unknown field',
      fc
        .tuple(
          fc.constantFrom(...objects),
          fc.oneof(fc.constantFrom(...UNKNOWN_KEYS), fc.string({ minLength: 1, maxLength: 30 })),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .filter(([path, key]) => !known(path).includes(key))
        .map(([path, key, value]) => withBody(setIn(base.body, [...path, key], value))),
    );
    add(
      'prototype pollution key',
      fc
        .tuple(
          fc.constantFrom(...objects, ...slots.filter((s) => s.schema.additionalProperties && getIn(base.body, s.path)).map((s) => s.path)),
          fc.constantFrom(...PROTO_KEYS),
          fc.constantFrom(...PROTO_VALUES),
        )
        .map(([path, key, value]) => withBody(setIn(base.body, [...path, key], JSON.parse(value)))),
    );
    const strings = slots.filter((s) => stringish(s.schema));
    add(
      'huge string',
      oneOf(strings)?.chain((slot) =>
        (slot.schema.maxLength !== undefined
          ? fc.integer({ min: slot.schema.maxLength + 1, max: slot.schema.maxLength + 5_000 })
          : fc.integer({ min: 10_000, max: 100_000 })
        ).map((n) => withBody(setIn(base.body, slot.path, 'x'.repeat(n)))),
      ),
    );
    const pinned = slots.filter((s) => constrained(s.schema));
    add(
      'odd unicode',
      oneOf(pinned)?.chain((slot) =>
        fc
          .constantFrom(...ODD_UNICODE)
          .map((odd) => withBody(setIn(base.body, slot.path, splice(String(getIn(base.body, slot.path) ?? validValue(slot.schema, '', ctx.ids)), odd)))),
      ),
    );
    add(
      'NUL byte in text',
      oneOf(strings.filter((s) => getIn(base.body, s.path) !== undefined))?.map((slot) =>
        withBody(setIn(base.body, slot.path, splice(String(getIn(base.body, slot.path)), '\u0000'))),
      ),
      1,
    );
    add(
      'injection string',
      oneOf(pinned)?.chain((slot) => fc.constantFrom(...INJECTIONS).map((s) => withBody(setIn(base.body, slot.path, s)))),
    );
    const uuids = slots.filter((s) => s.schema.format === 'uuid');
    add(
      'bad uuid in body',
      oneOf(uuids)?.chain((slot) => fc.constantFrom(...BAD_UUIDS).map((s) => withBody(setIn(base.body, slot.path, s)))),
    );
    const numbers = slots.filter((s) => s.schema.type === 'number' || s.schema.type === 'integer');
    add(
      'bad number in body',
      oneOf(numbers)?.chain((slot) =>
        fc
          .constantFrom(-1, -1e308, 1e308, 2 ** 53 + 1, 0.5, -0)
          .filter((n) => slot.schema.minimum === undefined || n < slot.schema.minimum || (slot.schema.maximum !== undefined && n > slot.schema.maximum))
          .map((n) => withBody(setIn(base.body, slot.path, n))),
      ),
    );
  }

  if (pathParams.length) {
    add(
      'bad uuid in path',
      fc
        .tuple(
          fc.constantFrom(...pathParams),
          fc.oneof(
            fc.constantFrom(...BAD_UUIDS.filter(Boolean)),
            fc.string({ minLength: 1, maxLength: 60 }).filter((s) => !UUID.test(s) && s.trim() !== '' && !/^\.+$/.test(s)),
          ),
        )
        .map(([p, v]) => ({ ...base, pathParams: { ...base.pathParams, [p.name]: v } })),
    );
    add(
      'odd unicode in path',
      fc
        .tuple(fc.constantFrom(...pathParams), fc.constantFrom(...ODD_UNICODE))
        .map(([p, odd]) => ({ ...base, pathParams: { ...base.pathParams, [p.name]: splice(base.pathParams[p.name]!, odd) } })),
    );
    add(
      'injection in path',
      fc.tuple(fc.constantFrom(...pathParams), fc.constantFrom(...INJECTIONS)).map(([p, s]) => ({ ...base, pathParams: { ...base.pathParams, [p.name]: s } })),
    );
    add(
      'broken escape in path',
      fc
        .tuple(fc.constantFrom(...pathParams), fc.constantFrom(...JUNK_PATH_SEGMENTS))
        .map(([p, s]) => ({ ...base, rawPath: true, pathParams: { ...base.pathParams, [p.name]: s } })),
    );
    add(
      'huge path segment',
      fc.integer({ min: 200, max: 8_000 }).map((n) => ({ ...base, pathParams: Object.fromEntries(pathParams.map((p) => [p.name, 'a'.repeat(n)])) })),
      1,
    );
  } else {
    add(
      'junk path suffix',
      fc.constantFrom(...JUNK_PATH_SEGMENTS).map((s) => ({ ...base, suffix: s })),
      1,
    );
  }

  if (query.length) {
    const valueOf = (p: (typeof query)[number], i = 0) =>
      String(
        p.schema.enum?.[i % p.schema.enum.length] ??
          (p.schema.format === 'uuid'
            ? crypto.randomUUID()
            : p.schema.format === 'date-time'
              ? `2026-11-0${i + 1}T00:00:00Z`
              : p.schema.type === 'number' || p.schema.type === 'integer'
                ? 10 + i
                : `v${i}`),
      );
    add(
      'duplicate query parameter',
      fc.constantFrom(...query).map((p) => ({
        ...base,
        query: [
          [p.name, valueOf(p)],
          [p.name, valueOf(p, 1)],
        ] as [string, string][],
      })),
    );
    add(
      'unknown query parameter',
      fc
        .tuple(
          fc.oneof(
            fc.constantFrom(...UNKNOWN_KEYS, '__proto__', 'constructor[prototype][x]', 'limit[]', 'status[$ne]'),
            fc.string({ minLength: 1, maxLength: 20 }),
          ),
          fc.string({ maxLength: 20 }),
        )
        .filter(([key]) => !query.some((p) => p.name === key))
        .map(([key, value]) => ({ ...base, query: [[key, value]] as [string, string][] })),
    );
    const numeric = query.filter((p) => p.schema.type === 'number' || p.schema.type === 'integer');
    add(
      'bad number in query',
      oneOf(numeric)?.chain((p) => fc.constantFrom(...BAD_NUMBERS).map((v) => ({ ...base, query: [[p.name, v]] as [string, string][] }))),
    );
    const pinnedQuery = query.filter((p) => constrained(p.schema));
    add(
      'bad value in query',
      oneOf(pinnedQuery)?.chain((p) =>
        fc
          .oneof(
            fc.constantFrom(...BAD_UUIDS.filter(Boolean), ...INJECTIONS),
            fc.constantFrom(...ODD_UNICODE).map((odd) => splice(valueOf(p), odd)),
          )
          .filter((v) => v !== valueOf(p))
          .map((v) => ({ ...base, query: [[p.name, v]] as [string, string][] })),
      ),
    );
    add(
      'injection in query',
      fc.tuple(fc.constantFrom(...query), fc.constantFrom(...INJECTIONS)).map(([p, v]) => ({ ...base, query: [[p.name, v]] as [string, string][] })),
    );
    const text = query.filter((p) => stringish(p.schema) && !constrained(p.schema));
    add(
      'NUL in query',
      oneOf(text)?.map((p) => ({ ...base, query: [[p.name, 'a\u0000b']] as [string, string][] })),
      1,
    );
    add(
      'huge query value',
      fc
        .tuple(fc.constantFrom(...query), fc.integer({ min: 201, max: 6_000 }))
        .map(([p, n]) => ({ ...base, query: [[p.name, 'q'.repeat(n)]] as [string, string][] })),
      1,
    );
    if (query.some((p) => p.name === 'cursor'))
      add(
        'bad cursor',
        fc
          .oneof(fc.constantFrom(...BAD_CURSORS), fc.string({ minLength: 1, maxLength: 80 }))
          .map((v) => ({ ...base, query: [['cursor', v]] as [string, string][] })),
      );
  }

  if (op.parameters.some((p) => p.in === 'header' && p.name === 'If-Match'))
    add(
      'bad If-Match',
      fc.constantFrom(...BAD_IF_MATCH).map((v) => ({ ...base, headers: { ...base.headers, 'if-match': v } })),
    );
  if (op.auth === 'bearer')
    add(
      'bad Authorization',
      fc.constantFrom(...BAD_AUTH).map((v) => ({ ...base, headers: { ...base.headers, authorization: v } })),
    );
  if (op.auth === 'signature')
    add(
      'bad signature',
      fc.constantFrom(...BAD_SIGNATURES).map((v) => ({ ...base, headers: { ...base.headers, 'x-switchboard-signature': v } })),
    );

  // Past Node's 16 KB limit on the request line and headers: refused before any route runs.
  add(
    'URL over the header limit',
    fc.integer({ min: 17_000, max: 40_000 }).map((n) => ({ ...base, query: [['pad', 'u'.repeat(n)]] as [string, string][] })),
    1,
  );
  add(
    'header over the limit',
    fc.integer({ min: 17_000, max: 40_000 }).map((n) => ({ ...base, headers: { ...base.headers, 'x-pad': 'h'.repeat(n) } })),
    1,
  );

  // Whatever the operation takes, its body can be broken on the wire.
  const sample = base.body ?? { probe: 1 };
  add(
    'malformed JSON',
    fc.constantFrom(...MALFORMED_JSON).map((raw) => ({ ...base, body: undefined, rawBody: raw, contentType: 'application/json' })),
  );
  add(
    'wrong content type',
    fc
      .constantFrom(...WRONG_CONTENT_TYPES.filter((t) => !(op.body?.contentTypes ?? []).includes(t)))
      .map((type) => ({ ...base, body: undefined, rawBody: JSON.stringify(sample), contentType: type === '' ? null : type })),
  );
  if (op.body?.contentTypes.includes('text/csv')) {
    add(
      'malformed CSV',
      fc.constantFrom(...MALFORMED_CSV).map((raw) => ({ ...base, body: undefined, rawBody: raw, contentType: 'text/csv' })),
    );
  }
  add(
    'body over the limit',
    fc
      .integer({ min: 1, max: 64 * 1024 })
      .map((extra) => ({ ...base, body: undefined, rawBody: JSON.stringify({ ...(sample as object), padding: 'p'.repeat(limit + extra) }) })),
    1,
  );
  return kinds;
}

/** The valid request each case breaks one thing of. */
function baseOf(op: Operation, ctx: FuzzContext): Parts {
  return {
    pathParams: Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, pathIdFor(op.path, ctx.ids)])),
    query: [],
    headers: op.auth === 'bearer' ? { authorization: `Bearer ${ctx.token}` } : {},
    body: op.body ? validValue(op.body.schema, '', ctx.ids) : undefined,
  };
}

/** Percent-encoding that also sends lone surrogates (as the invalid UTF-8 bytes a sloppy client would). */
function encode(text: string): string {
  return [...text]
    .map((ch) => {
      if (ch.isWellFormed()) return encodeURIComponent(ch);
      const c = ch.charCodeAt(0);
      return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    })
    .join('');
}

function render(op: Operation, parts: Parts, ctx: FuzzContext): RequestSpec {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => (parts.rawPath ? parts.pathParams[name]! : encode(parts.pathParams[name]!)));
  const query = parts.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  const body = parts.rawBody ?? (parts.body !== undefined ? JSON.stringify(parts.body) : undefined);
  const headers: Record<string, string> = { ...parts.headers };
  if (body !== undefined && parts.contentType !== null) headers['content-type'] = parts.contentType ?? 'application/json';
  if (op.auth === 'signature' && headers['x-switchboard-signature'] === undefined) headers['x-switchboard-signature'] = ctx.sign(body ?? '');
  return { method: op.method, path: `${path}${parts.suffix ? `/${parts.suffix}` : ''}${query ? `?${query}` : ''}`, headers, body, timeoutMs: 15_000 };
}

/** `count` malformed requests for one operation, reproducible from `seed`. */
export function malformedRequests(op: Operation, ctx: FuzzContext, count: number, seed: number): MalformedCase[] {
  const base = baseOf(op, ctx);
  const kinds = kindsFor(op, base, ctx);
  const arbitrary = fc.oneof(...kinds.map((k) => ({ weight: k.weight, arbitrary: k.arbitrary.map((parts) => ({ kind: k.name, parts })) })));
  return fc.sample(arbitrary, { numRuns: count, seed }).map(({ kind, parts }) => ({ kind, spec: render(op, parts, ctx) }));
}

/** A valid request for the operation (the base every case breaks), to show the cases are one defect away from passing. */
export function validRequest(op: Operation, ctx: FuzzContext): RequestSpec {
  return render(op, baseOf(op, ctx), ctx);
}
