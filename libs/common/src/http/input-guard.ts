import { type FieldError, ValidationError } from '../errors/domain-error.js';

/** Deeper than any body the API takes (an import row's tags sit at depth 4). */
export const MAX_INPUT_DEPTH = 32;

/**
 * Keys per object: twice the widest object the API takes (a contact's 50
 * custom fields), so the DTO's own, more precise limit still answers below it.
 */
export const MAX_INPUT_KEYS = 100;

/** Items per array on ordinary routes: ten times the longest list one takes (a campaign's 1,000 contact ids). */
export const MAX_INPUT_ITEMS = 10_000;

/**
 * Items per array on bulk routes (those given a body limit of their own, the
 * contact imports): twice an import's 100,000 rows, so the import's own 413
 * names its row limit.
 */
export const MAX_BULK_INPUT_ITEMS = 200_000;

const tooDeep = (field: string): FieldError => ({ field, code: 'TOO_DEEP', message: `The body is nested deeper than ${MAX_INPUT_DEPTH} levels.` });
const tooManyItems = (field: string, max: number): FieldError => ({ field, code: 'TOO_MANY_ITEMS', message: `${field} has more than ${max} items.` });
const tooManyKeys = (field: string): FieldError => ({ field, code: 'TOO_MANY_KEYS', message: `${field} has more than ${MAX_INPUT_KEYS} keys.` });

export interface InputLimits {
  /** Items per array; MAX_INPUT_ITEMS unless the route is a bulk one. */
  maxItems: number;
}

/**
 * Keys the DTO layer never sees: class-transformer skips a key that names an
 * inherited member (`constructor`, `toString`, `__proto__`…), so
 * forbidNonWhitelisted cannot reject it and it would vanish silently (from
 * `fields` too) instead of answering 400 like any unknown field.
 */
const FORBIDDEN_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * What makes a parsed body or query unacceptable before any route sees it: nesting
 * past MAX_INPUT_DEPTH (class-transformer recurses and overflows the stack: a
 * 500), objects wider than MAX_INPUT_KEYS or arrays longer than `maxItems`
 * (turning a wide object into a DTO takes time quadratic in its keys: a 950 KB
 * object of distinct keys held the event loop for seconds, and its 400 listed
 * every key), prototype keys, and U+0000 in a key or string (Postgres text and
 * jsonb cannot store it: a 500 at insert time). Iterative and linear, so a
 * hostile body cannot overflow or stall the check itself. Throws a 400
 * ValidationError naming the first offending fields.
 */
export function assertSafeInput(body: unknown, limits: InputLimits = { maxItems: MAX_INPUT_ITEMS }): void {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length && errors.length < 10) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) errors.push({ field: path || 'body', code: 'INVALID_CHARACTER', message: `${path || 'body'} must not contain U+0000.` });
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      errors.push(tooDeep(path || 'body'));
      break;
    }
    if (Array.isArray(value)) {
      if (value.length > limits.maxItems) {
        errors.push(tooManyItems(path || 'body', limits.maxItems));
        continue;
      }
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > MAX_INPUT_KEYS) {
      errors.push(tooManyKeys(path || 'body'));
      continue;
    }
    for (const key of keys) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) errors.push({ field, code: 'UNKNOWN_FIELD', message: `${field} is not a known field.` });
      else if (key.includes('\u0000'))
        errors.push({ field: path || 'body', code: 'INVALID_CHARACTER', message: `${path || 'body'} has a key containing U+0000.` });
      else stack.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  if (errors.length) throw new ValidationError(errors);
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The same limits on a JSON body's raw UTF-8 bytes, before it is parsed: to
 * parse 950 KB of distinct keys alone took V8 300–450 ms (an object that wide
 * is a slow dictionary), so the width is counted on the text, in one pass of a
 * few milliseconds. Counts members by their commas outside strings (UTF-8
 * continuation bytes are never ASCII); malformed JSON is left to the parser.
 * Throws a 400 ValidationError on `body`.
 */
export function assertSafeJson(raw: Uint8Array, limits: InputLimits = { maxItems: MAX_INPUT_ITEMS }): void {
  /** Per open object or array: whether it is an object, and the commas seen in it. */
  const isObject: boolean[] = [];
  const commas: number[] = [];
  let top = -1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === QUOTE) {
      // Skip the string, escapes included.
      for (i++; i < raw.length && raw[i] !== QUOTE; i++) if (raw[i] === BACKSLASH) i++;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (top + 1 >= MAX_INPUT_DEPTH) throw new ValidationError([tooDeep('body')]);
      top++;
      isObject[top] = c === OPEN_OBJECT;
      commas[top] = 0;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (top >= 0) top--;
    } else if (c === COMMA && top >= 0) {
      const members = ++commas[top]! + 1;
      if (isObject[top] && members > MAX_INPUT_KEYS) throw new ValidationError([tooManyKeys('body')]);
      if (!isObject[top] && members > limits.maxItems) throw new ValidationError([tooManyItems('body', limits.maxItems)]);
    }
  }
}
