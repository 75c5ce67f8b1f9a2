import { Inject, Injectable } from '@nestjs/common';
import { AgentsService } from '#switchboard/agents';
import { AppCache } from '#switchboard/cache';
import { CampaignsService } from '#switchboard/campaigns';
import type { ConfigType } from '#switchboard/config';
import { contactsConfig, ContactsService, toE164 } from '#switchboard/contacts';
import { EventOutbox } from '#switchboard/events';
import { PoisonMessageError } from '#switchboard/queue';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { CallOutcomeService } from '../call-outcome.service.js';
import type { Call } from '../call.entity.js';
import { toCallDto } from '../dto/call.dto.js';
import { CallsRepository } from '../calls.repository.js';
import { callReportsCacheGroup } from '../reports-cache.js';
import type { TelephonyEvent } from '../telephony/dto/telephony-event.dto.js';
import { CallEventsRepository } from './call-events.repository.js';

/** Outcomes of provider events are the provider's, whichever agent the event names. */
const PROVIDER = { source: 'event', actor: 'provider' } as const;

interface Links {
  contactId: string | null;
  agentId: string | null;
  campaignId: string | null;
}

/** Applies telephony call events to calls, once each, in any order. */
@Injectable()
export class CallEventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly callEvents: CallEventsRepository,
    private readonly calls: CallsRepository,
    private readonly outcome: CallOutcomeService,
    private readonly contacts: ContactsService,
    private readonly agents: AgentsService,
    private readonly campaigns: CampaignsService,
    private readonly cache: AppCache,
    @Inject(contactsConfig.KEY) private readonly contactsCfg: ConfigType<typeof contactsConfig>,
    private readonly events: EventOutbox,
  ) {}

  /**
   * Applies an event unless its id was applied before. The event record, the call
   * and (on `call.ended`) the contact and campaign contact change in one
   * transaction. Resolves to false for a duplicate.
   */
  async apply(event: TelephonyEvent): Promise<boolean> {
    // Look-ups first, outside any transaction: a transaction holding a connection
    // while waiting for another could starve a small pool under load.
    const links = await this.resolveLinks(event);
    const applied = await this.write(event, links).catch(rethrowAsPoisonIfData);
    if (applied) await this.cache.invalidateGroup(callReportsCacheGroup(event.tenantId));
    return applied;
  }

  private async write(event: TelephonyEvent, links: Links): Promise<boolean> {
    // Only an end changes more than the call: other events are one atomic statement.
    if (event.type !== 'call.ended') return (await this.merge(event, links)) !== null;
    return this.dataSource.transaction(async (manager) => {
      const call = await this.merge(event, links, manager);
      if (!call) return false;
      // Once per disposition: not again when an agent's log of this call applied it (or its own) already.
      if (call.contactId && call.disposition && call.disposition !== call.outcomeDisposition) {
        await this.outcome.apply(manager, event.tenantId, call.contactId, call.campaignId, call.disposition, PROVIDER, call.agentId);
        await this.calls.markOutcome(event.tenantId, call.id, call.disposition, manager);
      } else if (!call.contactId && call.disposition === 'do_not_call' && call.contactPhone) {
        await this.outcome.listUnknownNumber(manager, event.tenantId, call.contactPhone, PROVIDER);
      }
      await this.events.record(manager, { type: 'call.completed', tenantId: event.tenantId, occurredAt: new Date(event.occurredAt), data: toCallDto(call) });
      return true;
    });
  }

  /** The call after the event, or null when the event was applied before. */
  private merge(event: TelephonyEvent, links: Links, manager?: EntityManager): Promise<Call | null> {
    const at = new Date(event.occurredAt);
    return this.callEvents.applyOnce(
      {
        tenantId: event.tenantId,
        eventId: event.eventId,
        type: event.type,
        occurredAt: at,
        providerCallId: event.callId,
        // Stored as contacts store phones (E.164) when it parses, so calls and contacts compare.
        contactPhone: toE164(event.contactPhone, this.contactsCfg.defaultRegion) ?? event.contactPhone,
        ...links,
        startedAt: event.type === 'call.started' ? at : null,
        answeredAt: event.type === 'call.answered' ? at : null,
        endedAt: event.type === 'call.ended' ? at : null,
        disposition: event.type === 'call.ended' ? (event.disposition ?? null) : null,
        recordingUrl: event.type === 'recording.ready' ? (event.recordingUrl ?? null) : null,
      },
      manager,
    );
  }

  /** Unknown (or unparseable) phone → no contact, unknown agent → no agent, unknown campaign → no campaign. */
  private async resolveLinks(event: TelephonyEvent): Promise<Links> {
    const { tenantId } = event;
    const [contactId, agentId, campaignKnown] = await Promise.all([
      this.contacts.findIdByPhone(tenantId, event.contactPhone),
      event.agentSub ? this.agents.findIdBySub(tenantId, event.agentSub) : null,
      event.campaignId ? this.campaigns.exists(tenantId, event.campaignId) : false,
    ]);
    return { contactId, agentId, campaignId: campaignKnown ? event.campaignId! : null };
  }
}

/** Postgres data exceptions (class 22: a value out of range…) fail the same way on every retry. */
function rethrowAsPoisonIfData(err: unknown): never {
  // TypeORM wraps the driver's error; pg's SQLSTATE stays on driverError.code.
  if (err instanceof QueryFailedError && String((err.driverError as { code?: unknown }).code).startsWith('22')) {
    throw new PoisonMessageError(`call event rejected by the database: ${err.message}`, { cause: err });
  }
  throw err;
}
