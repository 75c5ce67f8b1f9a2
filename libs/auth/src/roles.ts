import { ALL_PERMISSIONS } from '#switchboard/registry';

/** The role labels an agent can carry. */
export const ROLES = ['admin', 'supervisor', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Default permission sets (DESIGN.md "Roles"): what the dev issuer puts in its
 * tokens and what docs/auth0.md assigns to the Auth0 roles.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly string[]>> = {
  admin: ALL_PERMISSIONS,
  // Managing agents, outbound webhooks and the tenant's webhook signing keys and settings (legal calling hours) stay with admins.
  supervisor: ALL_PERMISSIONS.filter((p) => p !== 'agents:write' && p !== 'webhooks:write' && p !== 'telephony:admin' && p !== 'settings:write'),
  // No contacts:delete, contacts:import or dnc:write: an agent cannot make a listed number callable again.
  agent: ['contacts:read', 'contacts:write', 'campaigns:read', 'calls:read', 'calls:write', 'reports:read', 'dnc:read'],
};

/** The default permission set of a role. */
export function permissionsForRole(role: Role): string[] {
  return [...ROLE_PERMISSIONS[role]];
}

/**
 * The agent's role label from a token's roles claim: the strongest known role
 * named there (case-insensitive), `agent` when none is.
 */
export function roleLabel(roles: readonly string[]): Role {
  const lower = new Set(roles.map((r) => r.toLowerCase()));
  return ROLES.find((r) => lower.has(r)) ?? 'agent';
}
