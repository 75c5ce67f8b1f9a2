import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { BreakReason } from './break-reason.entity.js';

/** Every query on `break_reasons`, scoped by tenant. */
@Injectable()
export class BreakReasonsRepository {
  constructor(@InjectRepository(BreakReason) private readonly repository: Repository<BreakReason>) {}

  /** The tenant's own reasons in order; none when its admin never set them. */
  list(tenantId: string): Promise<BreakReason[]> {
    return this.repository.find({ where: { tenantId }, order: { position: 'ASC' } });
  }

  exists(tenantId: string, code: string): Promise<boolean> {
    return this.repository.existsBy({ tenantId, code });
  }

  /** Replaces the tenant's whole list in one transaction. */
  async replace(tenantId: string, reasons: { code: string; label: string }[]): Promise<void> {
    await this.repository.manager.transaction(async (manager) => {
      await manager.delete(BreakReason, { tenantId });
      await manager.insert(
        BreakReason,
        reasons.map((r, position) => ({ tenantId, code: r.code, label: r.label, position })),
      );
    });
  }
}
