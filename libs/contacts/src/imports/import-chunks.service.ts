import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '#switchboard/common';
import { Database } from '#switchboard/database';
import { PoisonMessageError } from '#switchboard/queue';
import { contactsConfig } from '../contacts.config.js';
import { MAX_KEPT_ERRORS } from './contact-import.entity.js';
import type { ImportChunkMessage } from './import-chunks.js';
import { validateImportRow, type ImportedContact } from './import-row.validator.js';
import type { RowError } from './import-rows.js';

/**
 * Upserts by (tenant, live phone). A row names what it knows: the name is
 * replaced, an email only when given, tags and custom fields are merged (an
 * import adds labels, never removes them), and the status is kept — a
 * do-not-call contact stays one.
 */
const UPSERT = `
  INSERT INTO contacts AS c (tenant_id, name, phone, email, tags, fields, created_at, updated_at)
  SELECT $1, r.name, r.phone, r.email, r.tags, r.fields, $2, $2
  FROM jsonb_to_recordset($3::jsonb) AS r(name text, phone text, email text, tags text[], fields jsonb)
  ON CONFLICT (tenant_id, phone) WHERE deleted_at IS NULL DO UPDATE SET
    name = excluded.name,
    email = coalesce(excluded.email, c.email),
    tags = ARRAY(SELECT t FROM unnest(c.tags || excluded.tags) WITH ORDINALITY AS u(t, n) GROUP BY t ORDER BY min(n)),
    fields = c.fields || excluded.fields,
    version = c.version + 1,
    updated_at = excluded.updated_at`;

/** Adds a chunk's counts and keeps the MAX_KEPT_ERRORS lowest-numbered row errors. */
const RECORD_PROGRESS = `
  UPDATE contact_imports SET
    processed = processed + $2,
    failed = failed + $3,
    errors = CASE WHEN jsonb_array_length($4::jsonb) = 0 THEN errors ELSE (
      SELECT coalesce(jsonb_agg(e ORDER BY (e->>'row')::int), '[]'::jsonb)
      FROM (SELECT e FROM jsonb_array_elements(errors || $4::jsonb) AS e ORDER BY (e->>'row')::int LIMIT ${MAX_KEPT_ERRORS}) AS kept
    ) END,
    status = CASE WHEN status = 'failed' THEN status WHEN processed + $2 >= total THEN 'completed' ELSE 'processing' END,
    completed_at = CASE WHEN status <> 'failed' AND processed + $2 >= total THEN $5 ELSE completed_at END,
    updated_at = $5
  WHERE id = $1`;

/** The consumer side of imports: applies one chunk exactly once. */
@Injectable()
export class ImportChunksService {
  constructor(
    private readonly db: Database,
    @Inject(contactsConfig.KEY) private readonly cfg: ConfigType<typeof contactsConfig>,
    private readonly clock: Clock,
  ) {}

  /**
   * Validates the rows, then in one transaction claims the chunk (a redelivery
   * finds the claim and stops), upserts the valid rows and adds the counts.
   */
  async apply(message: ImportChunkMessage): Promise<void> {
    const errors: RowError[] = [];
    const byPhone = new Map<string, ImportedContact>();
    for (const [row, data] of message.rows) {
      const result = validateImportRow(data, this.cfg.defaultRegion);
      if ('error' in result) errors.push({ row, ...result.error });
      else byPhone.set(result.contact.phone, result.contact); // a later row with the same phone wins
    }
    // One lock order (by phone) for every chunk, so concurrent chunks never deadlock.
    const contacts = [...byPhone.values()].sort((a, b) => (a.phone < b.phone ? -1 : a.phone > b.phone ? 1 : 0));
    const now = this.clock.now();

    await this.db.transaction(async (tx) => {
      const known = await tx.query(`SELECT 1 FROM contact_imports WHERE id = $1 AND tenant_id = $2`, [message.importId, message.tenantId]);
      if (known.length === 0) throw new PoisonMessageError(`Contact import ${message.importId} of tenant ${message.tenantId} does not exist.`);
      const claimed = await tx.execute(
        `INSERT INTO contact_import_chunks (import_id, chunk_index, processed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [message.importId, message.chunk, now],
      );
      if (claimed === 0) return; // applied before: a redelivery or a duplicate
      if (contacts.length) await tx.execute(UPSERT, [message.tenantId, now, JSON.stringify(contacts)]);
      await tx.execute(RECORD_PROGRESS, [message.importId, message.rows.length, errors.length, JSON.stringify(errors), now]);
    });
  }

  /** Marks an import that can no longer complete (a chunk was dead-lettered or never sent). */
  async markFailed(importId: string): Promise<void> {
    const now = this.clock.now();
    await this.db.execute(
      `UPDATE contact_imports SET status = 'failed', updated_at = $2, completed_at = $2 WHERE id = $1 AND status IN ('queued', 'processing')`,
      [importId, now],
    );
  }
}
