import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule, queueConfig } from '#switchboard/queue';
import { ContactsCoreModule } from './contacts-core.module.js';
import { ContactsController } from './contacts.controller.js';
import { DncController } from './dnc/dnc.controller.js';
import { DncService } from './dnc/dnc.service.js';
import { ContactImportChunk } from './imports/contact-import-chunk.entity.js';
import { ContactImportOutbox } from './imports/contact-import-outbox.entity.js';
import { ContactImport } from './imports/contact-import.entity.js';
import { ContactImportsController } from './imports/contact-imports.controller.js';
import { ContactImportsHandler } from './imports/contact-imports.handler.js';
import { ContactImportsRepository } from './imports/contact-imports.repository.js';
import { ContactImportsService } from './imports/contact-imports.service.js';
import { ImportChunksService } from './imports/import-chunks.service.js';
import { ImportOutboxRelay } from './imports/import-outbox.relay.js';
import { ImportOutboxRepository } from './imports/import-outbox.repository.js';

/**
 * The `contacts` entry: `/v1/contacts`, `/v1/contact-imports`, `/v1/dnc` and the consumer of
 * `contact-imports`. Other features import ContactsCoreModule, never this.
 */
@Module({
  imports: [
    ContactsCoreModule,
    TypeOrmModule.forFeature([ContactImport, ContactImportChunk, ContactImportOutbox]),
    QueueModule.forFeature(),
    ConfigModule.forFeature(queueConfig),
  ],
  controllers: [ContactsController, ContactImportsController, DncController],
  providers: [
    ContactImportsRepository,
    ImportOutboxRepository,
    ImportOutboxRelay,
    ContactImportsService,
    ImportChunksService,
    ContactImportsHandler,
    DncService,
  ],
  exports: [ContactsCoreModule],
})
export class ContactsModule {}
