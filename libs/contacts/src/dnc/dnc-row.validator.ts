import { toFieldErrors } from '#switchboard/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { CountryCode } from 'libphonenumber-js';
import type { RowError } from '../imports/import-rows.js';
import { toE164 } from '../phone.js';
import type { DncNumberInput } from './dnc-numbers.repository.js';
import { DncImportRowDto } from './dto/dnc-number-input.dto.js';

/** Validates one row of a do-not-call import, then normalises its phone (the contact rows' rules, import-row.validator). */
export function validateDncRow(data: unknown, region: CountryCode): { number: DncNumberInput } | { error: Omit<RowError, 'row'> } {
  const dto = plainToInstance(DncImportRowDto, data);
  const problems = toFieldErrors(
    validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } }),
  );
  if (problems.length) return { error: { code: problems[0]!.code, message: problems.map((p) => p.message).join('; ') } };
  const phone = toE164(dto.phone, region);
  if (!phone) return { error: { code: 'INVALID_PHONE', message: 'phone is not a valid phone number.' } };
  return { number: { phone, reason: dto.reason ?? null } };
}
