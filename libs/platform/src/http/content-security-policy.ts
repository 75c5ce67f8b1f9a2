/**
 * The agent console's Content-Security-Policy, in one place: the one-process
 * server sends it (libs/platform http plumbing) and the CloudFront distribution
 * of each stage sends it (deploy/lib/stacks/frontend-stack.ts). Plain data
 * without imports, so the CDK app reads it without loading Nest.
 *
 * The console calls its own origin (the API is under `/v1` there, in both
 * topologies) and the identity provider (Auth0's token endpoint for silent
 * refresh); nothing else, and no `execute-api` host: CloudFront is the only
 * way to a stage's API.
 */
export interface ContentSecurityPolicyOptions {
  /** Origin of the token issuer (`https://<tenant>.auth0.com`); the dev issuer is on the server's own origin. */
  readonly identityOrigin?: string;
}

export function contentSecurityPolicy(options: ContentSecurityPolicyOptions = {}): string {
  const connect = ["'self'", ...(options.identityOrigin ? [new URL(options.identityOrigin).origin] : [])];
  return [
    "default-src 'self'",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    // Auth0's SPA SDK runs silent authentication in a hidden iframe on the tenant.
    `frame-src ${options.identityOrigin ? new URL(options.identityOrigin).origin : "'none'"}`,
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}
