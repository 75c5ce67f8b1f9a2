import { SETTINGS } from '../../../libs/config/src/settings.js';
import type { StageConfig } from './stages.js';

/** The route with a body limit of its own (libs/platform create-http-app: IMPORT_BODY_LIMIT). */
export const IMPORT_ROUTE_PREFIX = '/v1/contact-imports';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `1mb` → 1048576, as the app's body parser reads the setting (the `bytes` package: powers of 1024). */
export function parseBytes(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value);
  if (!match) throw new Error(`Not a byte size: ${value}`);
  return Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]!);
}

/** The stage's body limits in bytes: every route's, and the import route's. */
export function bodyLimits(stage: StageConfig): { default: number; imports: number } {
  return {
    default: parseBytes(stage.settings.HTTP_BODY_LIMIT ?? SETTINGS.HTTP_BODY_LIMIT.fallback),
    imports: parseBytes(stage.settings.IMPORT_BODY_LIMIT ?? SETTINGS.IMPORT_BODY_LIMIT.fallback),
  };
}

/**
 * A regular expression matching exactly the decimal integers greater than `n`
 * (leading zeros allowed). AWS WAF inspects at most 64 KB of a body, so a body
 * size limit in megabytes is enforced on the Content-Length header, which
 * API Gateway requires to match the body.
 */
export function greaterThanPattern(n: number): string {
  const digits = String(Math.floor(n));
  const longer = `[1-9]\\d{${digits.length},}`;
  const same = [...digits].flatMap((d, i) => {
    if (d === '9') return [];
    const next = Number(d) + 1;
    const rest = digits.length - i - 1;
    const range = next === 9 ? '9' : `[${next}-9]`;
    return [`${digits.slice(0, i)}${range}${rest > 0 ? `\\d{${rest}}` : ''}`];
  });
  return `^0*(${[longer, ...same].join('|')})$`;
}
