import { Injectable } from '@nestjs/common';
import { ValidationError } from '#switchboard/common';
import { DEFAULT_BREAK_REASONS } from './break-reason.entity.js';
import { BreakReasonsRepository } from './break-reasons.repository.js';
import type { BreakReasonDto } from './dto/break-reasons.dto.js';

/** A tenant's break reasons: its own list once an admin set one, the defaults until then. */
@Injectable()
export class BreakReasonsService {
  constructor(private readonly reasons: BreakReasonsRepository) {}

  async list(tenantId: string): Promise<BreakReasonDto[]> {
    const own = await this.reasons.list(tenantId);
    return own.length ? own.map(({ code, label }) => ({ code, label })) : DEFAULT_BREAK_REASONS.map((r) => ({ ...r }));
  }

  async isReason(tenantId: string, code: string): Promise<boolean> {
    return (await this.list(tenantId)).some((r) => r.code === code);
  }

  /** Replaces the tenant's list; codes must be distinct. Agents on a break keep the reason they took. */
  async replace(tenantId: string, reasons: BreakReasonDto[]): Promise<BreakReasonDto[]> {
    const seen = new Set<string>();
    const duplicates = reasons.flatMap((r, i) => (seen.has(r.code) ? [i] : (seen.add(r.code), [])));
    if (duplicates.length) {
      throw new ValidationError(
        duplicates.map((i) => ({ field: `items.${i}.code`, code: 'DUPLICATE', message: `Break reason ${reasons[i]!.code} is listed twice.` })),
      );
    }
    await this.reasons.replace(tenantId, reasons);
    return this.list(tenantId);
  }
}
