import { Injectable } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type Agent, type AgentState, type ChosenAgentState } from './agent.entity.js';
import { AgentNotAvailableError, AgentNotFoundError, BreakReasonError } from './agents.errors.js';
import { AgentsRepository } from './agents.repository.js';
import { BreakReasonsService } from './break-reasons.service.js';

/** A call's wrap-up when its campaign does not set one (a call outside any campaign), and a new campaign's. */
export const DEFAULT_WRAP_UP_SECONDS = 30;

/** A lease an agent holds: what the board shows while it is reserved. */
export interface AgentLease {
  campaignId: string;
  contactId: string;
  expiresAt: Date;
}

/** The call an agent wraps up, and for how long. */
export interface AgentWrapUp {
  campaignId: string | null;
  contactId: string;
  seconds: number;
}

/** The agent's state as of `at`: a reserved or wrap_up state past its lapse is available. */
export function stateAt(agent: Agent, at: Date): AgentState {
  return agent.stateUntil && agent.stateUntil <= at ? 'available' : agent.state;
}

/**
 * The agent state machine. Agents choose available, break (with a reason) or
 * offline; next-contact reserves an agent and logging a call puts it in wrap_up,
 * both lapsing to available by themselves. Lapses are judged with the clock when
 * an agent is read or changed (no timers), and every change is kept in the
 * agent's history. Other features call `lockForHandOut`/`reserve` and `wrapUp`
 * inside their own transactions.
 */
@Injectable()
export class AgentStates {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agents: AgentsRepository,
    private readonly breakReasons: BreakReasonsService,
    private readonly clock: Clock,
  ) {}

  /** Sets a state the agent chose (or an admin chose for it). Choosing the current state again changes nothing. */
  async choose(tenantId: string, agentId: string, state: ChosenAgentState, reason?: string): Promise<Agent> {
    if (state === 'break' && !reason) throw new BreakReasonError('REASON_REQUIRED');
    if (state !== 'break' && reason !== undefined) throw new BreakReasonError('REASON_NOT_ALLOWED');
    if (reason !== undefined && !(await this.breakReasons.isReason(tenantId, reason))) throw new BreakReasonError('UNKNOWN_BREAK_REASON');
    return this.dataSource.transaction(async (manager) => {
      const current = await this.locked(tenantId, agentId, manager);
      const at = this.clock.now();
      if (stateAt(current, at) === state && (current.stateReason ?? undefined) === reason) {
        // Only a lapsed state has a lapse here (chosen states have none): record it, and nothing more.
        if (!current.stateUntil) return current;
        await this.agents.settleLapsed(tenantId, at, agentId, manager);
        return this.locked(tenantId, agentId, manager);
      }
      return this.agents.moveState(current, { state, reason }, at, manager);
    });
  }

  /**
   * Locks the agent for a hand-out in the caller's transaction (one agent's
   * concurrent requests take turns) and refuses one on a break or offline with
   * 409 AGENT.NOT_AVAILABLE. Pass the result to `reserve`.
   */
  async lockForHandOut(tenantId: string, agentId: string, manager: EntityManager): Promise<Agent> {
    const agent = await this.locked(tenantId, agentId, manager);
    const state = stateAt(agent, this.clock.now());
    if (state === 'break' || state === 'offline') throw new AgentNotAvailableError(state);
    return agent;
  }

  /** The agent (locked by `lockForHandOut`) holds `lease`: reserved until it expires. The same lease again only moves its expiry. */
  async reserve(agent: Agent, lease: AgentLease, manager: EntityManager): Promise<Agent> {
    const at = this.clock.now();
    const same = stateAt(agent, at) === 'reserved' && agent.stateCampaignId === lease.campaignId && agent.stateContactId === lease.contactId;
    if (same) return this.agents.extendState(agent, lease.expiresAt, at, manager);
    const next = { state: 'reserved' as const, campaignId: lease.campaignId, contactId: lease.contactId, until: lease.expiresAt };
    return this.agents.moveState(agent, next, at, manager);
  }

  /**
   * A call was logged: the agent wraps it up for `seconds`, in the caller's
   * transaction. An agent on a break or offline stays there (a late log does not
   * bring it back).
   */
  async wrapUp(tenantId: string, agentId: string, call: AgentWrapUp, manager: EntityManager): Promise<void> {
    const agent = await this.locked(tenantId, agentId, manager);
    const at = this.clock.now();
    const state = stateAt(agent, at);
    if (state === 'break' || state === 'offline') return;
    if (call.seconds === 0) {
      // No wrap-up: straight back to available.
      if (state !== 'available') await this.agents.moveState(agent, { state: 'available' }, at, manager);
      return;
    }
    const until = new Date(at.getTime() + call.seconds * 1000);
    await this.agents.moveState(agent, { state: 'wrap_up', campaignId: call.campaignId, contactId: call.contactId, until }, at, manager);
  }

  /** Settles lapsed states before a read: of the whole tenant, or of one agent. */
  settleLapsed(tenantId: string, agentId?: string): Promise<void> {
    return this.agents.settleLapsed(tenantId, this.clock.now(), agentId);
  }

  private async locked(tenantId: string, agentId: string, manager: EntityManager): Promise<Agent> {
    const agent = await this.agents.lockRow(tenantId, agentId, manager);
    if (!agent) throw new AgentNotFoundError();
    return agent;
  }
}
