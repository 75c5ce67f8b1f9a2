import { Injectable } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import { Database } from '#switchboard/database';
import type { Principal } from '../principal.js';
import { roleLabel } from '../roles.js';

interface Entry {
  agentId: string;
  /** The claims the row was last written with; other claims mean write again. */
  fingerprint: string;
  expiresAt: number;
}

const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Upsert of the caller's agent row: name and email fill in when the token has
 * them, the role label follows the roles claim at each sign-in, and the version
 * moves only when something changed. One statement, and concurrent first
 * requests meet on the (tenant_id, sub) unique index, so they make one agent.
 */
const UPSERT = `
  INSERT INTO agents AS a (tenant_id, sub, name, email, role, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $6)
  ON CONFLICT (tenant_id, sub) DO UPDATE SET
    name = COALESCE(a.name, EXCLUDED.name),
    email = COALESCE(EXCLUDED.email, a.email),
    role = EXCLUDED.role,
    version = a.version + (CASE WHEN (a.name, a.email, a.role) IS DISTINCT FROM (COALESCE(a.name, EXCLUDED.name), COALESCE(EXCLUDED.email, a.email), EXCLUDED.role) THEN 1 ELSE 0 END),
    updated_at = CASE WHEN (a.name, a.email, a.role) IS DISTINCT FROM (COALESCE(a.name, EXCLUDED.name), COALESCE(EXCLUDED.email, a.email), EXCLUDED.role) THEN EXCLUDED.updated_at ELSE a.updated_at END
  RETURNING id`;

/**
 * Provisions the agent of an authenticated caller, in every topology (it runs
 * in the auth guard). The subject → agent id mapping is remembered for a minute
 * per process, so the hot path costs no database round trip.
 */
@Injectable()
export class AgentProvisioner {
  private readonly known = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async agentIdFor(principal: Omit<Principal, 'agentId'>, now = Date.now()): Promise<string> {
    const key = `${principal.tenantId}\n${principal.sub}`;
    const role = roleLabel(principal.roles);
    const fingerprint = `${principal.name ?? ''}\n${principal.email ?? ''}\n${role}`;
    const hit = this.known.get(key);
    if (hit && hit.fingerprint === fingerprint && hit.expiresAt > now) return hit.agentId;

    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const write = this.upsert(principal, role)
      .then((agentId) => {
        this.remember(key, { agentId, fingerprint, expiresAt: now + TTL_MS });
        return agentId;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, write);
    return write;
  }

  private async upsert(principal: Omit<Principal, 'agentId'>, role: string): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(UPSERT, [principal.tenantId, principal.sub, principal.name ?? null, principal.email ?? null, role, this.clock.now()]);
    return row!.id; // the upsert returns its row whether it inserted or updated
  }

  private remember(key: string, entry: Entry): void {
    this.known.delete(key);
    if (this.known.size >= MAX_ENTRIES) this.known.delete(this.known.keys().next().value!);
    this.known.set(key, entry);
  }
}
