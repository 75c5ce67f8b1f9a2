import type { Auth0Client } from '@auth0/auth0-spa-js';
import type { ApiClient } from './api.js';
import type { Auth0Settings } from './env.js';
import { readClaims, type TokenClaims } from './jwt.js';

export type Role = 'agent' | 'supervisor' | 'admin';

/** Who is signed in, and how to get a fresh token for them. */
export interface Session {
  kind: 'dev' | 'auth0';
  tenant: string;
  claims: TokenClaims;
  getToken(): Promise<string>;
  signOut(): Promise<void>;
}

export interface ClaimNames {
  permissions: string;
  roles: string;
  tenant: string;
}

const DEV_KEY = 'switchboard.dev-session';

interface StoredDevSession {
  token: string;
  expiresAt: number;
}

function devSession(stored: StoredDevSession, names: ClaimNames): Session {
  const claims = readClaims(stored.token, names);
  return {
    kind: 'dev',
    tenant: String(claims.raw[names.tenant] ?? ''),
    claims,
    getToken: async () => stored.token,
    signOut: async () => sessionStorage.removeItem(DEV_KEY),
  };
}

/** Dev sign-in: the server's own issuer mints a token for any tenant and role (never in production). */
export async function devSignIn(api: ApiClient, tenant: string, role: Role, names: ClaimNames): Promise<Session> {
  const res = await api.post<{ accessToken: string; expiresIn: number }>('/dev/token', { tenant, role });
  const stored = { token: res.accessToken, expiresAt: Date.now() + res.expiresIn * 1000 };
  sessionStorage.setItem(DEV_KEY, JSON.stringify(stored));
  return devSession(stored, names);
}

/** The dev session of this tab, if one is kept and not about to expire. */
export function restoreDevSession(names: ClaimNames): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(DEV_KEY) ?? 'null') as StoredDevSession | null;
    if (stored && stored.expiresAt - Date.now() > 30_000) return devSession(stored, names);
  } catch {
    /* an unreadable entry is no session */
  }
  sessionStorage.removeItem(DEV_KEY);
  return null;
}

let auth0Client: Promise<Auth0Client> | undefined;

/** Loaded on demand, so the dev build never downloads the Auth0 SDK. */
function client(cfg: Auth0Settings): Promise<Auth0Client> {
  auth0Client ??= import('@auth0/auth0-spa-js').then(({ createAuth0Client }) =>
    createAuth0Client({
      domain: cfg.domain,
      clientId: cfg.clientId,
      // Tokens live in this page's memory only: nothing a script injected into
      // the page could read from storage later. A reload starts with no tokens;
      // the SDK gets new ones from Auth0's session (silent authentication, or a
      // redirect when third-party cookies are blocked): docs/auth0.md.
      cacheLocation: 'memory',
      // Refresh tokens, rotated by Auth0 on every use (turn Rotation on for the
      // application), so a stolen one is single-use and reuse revokes the family.
      useRefreshTokens: true,
      // When a refresh token is missing (after a reload), fall back to the hidden iframe on Auth0's session.
      useRefreshTokensFallback: true,
      authorizationParams: {
        audience: cfg.audience,
        redirect_uri: window.location.origin + window.location.pathname,
        ...(cfg.organization ? { organization: cfg.organization } : {}),
      },
    }),
  );
  return auth0Client;
}

/** Universal Login (authorization code + PKCE): leaves the page. */
export async function auth0SignIn(cfg: Auth0Settings): Promise<void> {
  await (await client(cfg)).loginWithRedirect();
}

/** Finishes a redirect back from Auth0, or resumes a session; null when signed out. */
export async function resumeAuth0Session(cfg: Auth0Settings, names: ClaimNames): Promise<Session | null> {
  const auth0 = await client(cfg);
  const params = new URLSearchParams(window.location.search);
  if (params.has('state') && (params.has('code') || params.has('error'))) {
    await auth0.handleRedirectCallback();
    window.history.replaceState({}, document.title, window.location.pathname);
  }
  // Tokens are in memory only: after a reload the SDK has none, and asks
  // Auth0's own session for new ones in a hidden iframe (prompt=none). It
  // tries only when its "is authenticated" hint cookie says a session exists.
  if (!(await auth0.isAuthenticated())) await auth0.checkSession();
  if (!(await auth0.isAuthenticated())) return null;
  const accessToken = async () => {
    const token = await auth0.getTokenSilently();
    if (!token) throw new Error('Auth0 returned no access token: check VITE_AUTH0_AUDIENCE.');
    return token;
  };
  const claims = readClaims(await accessToken(), names);
  return {
    kind: 'auth0',
    tenant: String(claims.raw[names.tenant] ?? ''),
    claims,
    getToken: accessToken,
    signOut: () => auth0.logout({ logoutParams: { returnTo: window.location.origin + window.location.pathname } }),
  };
}

/** Whether the signed-in user's token carries a permission. */
export function can(session: Session | null, permission: string): boolean {
  return !!session?.claims.permissions.includes(permission);
}
