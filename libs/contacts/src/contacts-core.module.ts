import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '#switchboard/events';
import { Contact } from './contact.entity.js';
import { contactsConfig } from './contacts.config.js';
import { ContactsRepository } from './contacts.repository.js';
import { ContactsService } from './contacts.service.js';

/**
 * Contacts' services for other features (calls updates a contact's status): no
 * routes and no queue handlers, so importing it mounts nothing of `/v1/contacts`.
 */
@Module({
  imports: [ConfigModule.forFeature(contactsConfig), TypeOrmModule.forFeature([Contact]), EventsModule],
  providers: [ContactsRepository, ContactsService],
  exports: [ContactsRepository, ContactsService, ConfigModule, EventsModule],
})
export class ContactsCoreModule {}
