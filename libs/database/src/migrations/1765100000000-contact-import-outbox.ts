import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox of contact imports (issue 20, item 5): each chunk's
 * message is written in the import's own transaction, sent by a relay, and
 * deleted in the transaction that applies the chunk. A row therefore means
 * "accepted and not applied yet", and a crash between the write and the send
 * (or a queue that lost its messages) strands nothing.
 */
export class ContactImportOutbox1765100000000 implements MigrationInterface {
  name = 'ContactImportOutbox1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contact_import_outbox (
        import_id uuid NOT NULL REFERENCES contact_imports (id) ON DELETE CASCADE,
        chunk_index integer NOT NULL,
        message jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        PRIMARY KEY (import_id, chunk_index)
      )`);
    await q.query(`CREATE INDEX contact_import_outbox_unsent_idx ON contact_import_outbox (created_at) WHERE sent_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contact_import_outbox`);
  }
}
