/**
 * The reference's endpoints: the same SQL statements the product sends (copied
 * from its query log), the same Redis
 * commands for the report cache, the same response bodies.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Claims } from './jwt.js';
import { LOCK_AGENT, recordEvent, reserveAgent, settleCampaignContact, stateAt, wrapUpAgent, type AgentRow } from './rules.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, for a 429's Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export interface Caller extends Claims {
  agentId: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DISPOSITIONS = ['sale', 'no_answer', 'busy', 'voicemail', 'callback', 'not_interested', 'wrong_number', 'do_not_call'] as const;
const CONTACT_STATUSES = ['new', 'contacted', 'callback', 'do_not_call'];

const bad = (field: string, message: string) => new HttpError(400, 'VALIDATION', `${field}: ${message}`);
export const uuidOf = (value: string | undefined, what = 'id'): string => {
  if (!value || !UUID.test(value)) throw bad(what, 'must be a UUID');
  return value;
};
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const AGENT_COLUMNS = `id, tenant_id AS "tenantId", sub, name, email, role, state, state_since AS "stateSince", state_until AS "stateUntil", state_reason AS "breakReason", state_campaign_id AS "campaignId", state_contact_id AS "contactId", version, created_at AS "createdAt", updated_at AS "updatedAt"`;
const CALL_COLUMNS = `id, tenant_id AS "tenantId", contact_id AS "contactId", contact_phone AS "contactPhone",
  agent_id AS "agentId", campaign_id AS "campaignId", direction, started_at AS "startedAt", answered_at AS "answeredAt",
  ended_at AS "endedAt", disposition, notes, provider_call_id AS "providerCallId", recording_url AS "recordingUrl",
  version, created_at AS "createdAt", updated_at AS "updatedAt"`;
const CONTACT_COLUMNS = `id, name, phone, email, tags, fields, status, time_zone AS "timeZone", version, created_at AS "createdAt", updated_at AS "updatedAt"`;
// The same hand-out as the product's, the same database function: the campaign checked active under its
// hand-out lock (taken before), leases judged by the database's clock, one ordered probe per zone and
// priority inside its hours ($7).
const HAND_OUT_LOCK_CLASS = 0x63616d;
const PHONE_LOCK_CLASS = 0x646e63; // the product's number locks (libs/contacts phone-locks.ts)
const HAND_OUT = `SELECT id, name, phone, email, status, time_zone AS "timeZone", lease_expires_at FROM campaign_hand_out($1, $2, $3, $4, $5, $6, $7)`;
const FIGURES = `
  disposition,
  count(*)::int AS calls,
  count(answered_at)::int AS answered,
  COALESCE(sum(GREATEST(extract(epoch FROM ended_at - answered_at), 0)) FILTER (WHERE answered_at IS NOT NULL), 0)::float8 AS "talkSeconds"`;

/** A response body of a versioned resource. */
type Versioned = { version: number; [field: string]: unknown };
/** A row selected with one of the *_COLUMNS lists, its timestamps as pg returns them. */
type Row = Versioned & { createdAt: Date | null; updatedAt: Date | null };
const withDates = (r: Row): Versioned => ({ ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });
const withEtag = (body: Versioned): Reply => ({ status: 200, body, headers: { etag: `W/"${body.version}"` } });

export class Handlers {
  private readonly computing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly redis: Redis,
    private readonly opts: { keyPrefix: string; reportsTtlSeconds: number; leaseSeconds: number },
  ) {}

  async me(c: Caller): Promise<Reply> {
    const { rows } = await this.pool.query(`SELECT ${AGENT_COLUMNS} FROM agents WHERE tenant_id = $1 AND id = $2`, [c.tenantId, c.agentId]);
    const a = rows[0];
    if (!a) throw new HttpError(404, 'AGENT.NOT_FOUND', 'Agent not found.');
    return withEtag({
      id: a.id,
      sub: a.sub,
      name: a.name,
      email: a.email,
      role: a.role,
      state: a.state,
      stateSince: iso(a.stateSince),
      stateUntil: a.stateUntil ? iso(a.stateUntil) : null,
      breakReason: a.breakReason,
      campaignId: a.campaignId,
      contactId: a.contactId,
      version: a.version,
      createdAt: iso(a.createdAt),
      updatedAt: iso(a.updatedAt),
    });
  }

  async listContacts(c: Caller, query: URLSearchParams): Promise<Reply> {
    const limit = query.has('limit') ? Number(query.get('limit')) : 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw bad('limit', 'must be 1–200');
    const status = query.get('status');
    if (status !== null && !CONTACT_STATUSES.includes(status)) throw bad('status', 'unknown status');
    const params: unknown[] = [c.tenantId];
    let where = 'tenant_id = $1 AND deleted_at IS NULL';
    if (status) where += ` AND status = $${params.push(status)}`;
    const cursor = query.get('cursor');
    if (cursor) {
      const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
      where += ` AND (created_at, id) < ($${params.push(new Date(createdAt))}, $${params.push(uuidOf(id, 'cursor'))})`;
    }
    const { rows } = await this.pool.query(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $${params.push(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit).map(withDates);
    const last = items.at(-1);
    const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null;
    return { status: 200, body: { items, nextCursor } };
  }

  async getContact(c: Caller, id: string): Promise<Reply> {
    const { rows } = await this.pool.query(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL`, [
      uuidOf(id),
      c.tenantId,
    ]);
    if (!rows[0]) throw new HttpError(404, 'CONTACT.NOT_FOUND', 'Contact not found.');
    return withEtag(withDates(rows[0]));
  }

  async updateContact(c: Caller, id: string, body: Record<string, unknown>): Promise<Reply> {
    const sets: [string, unknown][] = [];
    for (const [key, value] of Object.entries(body)) {
      if (key === 'name' && typeof value === 'string' && value.trim() && value.length <= 200) sets.push(['name', value.trim()]);
      else if (key === 'status' && typeof value === 'string' && CONTACT_STATUSES.includes(value)) sets.push(['status', value]);
      else if (key === 'fields' && isFlatFields(value)) sets.push(['fields', JSON.stringify(value)]);
      else if (key === 'tags' && Array.isArray(value) && value.every((t) => typeof t === 'string' && t.length >= 1 && t.length <= 50))
        sets.push(['tags', [...new Set(value.map((t: string) => t.trim()))]]);
      else throw bad(key, 'is not valid here');
    }
    // The product's column order: name, phone, email, tags, fields, status.
    const order = ['name', 'tags', 'fields', 'status'];
    sets.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    const contactId = uuidOf(id);
    const status = sets.find(([col]) => col === 'status')?.[1];
    // The product's order: a status change reads the contact first, then takes its number's lock,
    // the row lock and the do-not-call look-up inside the transaction; every change records contact.updated.
    const before =
      status === undefined
        ? undefined
        : await this.pool.query(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL`, [contactId, c.tenantId]);
    if (before && !before.rows[0]) throw new HttpError(404, 'CONTACT.NOT_FOUND', 'Contact not found.');
    const r = await this.transaction(async (client) => {
      if (before) {
        const phone = before.rows[0].phone as string;
        await client.query(
          `SELECT pg_advisory_xact_lock($1::int, hashtext($2 || ':' || k.phone)) FROM unnest($3::text[]) WITH ORDINALITY AS k(phone, n) ORDER BY k.n`,
          [PHONE_LOCK_CLASS, c.tenantId, [phone]],
        );
        const { rows: current } = await client.query(
          `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL FOR UPDATE`,
          [contactId, c.tenantId],
        );
        if (!current[0]) throw new HttpError(404, 'CONTACT.NOT_FOUND', 'Contact not found.');
        const { rows: listed } = await client.query(`SELECT 1 FROM dnc_numbers WHERE tenant_id = $1 AND phone = $2 LIMIT 1`, [c.tenantId, phone]);
        if (status !== 'do_not_call' && (listed.length || current[0].status === 'do_not_call'))
          throw new HttpError(409, 'CONTACT.DO_NOT_CALL', 'The number is on the do-not-call list.');
      }
      const params: unknown[] = [contactId, c.tenantId, new Date(), ...sets.map(([, v]) => v)];
      const { rows } = await client.query(
        `UPDATE contacts SET ${sets.map(([col], i) => `${col} = $${i + 4}`).join(', ')}, version = version + 1, updated_at = $3
         WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL RETURNING ${CONTACT_COLUMNS}`,
        params,
      );
      const row = rows[0];
      if (!row) throw new HttpError(404, 'CONTACT.NOT_FOUND', 'Contact not found.');
      await recordEvent(client, c.tenantId, 'contact.updated', row.updatedAt, withDates(row));
      return row;
    });
    return withEtag(withDates(r));
  }

  async nextContact(c: Caller, campaignId: string): Promise<Reply> {
    const now = new Date();
    const row = await this.transaction(async (client) => {
      // The campaign with the legal hours, under its hand-out lock (shared; a status change takes it exclusively).
      const { rows: found } = await client.query(
        `SELECT k.status, k.window_start AS "windowStart", k.window_end AS "windowEnd", k.time_zones AS "timeZones",
           s.calling_hours_start AS "legalStart", s.calling_hours_end AS "legalEnd",
           pg_advisory_xact_lock_shared(${HAND_OUT_LOCK_CLASS}, hashtext(k.id::text))
         FROM campaigns k LEFT JOIN tenant_settings s ON s.tenant_id = k.tenant_id WHERE k.id = $1 AND k.tenant_id = $2`,
        [uuidOf(campaignId), c.tenantId],
      );
      const campaign = found[0];
      if (!campaign) throw new HttpError(404, 'CAMPAIGN.NOT_FOUND', 'Campaign not found.');
      if (campaign.status !== 'active') throw new HttpError(409, 'CAMPAIGN.NOT_ACTIVE', 'The campaign is not active.');
      const legal = { start: campaign.legalStart ?? '08:00', end: campaign.legalEnd ?? '21:00' };
      const zones = (campaign.timeZones as string[]).filter((zone) => {
        const local = localTime(now, zone);
        return withinWindow(local, campaign.windowStart, campaign.windowEnd) && withinWindow(local, legal.start, legal.end);
      });
      if (!zones.length) return undefined;
      const params = [c.tenantId, campaignId, c.agentId, this.opts.leaseSeconds, now, null, zones];
      const agent = (await client.query<AgentRow>(LOCK_AGENT, [c.agentId, c.tenantId])).rows[0]!;
      const state = stateAt(agent, now);
      if (state === 'break' || state === 'offline') throw new HttpError(409, 'AGENT.NOT_AVAILABLE', `The agent is ${state}.`);
      const leased = (await client.query(HAND_OUT, params)).rows[0];
      if (leased) await reserveAgent(client, agent, campaignId, leased.id, leased.lease_expires_at, now);
      return leased;
    });
    if (!row) return { status: 204 };
    const { lease_expires_at: leaseExpiresAt, ...contact } = row;
    return { status: 200, body: { campaignId, contact, leaseExpiresAt: iso(leaseExpiresAt) } };
  }

  async logCall(c: Caller, body: Record<string, unknown>): Promise<Reply> {
    const dto = validateCall(body);
    let wrapUpSeconds = 30;
    if (dto.campaignId) {
      const { rows } = await this.pool.query(`SELECT wrap_up_seconds AS "wrapUpSeconds" FROM campaigns WHERE id = $1 AND tenant_id = $2`, [
        dto.campaignId,
        c.tenantId,
      ]);
      if (!rows.length) throw new HttpError(404, 'CAMPAIGN.NOT_FOUND', 'Campaign not found.');
      wrapUpSeconds = rows[0].wrapUpSeconds;
    }
    const status = dto.disposition === 'do_not_call' ? 'do_not_call' : dto.disposition === 'callback' ? 'callback' : 'contacted';
    const call = await this.transaction(async (client) => {
      const now = new Date();
      const agent = (await client.query<AgentRow>(LOCK_AGENT, [c.agentId, c.tenantId])).rows[0]!;
      await wrapUpAgent(client, agent, dto.campaignId ?? null, dto.contactId, wrapUpSeconds, now);
      const inserted = await client.query(
        `INSERT INTO calls (tenant_id, contact_id, agent_id, campaign_id, direction, started_at, answered_at, ended_at, disposition, notes, logged_at, outcome_disposition)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $9) RETURNING ${CALL_COLUMNS}`,
        [
          c.tenantId,
          dto.contactId,
          c.agentId,
          dto.campaignId ?? null,
          dto.direction,
          dto.startedAt,
          dto.answeredAt,
          dto.endedAt,
          dto.disposition,
          dto.notes ?? null,
          now,
        ],
      );
      // A do-not-call contact stays one whatever a later call says.
      const updated = await client.query(
        `UPDATE contacts SET status = CASE WHEN status = 'do_not_call' THEN status ELSE $3 END, updated_at = $4, version = version + 1
       WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL`,
        [dto.contactId, c.tenantId, status, now],
      );
      if (!updated.rowCount) throw new HttpError(404, 'CONTACT.NOT_FOUND', 'Contact not found.');
      if (dto.campaignId) await settleCampaignContact(client, c.tenantId, dto.campaignId, dto.contactId, c.agentId, dto.disposition, now);
      const logged = inserted.rows[0];
      await recordEvent(client, c.tenantId, 'call.completed', logged.endedAt ?? now, callDto(logged));
      return logged;
    });
    await this.redis.set(this.generationKey(c.tenantId), newGeneration(), 'PX', 86_400_000).catch(() => undefined);
    const dtoOut = callDto(call);
    return { status: 201, body: dtoOut, headers: { etag: `W/"${call.version}"`, location: `/v1/calls/${call.id}` } };
  }

  /** BEGIN … COMMIT on one pooled client, ROLLBACK when `work` throws (as the product's `Database.transaction`). */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Read-through cache under the tenant's generation key: two GETs on a hit, as in the product. */
  async campaignReport(c: Caller, campaignId: string): Promise<Reply> {
    uuidOf(campaignId);
    const genKey = this.generationKey(c.tenantId);
    let generation = await this.redis.get(genKey).catch(() => null);
    if (!generation) {
      generation = newGeneration();
      await this.redis.set(genKey, generation, 'PX', 86_400_000).catch(() => undefined);
    }
    const key = `${this.opts.keyPrefix}grp:reports:${c.tenantId}:${generation}:campaign:${campaignId}`;
    const cached = await this.redis.get(key).catch(() => null);
    if (cached) return { status: 200, body: JSON.parse(cached) };
    // Concurrent misses on one key share one computation, as in the product's AppCache.
    let computing = this.computing.get(key);
    if (!computing) {
      computing = this.computeReport(c, campaignId, key).finally(() => this.computing.delete(key));
      this.computing.set(key, computing);
    }
    return { status: 200, body: await computing };
  }

  private async computeReport(c: Caller, campaignId: string, key: string): Promise<unknown> {
    const { rows: exists } = await this.pool.query(`SELECT 1 FROM campaigns WHERE id = $1 AND tenant_id = $2`, [campaignId, c.tenantId]);
    if (!exists.length) throw new HttpError(404, 'CAMPAIGN.NOT_FOUND', 'Campaign not found.');
    const { rows } = await this.pool.query(
      `SELECT ${FIGURES} FROM calls
         WHERE tenant_id = $1 AND campaign_id = $2 AND ended_at IS NOT NULL
         GROUP BY disposition`,
      [c.tenantId, campaignId],
    );
    const report = { campaignId, ...toFigures(rows) };
    await this.redis.set(key, JSON.stringify(report), 'PX', this.opts.reportsTtlSeconds * 1000).catch(() => undefined);
    return report;
  }

  private generationKey(tenantId: string): string {
    return `${this.opts.keyPrefix}grp:reports:${tenantId}:gen`;
  }
}

const newGeneration = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

function toFigures(rows: { disposition: string | null; calls: number; answered: number; talkSeconds: number }[]) {
  const dispositions = Object.fromEntries(DISPOSITIONS.map((d) => [d, 0])) as Record<string, number>;
  let calls = 0;
  let answered = 0;
  let talk = 0;
  for (const r of rows) {
    calls += r.calls;
    answered += r.answered;
    talk += r.talkSeconds;
    if (r.disposition && r.disposition in dispositions) dispositions[r.disposition]! += r.calls;
  }
  const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
  return {
    calls,
    answered,
    answerRate: calls ? round(answered / calls, 4) : 0,
    talkSeconds: round(talk, 3),
    avgTalkSeconds: answered ? round(talk / answered, 2) : 0,
    dispositions,
  };
}

function isFlatFields(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length <= 50 && entries.every(([, v]) => typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 1000));
}

function validateCall(body: Record<string, unknown>) {
  const allowed = new Set(['contactId', 'campaignId', 'direction', 'startedAt', 'answeredAt', 'endedAt', 'disposition', 'notes']);
  for (const key of Object.keys(body)) if (!allowed.has(key)) throw bad(key, 'is not a known field');
  const time = (key: string): Date => {
    const v = body[key];
    if (typeof v !== 'string' || !TIMESTAMP.test(v) || Number.isNaN(Date.parse(v))) throw bad(key, 'must be an ISO 8601 timestamp with an offset');
    return new Date(v);
  };
  const contactId = uuidOf(body.contactId as string, 'contactId');
  const campaignId = body.campaignId === undefined ? undefined : uuidOf(body.campaignId as string, 'campaignId');
  if (body.direction !== 'inbound' && body.direction !== 'outbound') throw bad('direction', 'must be inbound or outbound');
  if (!DISPOSITIONS.includes(body.disposition as never)) throw bad('disposition', 'unknown disposition');
  if (body.notes !== undefined && (typeof body.notes !== 'string' || body.notes.length > 4000)) throw bad('notes', 'at most 4000 characters');
  const startedAt = time('startedAt');
  const answeredAt = body.answeredAt === undefined ? null : time('answeredAt');
  const endedAt = time('endedAt');
  if ((answeredAt && answeredAt < startedAt) || endedAt < (answeredAt ?? startedAt)) throw bad('endedAt', 'times out of order');
  return {
    contactId,
    campaignId,
    direction: body.direction,
    startedAt,
    answeredAt,
    endedAt,
    disposition: body.disposition as string,
    notes: body.notes as string | undefined,
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function localTime(instant: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const parts = f.formatToParts(instant);
  return `${parts.find((p) => p.type === 'hour')!.value}:${parts.find((p) => p.type === 'minute')!.value}`;
}

function withinWindow(t: string, start: string, end: string): boolean {
  return start < end ? t >= start && t < end : t >= start || t < end;
}

/** A call's response body (and its event's data), from a row selected with CALL_COLUMNS. */
function callDto(call: Record<string, unknown> & { version: number }) {
  return {
    id: call.id,
    contactId: call.contactId,
    contactPhone: call.contactPhone,
    agentId: call.agentId,
    campaignId: call.campaignId,
    direction: call.direction,
    startedAt: iso(call.startedAt as Date | null),
    answeredAt: iso(call.answeredAt as Date | null),
    endedAt: iso(call.endedAt as Date | null),
    disposition: call.disposition,
    notes: call.notes,
    providerCallId: call.providerCallId,
    recordingUrl: call.recordingUrl,
    version: call.version,
    createdAt: iso(call.createdAt as Date | null),
    updatedAt: iso(call.updatedAt as Date | null),
  };
}
