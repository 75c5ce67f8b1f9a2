export { ContactsModule } from './contacts.module.js';
export { ContactsService } from './contacts.service.js';
export { Contact, CONTACTS_TABLE, CONTACT_STATUSES } from './contact.entity.js';
export { ContactImport } from './imports/contact-import.entity.js';
export type { ContactStatus, ContactFields } from './contact.entity.js';
export { ContactDto } from './dto/contact.dto.js';
export { contactsConfig } from './contacts.config.js';
export { ContactNotFoundError, PhoneTakenError } from './contacts.errors.js';
export { toE164 } from './phone.js';
