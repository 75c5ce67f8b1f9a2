import { Injectable } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import type { Principal } from '../principal.js';
import { roleLabel, type Role } from '../roles.js';

/** The caller's identity as a sign-in writes it to the caller's agent. */
export interface AgentSignIn {
  tenantId: string;
  sub: string;
  name: string | null;
  email: string | null;
  role: Role;
  at: Date;
}

/**
 * Where provisioning writes agents: a port. The agents lib owns the `agents`
 * table and provides this (its global AgentsDataModule, part of PlatformModule,
 * so every function has it); auth cannot import that lib, which imports auth's
 * decorators.
 */
export abstract class AgentDirectory {
  /**
   * Creates the agent of (tenantId, sub) or refreshes its name, email and role
   * label, in one statement that concurrent first requests cannot duplicate, and
   * returns its id.
   */
  abstract provision(signIn: AgentSignIn): Promise<string>;
}

interface Entry {
  agentId: string;
  /** The claims the row was last written with; other claims mean write again. */
  fingerprint: string;
  expiresAt: number;
}

const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Provisions the agent of an authenticated caller, in every topology (it runs
 * in the auth guard). The subject → agent id mapping is remembered for a minute
 * per process, and concurrent first requests share one write, so the hot path
 * costs no database round trip.
 */
@Injectable()
export class AgentProvisioner {
  private readonly known = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly directory: AgentDirectory,
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
    const write = this.directory
      .provision({ tenantId: principal.tenantId, sub: principal.sub, name: principal.name ?? null, email: principal.email ?? null, role, at: this.clock.now() })
      .then((agentId) => {
        this.remember(key, { agentId, fingerprint, expiresAt: now + TTL_MS });
        return agentId;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, write);
    return write;
  }

  private remember(key: string, entry: Entry): void {
    this.known.delete(key);
    if (this.known.size >= MAX_ENTRIES) this.known.delete(this.known.keys().next().value!);
    this.known.set(key, entry);
  }
}
