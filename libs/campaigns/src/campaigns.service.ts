import { Injectable } from '@nestjs/common';
import { Clock, PreconditionFailedError, toPage, ValidationError, type Page } from '#switchboard/common';
import { EventOutbox } from '#switchboard/events';
import { DataSource, type EntityManager } from 'typeorm';
import { TenantSettingsService } from '#switchboard/tenants';
import { isWindowWithin } from './calling-hours.js';
import type { Campaign, CampaignStatus } from './campaign.entity.js';
import { CampaignNotFoundError, IllegalTransitionError } from './campaigns.errors.js';
import { CampaignsRepository, type CampaignChanges, type CampaignWithCallingHours } from './campaigns.repository.js';
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

/** The list-working settings a create or update names; retry rules name each disposition at most once (400 otherwise). */
function listSettings(dto: UpdateCampaignDto): CampaignChanges {
  const changes: CampaignChanges = {};
  if (dto.retryRules) {
    const seen = new Set<string>();
    for (const rule of dto.retryRules) {
      if (seen.has(rule.disposition)) {
        throw new ValidationError([{ field: 'retryRules', code: 'DUPLICATE_DISPOSITION', message: `retryRules names ${rule.disposition} twice.` }]);
      }
      seen.add(rule.disposition);
    }
    changes.retryRules = dto.retryRules.map(({ disposition, delayMinutes, maxAttempts }) => ({ disposition, delayMinutes, maxAttempts }));
  }
  if (dto.maxAttemptsPerDay !== undefined) changes.maxAttemptsPerDay = dto.maxAttemptsPerDay;
  if (dto.callbackGraceMinutes !== undefined) changes.callbackGraceMinutes = dto.callbackGraceMinutes;
  if (dto.callbackDefaultDelayMinutes !== undefined) changes.callbackDefaultDelayMinutes = dto.callbackDefaultDelayMinutes;
  return changes;
}

function assertWindow(window: DiallingWindow): void {
  if (window.start === window.end) {
    throw new ValidationError([{ field: 'window', code: 'EMPTY_WINDOW', message: 'window.start and window.end must differ.' }]);
  }
}

@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly tenantSettings: TenantSettingsService,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly events: EventOutbox,
  ) {}

  /** A window must differ at its ends and lie inside the tenant's legal calling hours (400 otherwise). */
  private async assertWindow(tenantId: string, window: DiallingWindow): Promise<void> {
    assertWindow(window);
    const legal = await this.tenantSettings.callingHours(tenantId);
    if (!isWindowWithin(window, legal)) {
      const message = `The window ${window.start}–${window.end} leaves the tenant's legal calling hours ${legal.start}–${legal.end}.`;
      throw new ValidationError([{ field: 'window', code: 'OUTSIDE_CALLING_HOURS', message }]);
    }
  }

  async create(tenantId: string, dto: CreateCampaignDto): Promise<CampaignDto> {
    await this.assertWindow(tenantId, dto.window);
    const campaign = await this.campaigns.insert(
      {
        tenantId,
        name: dto.name,
        callerId: dto.callerId,
        // The DTO accepts only zones canonicalTimeZone knows.
        timezone: canonicalTimeZone(dto.timezone)!,
        windowStart: dto.window.start,
        windowEnd: dto.window.end,
        wrapUpSeconds: dto.wrapUpSeconds,
        ...listSettings(dto),
      },
      this.clock.now(),
    );
    return toCampaignDto(campaign);
  }

  async list(tenantId: string, query: ListCampaignsQueryDto): Promise<Page<CampaignDto>> {
    const rows = await this.campaigns.list(tenantId, { status: query.status, limit: query.limit, cursor: query.cursor });
    return toPage(rows, query.limit, toCampaignDto);
  }

  async get(tenantId: string, id: string): Promise<CampaignDto> {
    return toCampaignDto(await this.find(tenantId, id));
  }

  /** The campaign of this tenant, or CAMPAIGN.NOT_FOUND (another tenant's included). */
  async find(tenantId: string, id: string): Promise<Campaign> {
    const campaign = await this.campaigns.findOne(tenantId, id);
    if (!campaign) throw new CampaignNotFoundError();
    return campaign;
  }

  /** The campaign (404 unless the tenant's) with its tenant's legal calling hours, read in one statement. */
  async findWithCallingHours(tenantId: string, id: string): Promise<CampaignWithCallingHours> {
    const found = isUuid(id) ? await this.campaigns.findWithCallingHours(tenantId, id) : undefined;
    if (!found) throw new CampaignNotFoundError();
    return found;
  }

  /** `findWithCallingHours` as a hand-out's first statement, in its transaction: a status change waits for the hand-out (CampaignsRepository.findForHandOut). */
  async findForHandOut(tenantId: string, id: string, manager: EntityManager): Promise<CampaignWithCallingHours> {
    const found = isUuid(id) ? await this.campaigns.findForHandOut(tenantId, id, manager) : undefined;
    if (!found) throw new CampaignNotFoundError();
    return found;
  }

  /**
   * Whether `campaignId` names a campaign of `tenantId` (any status). Used by
   * features that link to campaigns by id, e.g. when a call is logged.
   */
  async exists(tenantId: string, campaignId: string): Promise<boolean> {
    return isUuid(campaignId) && this.campaigns.exists(tenantId, campaignId);
  }

  /**
   * The wrap-up of a campaign of `tenantId` in seconds (a call of it puts the
   * agent in wrap_up for that long), or null when there is no such campaign.
   */
  async wrapUpSeconds(tenantId: string, campaignId: string): Promise<number | null> {
    return isUuid(campaignId) ? this.campaigns.wrapUpSeconds(tenantId, campaignId) : null;
  }

  async update(tenantId: string, id: string, dto: UpdateCampaignDto, ifMatch?: number): Promise<CampaignDto> {
    if (dto.window) await this.assertWindow(tenantId, dto.window);
    const changes: CampaignChanges = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.callerId !== undefined) changes.callerId = dto.callerId;
    if (dto.timezone !== undefined) changes.timezone = canonicalTimeZone(dto.timezone)!;
    if (dto.wrapUpSeconds !== undefined) changes.wrapUpSeconds = dto.wrapUpSeconds;
    if (dto.window) {
      changes.windowStart = dto.window.start;
      changes.windowEnd = dto.window.end;
    }
    Object.assign(changes, listSettings(dto));
    if (Object.keys(changes).length === 0) return this.checkedVersion(tenantId, id, ifMatch);

    const campaign = await this.campaigns.update(tenantId, id, changes, this.clock.now(), ifMatch);
    if (campaign) return toCampaignDto(campaign);
    await this.checkedVersion(tenantId, id, ifMatch);
    throw new PreconditionFailedError(); // the row moved on between the update and the re-read
  }

  /** Applies a state-machine action; an action the current state does not allow is a 409. */
  async transition(tenantId: string, id: string, action: CampaignAction): Promise<CampaignDto> {
    const { from, to } = TRANSITIONS[action];
    // campaign.status_changed commits with the change, or neither does.
    const campaign = await this.dataSource.transaction(async (manager) => {
      // The hand-outs in flight finish first; those after it see the new status (CampaignsRepository.findForHandOut).
      await this.campaigns.lockHandOuts(id, manager);
      const moved = await this.campaigns.transition(tenantId, id, from, to, this.clock.now(), manager);
      if (moved) await this.events.record(manager, { type: 'campaign.status_changed', tenantId, occurredAt: moved.updatedAt, data: toCampaignDto(moved) });
      return moved;
    });
    if (campaign) return toCampaignDto(campaign);
    const current = await this.find(tenantId, id);
    throw new IllegalTransitionError(action, current.status);
  }

  private async checkedVersion(tenantId: string, id: string, ifMatch?: number): Promise<CampaignDto> {
    const campaign = await this.find(tenantId, id);
    if (ifMatch !== undefined && campaign.version !== ifMatch) throw new PreconditionFailedError();
    return toCampaignDto(campaign);
  }
}
