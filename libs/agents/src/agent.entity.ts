import { VersionedTenantResource } from '#switchboard/database';
import { Check, Column, Entity, Index } from 'typeorm';

export const AGENT_ROLES = ['admin', 'supervisor', 'agent'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

/**
 * Where an agent is in its working day. `reserved` (holds a lease) and
 * `wrap_up` (after logging a call) are entered by the system and lapse back to
 * `available` at `stateUntil`; the others are chosen by the agent.
 */
export const AGENT_STATES = ['available', 'reserved', 'wrap_up', 'break', 'offline'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** The states an agent (or an admin for it) may choose; `break` needs a reason. */
export const CHOSEN_AGENT_STATES = ['available', 'break', 'offline'] as const;
export type ChosenAgentState = (typeof CHOSEN_AGENT_STATES)[number];

/**
 * A user of a tenant, one per identity subject: a row of `agents`. Rows are
 * written by sign-in provisioning (the auth guard, through AgentsRepository) and
 * by the agents routes; `role` is a label copied from the token at sign-in,
 * never a source of authority. The state columns hold the current state; its
 * history is `agent_state_history`.
 */
@Entity({ name: 'agents' })
@Check('agents_role_check', `role IN ('admin', 'supervisor', 'agent')`)
@Check('agents_state_check', `state IN ('available', 'reserved', 'wrap_up', 'break', 'offline')`)
@Check('agents_state_until_check', `(state IN ('reserved', 'wrap_up')) = (state_until IS NOT NULL)`)
@Index('agents_tenant_sub_key', ['tenantId', 'sub'], { unique: true })
// The list's order (created_at desc, id desc): descending columns TypeORM cannot express.
@Index('agents_tenant_created_idx', { synchronize: false })
// Lapsed reserved/wrap_up states, settled when the tenant's agents are read.
@Index('agents_tenant_state_until_idx', ['tenantId', 'stateUntil'], { where: 'state_until IS NOT NULL' })
export class Agent extends VersionedTenantResource {
  @Column({ type: 'text' })
  sub: string;

  // For "string | null" the column type must be explicit — typeorm#2567
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', default: 'agent' })
  role: AgentRole;

  @Column({ type: 'text', default: 'available' })
  state: AgentState;

  @Column({ name: 'state_since', type: 'timestamptz', default: () => 'now()' })
  stateSince: Date;

  /** The break reason's code while on `break`. */
  @Column({ name: 'state_reason', type: 'text', nullable: true })
  stateReason: string | null;

  /** The campaign and contact of the lease (`reserved`) or of the call being wrapped up (`wrap_up`). */
  @Column({ name: 'state_campaign_id', type: 'uuid', nullable: true })
  stateCampaignId: string | null;

  @Column({ name: 'state_contact_id', type: 'uuid', nullable: true })
  stateContactId: string | null;

  /** When `reserved` (the lease's expiry) or `wrap_up` lapses to `available`. */
  @Column({ name: 'state_until', type: 'timestamptz', nullable: true })
  stateUntil: Date | null;
}
