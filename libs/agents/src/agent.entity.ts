import { VersionedTenantResource } from '#switchboard/database';
import { Check, Column, Entity, Index } from 'typeorm';

export const AGENT_ROLES = ['admin', 'supervisor', 'agent'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const PRESENCES = ['available', 'busy', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

/**
 * A user of a tenant, one per identity subject: a row of `agents`. Rows are
 * written by sign-in provisioning (the auth guard, through AgentsRepository) and
 * by the agents routes; `role` is a label copied from the token at sign-in,
 * never a source of authority.
 */
@Entity({ name: 'agents' })
@Check('agents_role_check', `role IN ('admin', 'supervisor', 'agent')`)
@Check('agents_presence_check', `presence IN ('available', 'busy', 'offline')`)
@Index('agents_tenant_sub_key', ['tenantId', 'sub'], { unique: true })
// The list's order (created_at desc, id desc): descending columns TypeORM cannot express.
@Index('agents_tenant_created_idx', { synchronize: false })
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

  @Column({ type: 'text', default: 'offline' })
  presence: Presence;
}
