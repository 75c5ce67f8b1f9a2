import { z } from 'zod';

/** Reusable parsers for the string values settings arrive as. */
export const int = (min: number, max: number) =>
  z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').min(min, `expected at least ${min}`).max(max, `expected at most ${max}`);

export const bool = () => z.enum(['true', 'false'], { error: 'expected true or false' }).transform((v) => v === 'true');

export const byteSize = () => z.string().regex(/^\d+(b|kb|mb)?$/i, 'expected a size such as 512kb or 5mb');

export const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol.replace(':', ''));
    } catch {
      return false;
    }
  }, `expected a ${protocols.join(' or ')} URL`);

export const csv = () => z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

export const text = () => z.string({ error: 'expected a value' }).min(1, 'expected a value');
