import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { contactsConfig } from './contacts.config.js';
import { ContactsService } from './contacts.service.js';

/**
 * Contacts' services for other features (calls updates a contact's status): no
 * routes and no queue handlers, so importing it mounts nothing of `/v1/contacts`.
 */
@Module({
  imports: [ConfigModule.forFeature(contactsConfig)],
  providers: [ContactsService],
  exports: [ContactsService, ConfigModule],
})
export class ContactsCoreModule {}
