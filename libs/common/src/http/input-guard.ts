import { type FieldError, ValidationError } from '../errors/domain-error.js';

/** Deeper than any body the API takes (an import row's tags sit at depth 4). */
export const MAX_INPUT_DEPTH = 32;

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
 * 500), prototype keys, and U+0000 in a key or string (Postgres text and jsonb
 * cannot store it: a 500 at insert time). Iterative, so a hostile body cannot
 * overflow the check itself. Throws a 400 ValidationError naming the first
 * offending fields.
 */
export function assertSafeInput(body: unknown): void {
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
      errors.push({ field: path || 'body', code: 'TOO_DEEP', message: `The body is nested deeper than ${MAX_INPUT_DEPTH} levels.` });
      break;
    }
    for (const key of Object.keys(value)) {
      const field = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) errors.push({ field, code: 'UNKNOWN_FIELD', message: `${field} is not a known field.` });
      else if (key.includes('\u0000'))
        errors.push({ field: path || 'body', code: 'INVALID_CHARACTER', message: `${path || 'body'} has a key containing U+0000.` });
      else stack.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  if (errors.length) throw new ValidationError(errors);
}
