import { VersionedTenantResource } from '@switchboard/database';
import { Column, Entity } from 'typeorm';

export const AGENT_ROLES = ['admin', 'supervisor', 'agent'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const PRESENCES = ['available', 'busy', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

/**
 * A user of a tenant, one per identity subject. Rows are written by the auth
 * guard's provisioning (libs/auth) and by the agents routes; `role` is a label
 * copied from the token at sign-in, never a source of authority.
 */
@Entity({ name: 'agents' })
export class Agent extends VersionedTenantResource {
  @Column({ type: 'text' })
  sub: string;

  // For "string | null" the column type must be explicit — typeorm#2567
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text' })
  role: AgentRole;

  @Column({ type: 'text' })
  presence: Presence;
}
