import { Injectable } from '@nestjs/common';
import { Clock, keysetSql, PreconditionFailedError, toPage, ValidationError, type Page } from '#switchboard/common';
import { Database } from '#switchboard/database';
import { CAMPAIGN_COLUMNS, type Campaign, type CampaignStatus } from './campaign.entity.js';
import { CampaignNotFoundError, IllegalTransitionError } from './campaigns.errors.js';
import { canonicalTimeZone, type DiallingWindow } from './dialling-window.js';
import { toCampaignDto, type CampaignDto } from './dto/campaign.dto.js';
import type { CreateCampaignDto } from './dto/create-campaign.dto.js';
import type { ListCampaignsQueryDto } from './dto/list-campaigns-query.dto.js';
import type { UpdateCampaignDto } from './dto/update-campaign.dto.js';
import { isUuid } from './uuid.js';

export type CampaignAction = 'start' | 'pause' | 'complete';

/** The campaign state machine: which states each action leaves from, and where it lands. */
const TRANSITIONS: Record<CampaignAction, { from: CampaignStatus[]; to: CampaignStatus }> = {
  start: { from: ['draft', 'paused'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  complete: { from: ['draft', 'active', 'paused'], to: 'completed' },
};

function assertWindow(window: DiallingWindow): void {
  if (window.start === window.end) {
    throw new ValidationError([{ field: 'window', code: 'EMPTY_WINDOW', message: 'window.start and window.end must differ.' }]);
  }
}

@Injectable()
export class CampaignsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async create(tenantId: string, dto: CreateCampaignDto): Promise<CampaignDto> {
    assertWindow(dto.window);
    const now = this.clock.now();
    const [row] = await this.db.query<Campaign>(
      `INSERT INTO campaigns (tenant_id, name, caller_id, timezone, window_start, window_end, status, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'draft', 1, $7, $7) RETURNING ${CAMPAIGN_COLUMNS}`,
      [tenantId, dto.name, dto.callerId, canonicalTimeZone(dto.timezone), dto.window.start, dto.window.end, now],
    );
    return toCampaignDto(row);
  }

  async list(tenantId: string, query: ListCampaignsQueryDto): Promise<Page<CampaignDto>> {
    const params: unknown[] = [tenantId];
    const status = query.status ? ` AND status = $${params.push(query.status)}` : '';
    const page = keysetSql(params, query.limit, query.cursor);
    const rows = await this.db.query<Campaign>(
      `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE tenant_id = $1${status}${page.after} ${page.orderAndLimit}`,
      params,
    );
    return toPage(rows, query.limit, toCampaignDto);
  }

  async get(tenantId: string, id: string): Promise<CampaignDto> {
    return toCampaignDto(await this.find(tenantId, id));
  }

  /** The campaign of this tenant, or CAMPAIGN.NOT_FOUND (another tenant's included). */
  async find(tenantId: string, id: string): Promise<Campaign> {
    const [campaign] = await this.db.query<Campaign>(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1 AND tenant_id = $2`, [id, tenantId]);
    if (!campaign) throw new CampaignNotFoundError();
    return campaign;
  }

  /**
   * Whether `campaignId` names a campaign of `tenantId` (any status). Used by
   * features that link to campaigns by id, e.g. when a call is logged.
   */
  async exists(tenantId: string, campaignId: string): Promise<boolean> {
    if (!isUuid(campaignId)) return false;
    const rows = await this.db.query(`SELECT 1 FROM campaigns WHERE id = $1 AND tenant_id = $2`, [campaignId, tenantId]);
    return rows.length > 0;
  }

  async update(tenantId: string, id: string, dto: UpdateCampaignDto, ifMatch?: number): Promise<CampaignDto> {
    if (dto.window) assertWindow(dto.window);
    const sets: string[] = [];
    const params: unknown[] = [id, tenantId, ifMatch ?? null, this.clock.now()];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (dto.name !== undefined) set('name', dto.name);
    if (dto.callerId !== undefined) set('caller_id', dto.callerId);
    if (dto.timezone !== undefined) set('timezone', canonicalTimeZone(dto.timezone));
    if (dto.window) {
      set('window_start', dto.window.start);
      set('window_end', dto.window.end);
    }
    if (sets.length === 0) return this.checkedVersion(tenantId, id, ifMatch);

    const [row] = await this.db.query<Campaign>(
      `UPDATE campaigns SET ${sets.join(', ')}, version = version + 1, updated_at = $4
       WHERE id = $1 AND tenant_id = $2 AND ($3::integer IS NULL OR version = $3::integer)
       RETURNING ${CAMPAIGN_COLUMNS}`,
      params,
    );
    if (row) return toCampaignDto(row);
    await this.checkedVersion(tenantId, id, ifMatch);
    throw new PreconditionFailedError(); // the row moved on between the update and the re-read
  }

  /** Applies a state-machine action; an action the current state does not allow is a 409. */
  async transition(tenantId: string, id: string, action: CampaignAction): Promise<CampaignDto> {
    const { from, to } = TRANSITIONS[action];
    const [row] = await this.db.query<Campaign>(
      `UPDATE campaigns SET status = $3, version = version + 1, updated_at = $4
       WHERE id = $1 AND tenant_id = $2 AND status = ANY($5::text[])
       RETURNING ${CAMPAIGN_COLUMNS}`,
      [id, tenantId, to, this.clock.now(), from],
    );
    if (row) return toCampaignDto(row);
    const current = await this.find(tenantId, id);
    throw new IllegalTransitionError(action, current.status);
  }

  private async checkedVersion(tenantId: string, id: string, ifMatch?: number): Promise<CampaignDto> {
    const campaign = await this.find(tenantId, id);
    if (ifMatch !== undefined && campaign.version !== ifMatch) throw new PreconditionFailedError();
    return toCampaignDto(campaign);
  }
}
