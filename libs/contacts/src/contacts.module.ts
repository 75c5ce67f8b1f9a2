import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule } from '@switchboard/queue';
import { Contact } from './contact.entity.js';
import { contactsConfig } from './contacts.config.js';
import { ContactsController } from './contacts.controller.js';
import { ContactsService } from './contacts.service.js';
import { ContactImport } from './imports/contact-import.entity.js';
import { ContactImportsController } from './imports/contact-imports.controller.js';
import { ContactImportsHandler } from './imports/contact-imports.handler.js';
import { ContactImportsService } from './imports/contact-imports.service.js';
import { ImportChunksService } from './imports/import-chunks.service.js';

/** Contacts (`/v1/contacts`) and contact imports (`/v1/contact-imports`, queue `contact-imports`). */
@Module({
  imports: [ConfigModule.forFeature(contactsConfig), TypeOrmModule.forFeature([Contact, ContactImport]), QueueModule.forFeature()],
  controllers: [ContactsController, ContactImportsController],
  providers: [ContactsService, ContactImportsService, ImportChunksService, ContactImportsHandler],
  exports: [ContactsService],
})
export class ContactsModule {}
