import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '#switchboard/events';
import { Contact } from './contact.entity.js';
import { contactsConfig } from './contacts.config.js';
import { ContactsRepository } from './contacts.repository.js';
import { ContactsService } from './contacts.service.js';
import { DncHistory } from './dnc/dnc-history.entity.js';
import { DncHistoryRepository } from './dnc/dnc-history.repository.js';
import { DncList } from './dnc/dnc-list.js';
import { DncNumber } from './dnc/dnc-number.entity.js';
import { DncNumbersRepository } from './dnc/dnc-numbers.repository.js';

/**
 * Contacts' services for other features (calls updates a contact's status and
 * lists numbers on the do-not-call list): no routes and no queue handlers, so
 * importing it mounts nothing of `/v1/contacts` or `/v1/dnc`.
 */
@Module({
  imports: [ConfigModule.forFeature(contactsConfig), TypeOrmModule.forFeature([Contact, DncNumber, DncHistory]), EventsModule],
  providers: [ContactsRepository, ContactsService, DncNumbersRepository, DncHistoryRepository, DncList],
  exports: [ContactsRepository, ContactsService, DncNumbersRepository, DncHistoryRepository, DncList, ConfigModule, EventsModule],
})
export class ContactsCoreModule {}
