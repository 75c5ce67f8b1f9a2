import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, type IAuthModuleOptions } from '@nestjs/passport';
import { MissingPermissionError, UnauthenticatedError } from '../auth.errors.js';
import { IS_PUBLIC } from '../decorators/public.decorator.js';
import { REQUIRED_PERMISSIONS } from '../decorators/require-permissions.decorator.js';
import { AUTH_OPTIONS, type AuthOptions } from '../auth-options.js';
import { bearerToken, JwtStrategy, type VerifiedToken } from '../jwt/jwt.strategy.js';
import { tokenFailure } from '../jwt/token-failure.js';
import { VerifiedTokens } from '../jwt/verified-tokens.js';
import type { AuthenticatedRequest, Principal } from '../principal.js';
import { AgentProvisioner } from '../provisioning/agent-provisioner.js';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard.js';

/**
 * The one global guard, passport's AuthGuard over `JwtStrategy`, in a fixed
 * order: public routes are rate limited per IP; every other route needs a valid
 * token (401, counted per IP like a public request), is rate limited per tenant
 * and subject (429), provisions the caller's agent, then checks permissions (403).
 * `req.user` carries the caller (`Principal`) to controllers and log lines.
 */
@Injectable()
export class AccessGuard extends AuthGuard() {
  private readonly verified: VerifiedTokens;

  constructor(
    @Inject(AUTH_OPTIONS) options: AuthOptions,
    strategy: JwtStrategy,
    private readonly reflector: Reflector,
    private readonly rateLimit: RateLimitGuard,
    private readonly provisioner: AgentProvisioner,
  ) {
    // The strategy's own name, known only once it exists (see JwtStrategy): AuthGuard's `defaultStrategy`.
    super({ defaultStrategy: strategy.name, session: false } satisfies IAuthModuleOptions);
    this.verified = new VerifiedTokens(options.clockSkewSeconds);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return this.rateLimit.canActivate(context);

    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const claims = await this.authenticate(context, req).catch(async (err: unknown) => {
      // A request that fails authentication is unauthenticated: it spends its IP's
      // budget, so guessing tokens or flooding with forged ones ends in 429s.
      await this.rateLimit.canActivate(context);
      throw err;
    });
    // From here on, every log line of this request names the caller (requestFields in #switchboard/common).
    const user: Principal = (req.user = { ...claims, agentId: '' });
    await this.rateLimit.canActivate(context);
    user.agentId = await this.provisioner.agentIdFor(claims);

    const required = this.reflector.getAll<(string[] | undefined)[]>(REQUIRED_PERMISSIONS, targets).flatMap((p) => p ?? []);
    const missing = required.filter((p) => !user.permissions.includes(p));
    if (missing.length) throw new MissingPermissionError([...new Set(missing)]);
    return true;
  }

  /** passport-jwt's verdict: the verified token, or the reason it failed as the client gets it. */
  override handleRequest<T = VerifiedToken>(err: unknown, token: VerifiedToken | false, info: unknown): T {
    if (err) throw err;
    if (!token) throw tokenFailure(info);
    return token as T;
  }

  /**
   * The token's claims: remembered when this exact token was verified recently
   * (a map lookup instead of an RSA verification per request), else verified by passport now.
   */
  private async authenticate(context: ExecutionContext, req: AuthenticatedRequest): Promise<Omit<Principal, 'agentId'>> {
    const token = bearerToken(req);
    if (!token) throw new UnauthenticatedError('A bearer token is required.', 'AUTH.MISSING_TOKEN');
    const known = this.verified.get(token);
    if (known) return known;
    await super.canActivate(context);
    // AuthGuard put what handleRequest returned on req.user; the Principal replaces it.
    const { claims, exp } = req.user as unknown as VerifiedToken;
    this.verified.remember(token, claims, exp);
    return claims;
  }
}
