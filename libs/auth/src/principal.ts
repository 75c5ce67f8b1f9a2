import type { IncomingMessage } from 'node:http';

/**
 * The authenticated caller of a request: who (`sub`), for which tenant, with
 * which permissions. Authority comes only from `permissions`; `roles` is a label.
 */
export interface Principal {
  /** The token's tenant claim (`AUTH_TENANT_CLAIM`, Auth0 Organizations: `org_id`). */
  tenantId: string;
  /** The identity's subject (`sub`). */
  sub: string;
  /** Id of the caller's row in `agents`, provisioned on the first authenticated request. */
  agentId: string;
  /** The permissions claim plus the space-separated `scope` claim. */
  permissions: string[];
  /** The roles claim (`AUTH_ROLES_CLAIM`), a label only. */
  roles: string[];
  name?: string;
  email?: string;
}

/** A request after the auth guard ran: `user` (passport's property) is set on every non-public route. */
export type AuthenticatedRequest = IncomingMessage & { user?: Principal };
