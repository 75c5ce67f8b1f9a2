import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule } from '#switchboard/queue';
import { ContactsCoreModule } from './contacts-core.module.js';
import { ContactsController } from './contacts.controller.js';
import { ContactImportChunk } from './imports/contact-import-chunk.entity.js';
import { ContactImport } from './imports/contact-import.entity.js';
import { ContactImportsController } from './imports/contact-imports.controller.js';
import { ContactImportsHandler } from './imports/contact-imports.handler.js';
import { ContactImportsRepository } from './imports/contact-imports.repository.js';
import { ContactImportsService } from './imports/contact-imports.service.js';
import { ImportChunksService } from './imports/import-chunks.service.js';

/**
 * The `contacts` entry: `/v1/contacts`, `/v1/contact-imports` and the consumer of
 * `contact-imports`. Other features import ContactsCoreModule, never this.
 */
@Module({
  imports: [ContactsCoreModule, TypeOrmModule.forFeature([ContactImport, ContactImportChunk]), QueueModule.forFeature()],
  controllers: [ContactsController, ContactImportsController],
  providers: [ContactImportsRepository, ContactImportsService, ImportChunksService, ContactImportsHandler],
  exports: [ContactsCoreModule],
})
export class ContactsModule {}
