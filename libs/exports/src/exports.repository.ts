import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { entityFromRow } from '#switchboard/database';
import { In, type Repository } from 'typeorm';
import { Export, type ExportFormat, type ExportType } from './export.entity.js';

export interface NewExport {
  tenantId: string;
  type: ExportType;
  format: ExportFormat;
  filter: Record<string, string>;
}

/** Every query on `exports`. */
@Injectable()
export class ExportsRepository {
  constructor(@InjectRepository(Export) private readonly repository: Repository<Export>) {}

  async insert(values: NewExport, now: Date): Promise<Export> {
    const result = await this.repository
      .createQueryBuilder()
      .insert()
      .values({ ...values, status: 'queued', createdAt: now, updatedAt: now })
      .returning('*')
      .updateEntity(false)
      .execute();
    return entityFromRow(this.repository, result.raw as Record<string, unknown>[])!;
  }

  /** One export of the tenant, or null (another tenant's is as absent as a missing one). */
  find(tenantId: string, id: string): Promise<Export | null> {
    return this.repository.findOneBy({ tenantId, id });
  }

  /** An export by id alone: for a signed download link, which names the export and nothing else. */
  findById(id: string): Promise<Export | null> {
    return this.repository.findOneBy({ id });
  }

  async remove(id: string): Promise<void> {
    await this.repository.delete({ id });
  }

  /**
   * Starts a run: a queued export, or a running one whose message came back (the
   * last run died), becomes running with its count reset. Null when the export
   * is finished or unknown, so a duplicate message does nothing.
   */
  async claim(tenantId: string, id: string, now: Date): Promise<Export | null> {
    const result = await this.repository
      .createQueryBuilder()
      .update()
      .set({ status: 'running', rowCount: 0, updatedAt: now })
      .where({ id, tenantId, status: In(['queued', 'running']) })
      .returning('*')
      .updateEntity(false)
      .execute();
    return entityFromRow(this.repository, result.raw as Record<string, unknown>[]) ?? null;
  }

  async progress(id: string, rowCount: number, now: Date): Promise<void> {
    await this.repository.update({ id, status: 'running' }, { rowCount, updatedAt: now });
  }

  async complete(id: string, rowCount: number, fileKey: string, now: Date): Promise<void> {
    await this.repository.update({ id, status: 'running' }, { status: 'completed', rowCount, fileKey, completedAt: now, updatedAt: now });
  }

  async fail(id: string, failure: string, now: Date): Promise<void> {
    await this.repository.update({ id, status: In(['queued', 'running']) }, { status: 'failed', failure, completedAt: now, updatedAt: now });
  }
}
