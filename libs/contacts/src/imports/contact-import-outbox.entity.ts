import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { ContactImport } from './contact-import.entity.js';

/**
 * A chunk's message, accepted and not applied yet: written in the import's
 * transaction, sent by ImportOutboxRelay (`sent_at`), deleted in the transaction
 * that applies the chunk. Owned by ImportOutboxRepository.
 */
@Entity({ name: 'contact_import_outbox' })
@Index('contact_import_outbox_unsent_idx', ['createdAt'], { where: 'sent_at IS NULL' })
export class ContactImportOutbox {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' })
  @ForeignKey(() => ContactImport, { name: 'contact_import_outbox_import_id_fkey', onDelete: 'CASCADE' })
  importId: string;

  /** 0-based, as in the message. */
  @PrimaryColumn({ name: 'chunk_index', type: 'integer' })
  chunkIndex: number;

  /** The ImportChunkMessage, as sent (unknown to TypeORM's partial-entity types, which cannot express its row tuples). */
  @Column({ type: 'jsonb' })
  message: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** When the relay last handed it to the queue; null until then, and again after a restart of the one process. */
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
