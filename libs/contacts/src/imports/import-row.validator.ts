import { toFieldErrors } from '#switchboard/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { CountryCode } from 'libphonenumber-js';
import type { ContactFields } from '../contact.entity.js';
import { normaliseTags } from '../contact-tags.js';
import { CreateContactDto } from '../dto/create-contact.dto.js';
import { toE164 } from '../phone.js';
import { canonicalTimeZone, timeZoneOfPhone } from '../time-zones/phone-time-zone.js';
import type { RowError } from './import-rows.js';

/** A row ready to upsert. */
export interface ImportedContact {
  name: string;
  phone: string;
  email: string | null;
  tags: string[];
  fields: ContactFields;
  /** The row's own zone, if it gives one. */
  timeZone: string | null;
  /** The zone the number maps to (for a new contact without a zone of its own). */
  derivedTimeZone: string | null;
}

/**
 * Validates one import row with the same rules as `POST /v1/contacts` (the same
 * DTO), then normalises its phone. The error names the first problem's code and
 * lists every problem in its message.
 */
export function validateImportRow(data: unknown, region: CountryCode): { contact: ImportedContact } | { error: Omit<RowError, 'row'> } {
  const dto = plainToInstance(CreateContactDto, data);
  const problems = toFieldErrors(
    validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } }),
  );
  if (problems.length) return { error: { code: problems[0]!.code, message: problems.map((p) => p.message).join('; ') } };
  const phone = toE164(dto.phone, region);
  if (!phone) return { error: { code: 'INVALID_PHONE', message: 'phone is not a valid phone number.' } };
  return {
    contact: {
      name: dto.name,
      phone,
      email: dto.email ?? null,
      tags: normaliseTags(dto.tags ?? []),
      fields: dto.fields ?? {},
      timeZone: dto.timeZone ? canonicalTimeZone(dto.timeZone) : null,
      derivedTimeZone: timeZoneOfPhone(phone),
    },
  };
}
