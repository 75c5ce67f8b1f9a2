import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DEFAULT_CALLING_HOURS, TenantSettings } from './tenant-settings.entity.js';

export type TenantSettingsChanges = Partial<Pick<TenantSettings, 'callingHoursStart' | 'callingHoursEnd'>>;

/** Every query on `tenant_settings`. */
@Injectable()
export class TenantSettingsRepository {
  constructor(@InjectRepository(TenantSettings) private readonly repository: Repository<TenantSettings>) {}

  findOne(tenantId: string): Promise<TenantSettings | null> {
    return this.repository.findOneBy({ tenantId });
  }

  /** Creates the tenant's row with the defaults and `changes`, or applies `changes` to it and bumps its version; one statement. */
  async upsert(tenantId: string, changes: TenantSettingsChanges, at: Date): Promise<TenantSettings> {
    const [row] = await this.repository.query<Record<string, unknown>[]>(
      `INSERT INTO tenant_settings AS s (tenant_id, calling_hours_start, calling_hours_end, version, created_at, updated_at)
       VALUES ($1, coalesce($2, $4), coalesce($3, $5), 1, $6, $6)
       ON CONFLICT (tenant_id) DO UPDATE SET
         calling_hours_start = coalesce($2, s.calling_hours_start),
         calling_hours_end = coalesce($3, s.calling_hours_end),
         version = s.version + 1,
         updated_at = $6
       RETURNING *`,
      [tenantId, changes.callingHoursStart ?? null, changes.callingHoursEnd ?? null, DEFAULT_CALLING_HOURS.start, DEFAULT_CALLING_HOURS.end, at],
    );
    return this.repository.create({
      tenantId: row!.tenant_id as string,
      callingHoursStart: row!.calling_hours_start as string,
      callingHoursEnd: row!.calling_hours_end as string,
      version: row!.version as number,
      createdAt: row!.created_at as Date,
      updatedAt: row!.updated_at as Date,
    });
  }
}
