import { Injectable } from '@nestjs/common';
import { Clock, ValidationError } from '#switchboard/common';
import { DEFAULT_CALLING_HOURS, type TenantSettings } from './tenant-settings.entity.js';
import { TenantSettingsRepository } from './tenant-settings.repository.js';
import type { TenantSettingsDto, UpdateTenantSettingsDto } from './dto/tenant-settings.dto.js';

/** A tenant's legal calling hours, `HH:MM` to `HH:MM` local to the callee. */
export interface CallingHours {
  start: string;
  end: string;
}

/** The settings of a tenant, defaults included for a tenant that never changed one. */
@Injectable()
export class TenantSettingsService {
  constructor(
    private readonly settings: TenantSettingsRepository,
    private readonly clock: Clock,
  ) {}

  async get(tenantId: string): Promise<TenantSettingsDto> {
    return toDto(await this.settings.findOne(tenantId));
  }

  /** The tenant's legal calling hours (the default 08:00–21:00 unless set). */
  async callingHours(tenantId: string): Promise<CallingHours> {
    return toDto(await this.settings.findOne(tenantId)).callingHours;
  }

  async update(tenantId: string, dto: UpdateTenantSettingsDto): Promise<TenantSettingsDto> {
    if (dto.callingHours.start === dto.callingHours.end) {
      throw new ValidationError([{ field: 'callingHours', code: 'EMPTY_WINDOW', message: 'callingHours.start and callingHours.end must differ.' }]);
    }
    const row = await this.settings.upsert(tenantId, { callingHoursStart: dto.callingHours.start, callingHoursEnd: dto.callingHours.end }, this.clock.now());
    return toDto(row);
  }
}

/** A tenant's settings from its row, or the defaults (version 0) when it has none. */
export function toDto(row: Pick<TenantSettings, 'callingHoursStart' | 'callingHoursEnd' | 'version'> | null): TenantSettingsDto {
  if (!row) return { callingHours: { ...DEFAULT_CALLING_HOURS }, version: 0 };
  return { callingHours: { start: row.callingHoursStart, end: row.callingHoursEnd }, version: row.version };
}
