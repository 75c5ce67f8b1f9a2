export const AGENT_ROLES = ['admin', 'supervisor', 'agent'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const PRESENCES = ['available', 'busy', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

/**
 * A user of a tenant, one per identity subject: a row of `agents`. Rows are
 * written by the auth guard's provisioning (libs/auth) and by the agents routes;
 * `role` is a label copied from the token at sign-in, never a source of authority.
 */
export interface Agent {
  id: string;
  tenantId: string;
  sub: string;
  name: string | null;
  email: string | null;
  role: AgentRole;
  presence: Presence;
  /** Optimistic-locking version behind `ETag`/`If-Match`. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
