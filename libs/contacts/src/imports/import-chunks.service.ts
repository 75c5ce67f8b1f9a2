import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '#switchboard/common';
import { EventOutbox } from '#switchboard/events';
import { PoisonMessageError } from '#switchboard/queue';
import { DataSource } from 'typeorm';
import { contactsConfig } from '../contacts.config.js';
import { ContactsRepository } from '../contacts.repository.js';
import { DncList } from '../dnc/dnc-list.js';
import type { DncNumberInput } from '../dnc/dnc-numbers.repository.js';
import { validateDncRow } from '../dnc/dnc-row.validator.js';
import { lockPhones } from '../dnc/phone-locks.js';
import { ContactImportsRepository } from './contact-imports.repository.js';
import { toContactImportDto } from './dto/contact-import.dto.js';
import { ImportOutboxRepository } from './import-outbox.repository.js';
import type { ImportChunkMessage } from './import-chunks.js';
import { validateImportRow, type ImportedContact } from './import-row.validator.js';
import type { RowError } from './import-rows.js';

/** The consumer side of imports: applies one chunk exactly once. */
@Injectable()
export class ImportChunksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contacts: ContactsRepository,
    private readonly dncList: DncList,
    private readonly imports: ContactImportsRepository,
    private readonly outbox: ImportOutboxRepository,
    @Inject(contactsConfig.KEY) private readonly cfg: ConfigType<typeof contactsConfig>,
    private readonly clock: Clock,
    private readonly events: EventOutbox,
  ) {}

  /**
   * Validates the rows, then in one transaction claims the chunk (a redelivery
   * finds the claim and stops), writes the valid rows and adds the counts.
   * Contacts are upserted holding their numbers' locks, so a number listed
   * meanwhile still makes its contact `do_not_call`; numbers of a `dnc` import
   * are listed (source `import`).
   */
  async apply(message: ImportChunkMessage): Promise<void> {
    const errors: RowError[] = [];
    const byPhone = new Map<string, ImportedContact | DncNumberInput>();
    for (const [row, data] of message.rows) {
      const result = message.kind === 'dnc' ? validateDncRow(data, this.cfg.defaultRegion) : validateImportRow(data, this.cfg.defaultRegion);
      if ('error' in result) errors.push({ row, ...result.error });
      else {
        const valid = 'number' in result ? result.number : result.contact;
        byPhone.set(valid.phone, valid); // a later row with the same phone wins
      }
    }
    // One lock order (by phone) for every chunk, so concurrent chunks never deadlock.
    const rows = [...byPhone.values()].sort((a, b) => (a.phone < b.phone ? -1 : a.phone > b.phone ? 1 : 0));
    const now = this.clock.now();

    await this.dataSource.transaction(async (manager) => {
      if (!(await this.imports.exists(message.tenantId, message.importId, manager))) {
        throw new PoisonMessageError(`Contact import ${message.importId} of tenant ${message.tenantId} does not exist.`);
      }
      // Applied now or before: its outbox message is no longer owed.
      await this.outbox.remove(message.importId, message.chunk, manager);
      if (!(await this.imports.claimChunk(message.importId, message.chunk, now, manager))) return; // applied before: a redelivery or a duplicate
      if (message.kind === 'dnc') {
        await this.dncList.list(manager, message.tenantId, rows as DncNumberInput[], { source: 'import', actor: message.actor! });
      } else {
        await lockPhones(manager, message.tenantId, [...byPhone.keys()]);
        await this.contacts.upsertByPhone(message.tenantId, rows as ImportedContact[], now, manager);
      }
      const completed = await this.imports.recordProgress(message.importId, { processed: message.rows.length, failed: errors.length, errors }, now, manager);
      if (completed)
        await this.events.record(manager, { type: 'import.completed', tenantId: message.tenantId, occurredAt: now, data: toContactImportDto(completed) });
    });
  }

  /**
   * Marks an import that can no longer complete: its chunk `chunk` was
   * dead-lettered, so its outbox message is dropped rather than sent again.
   */
  async markFailed(importId: string, chunk: number): Promise<void> {
    await this.outbox.remove(importId, chunk);
    await this.imports.markFailed(importId, this.clock.now());
  }
}
