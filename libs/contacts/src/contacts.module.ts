import { Module } from '@nestjs/common';
import { QueueModule } from '#switchboard/queue';
import { ContactsCoreModule } from './contacts-core.module.js';
import { ContactsController } from './contacts.controller.js';
import { ContactImportsController } from './imports/contact-imports.controller.js';
import { ContactImportsHandler } from './imports/contact-imports.handler.js';
import { ContactImportsService } from './imports/contact-imports.service.js';
import { ImportChunksService } from './imports/import-chunks.service.js';

/**
 * The `contacts` entry: `/v1/contacts`, `/v1/contact-imports` and the consumer of
 * `contact-imports`. Other features import ContactsCoreModule, never this.
 */
@Module({
  imports: [ContactsCoreModule, QueueModule.forFeature()],
  controllers: [ContactsController, ContactImportsController],
  providers: [ContactImportsService, ImportChunksService, ContactImportsHandler],
  exports: [ContactsCoreModule],
})
export class ContactsModule {}
