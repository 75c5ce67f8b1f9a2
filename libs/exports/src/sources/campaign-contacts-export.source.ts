import { Injectable } from '@nestjs/common';
import { CampaignContactsRepository, CampaignsService, type CampaignContactState, type CampaignRosterRow } from '#switchboard/campaigns';
import { CampaignContactsExportFilterDto } from '../dto/export-filters.dto.js';
import { ExportCampaignNotFoundError } from '../exports.errors.js';
import type { ExportFilter, ExportSource } from './export-source.js';

const COLUMNS: readonly (keyof CampaignRosterRow)[] = [
  'contactId',
  'name',
  'phone',
  'email',
  'contactStatus',
  'state',
  'leasedTo',
  'leaseExpiresAt',
  'createdAt',
  'updatedAt',
];

/** One campaign's contacts and where each stands in it, by contact id. */
@Injectable()
export class CampaignContactsExportSource implements ExportSource {
  readonly type = 'campaign-contacts';
  readonly columns = COLUMNS;
  readonly filterType = CampaignContactsExportFilterDto;

  constructor(
    private readonly campaigns: CampaignsService,
    private readonly roster: CampaignContactsRepository,
  ) {}

  async check(tenantId: string, filter: ExportFilter): Promise<void> {
    if (!(await this.campaigns.exists(tenantId, filter.campaignId!))) throw new ExportCampaignNotFoundError();
  }

  async *pages(tenantId: string, filter: ExportFilter, pageSize: number): AsyncIterable<unknown[][]> {
    const state = filter.state as CampaignContactState | undefined;
    let after: string | undefined;
    for (;;) {
      const rows = await this.roster.rosterPage(tenantId, filter.campaignId!, state, after, pageSize);
      if (rows.length) yield rows.map((row) => COLUMNS.map((column) => row[column]));
      if (rows.length < pageSize) return;
      after = rows.at(-1)!.contactId;
    }
  }
}
