import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ContactImport } from './contact-import.entity.js';

/**
 * A chunk of an import already applied: written in the same transaction as the
 * chunk's contacts, so a redelivered SQS message finds it and changes nothing.
 * Owned, with its import, by ContactImportsRepository.
 */
@Entity({ name: 'contact_import_chunks' })
export class ContactImportChunk {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' })
  @ForeignKey(() => ContactImport, { name: 'contact_import_chunks_import_id_fkey', onDelete: 'CASCADE' })
  importId: string;

  /** 0-based, as in the message. */
  @PrimaryColumn({ name: 'chunk_index', type: 'integer' })
  chunkIndex: number;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt: Date;
}
