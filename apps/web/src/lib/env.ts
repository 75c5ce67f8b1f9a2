// Build-time settings (Vite inlines import.meta.env.VITE_* when the console is built).

export interface Auth0Settings {
  domain: string;
  clientId: string;
  audience: string;
  organization?: string;
}

const e = import.meta.env;

function auth0(): Auth0Settings | null {
  const domain = e.VITE_AUTH0_DOMAIN as string | undefined;
  const clientId = e.VITE_AUTH0_CLIENT_ID as string | undefined;
  if (!domain || !clientId) return null;
  return {
    domain,
    clientId,
    audience: (e.VITE_AUTH0_AUDIENCE as string | undefined) || 'switchboard-api',
    organization: (e.VITE_AUTH0_ORGANIZATION as string | undefined) || undefined,
  };
}

export const settings = {
  /** Where the API lives; empty when the same server serves the console (one process). */
  apiUrl: ((e.VITE_API_URL as string | undefined) ?? '').replace(/\/$/, ''),
  auth0: auth0(),
  /** Dev sign-in through POST /dev/token: on unless Auth0 is configured (then opt-in). */
  devSignIn: e.VITE_DEV_SIGN_IN ? e.VITE_DEV_SIGN_IN === 'true' : !auth0(),
  permissionsClaim: (e.VITE_PERMISSIONS_CLAIM as string | undefined) || 'permissions',
  rolesClaim: (e.VITE_ROLES_CLAIM as string | undefined) || 'roles',
  tenantClaim: (e.VITE_TENANT_CLAIM as string | undefined) || 'org_id',
};
