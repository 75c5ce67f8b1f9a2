import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MissingPermissionError } from '../auth.errors.js';
import { IS_PUBLIC } from '../decorators/public.decorator.js';
import { REQUIRED_PERMISSIONS } from '../decorators/require-permissions.decorator.js';
import { AUTH_OPTIONS, type AuthOptions } from '../auth-options.js';
import { JwtVerifier } from '../jwt/jwt-verifier.js';
import { VerifiedTokens } from '../jwt/verified-tokens.js';
import type { AuthenticatedRequest, Principal } from '../principal.js';
import { AgentProvisioner } from '../provisioning/agent-provisioner.js';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard.js';

const BEARER = /^bearer\s+(\S+)$/i;

/**
 * The one global guard, in a fixed order: public routes are rate limited per IP;
 * every other route needs a valid token (401, counted per IP like a public
 * request), is rate limited per tenant and subject (429), provisions the
 * caller's agent, then checks permissions (403).
 * `req.principal` carries the caller to controllers and log lines.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly verified: VerifiedTokens;

  constructor(
    @Inject(AUTH_OPTIONS) options: AuthOptions,
    private readonly reflector: Reflector,
    private readonly jwt: JwtVerifier,
    private readonly rateLimit: RateLimitGuard,
    private readonly provisioner: AgentProvisioner,
  ) {
    this.verified = new VerifiedTokens(options.clockSkewSeconds);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return this.rateLimit.canActivate(context);

    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const claims = await this.authenticate(req).catch(async (err) => {
      // A request that fails authentication is unauthenticated: it spends its IP's
      // budget, so guessing tokens or flooding with forged ones ends in 429s.
      await this.rateLimit.canActivate(context);
      throw err;
    });
    // From here on, every log line of this request names the caller (requestFields in #switchboard/common).
    req.principal = { ...claims, agentId: '' };
    await this.rateLimit.canActivate(context);
    req.principal.agentId = await this.provisioner.agentIdFor(claims);

    const required = this.reflector.getAll<(string[] | undefined)[]>(REQUIRED_PERMISSIONS, targets).flatMap((p) => p ?? []);
    const missing = required.filter((p) => !req.principal!.permissions.includes(p));
    if (missing.length) throw new MissingPermissionError([...new Set(missing)]);
    return true;
  }

  /** The token's claims: remembered when this exact token was verified recently, else verified now. */
  private async authenticate(req: AuthenticatedRequest): Promise<Omit<Principal, 'agentId'>> {
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    const known = token ? this.verified.get(token) : undefined;
    if (known) return known;
    const { claims, exp } = await this.jwt.verify(req);
    if (token) this.verified.remember(token, claims, exp);
    return claims;
  }
}
