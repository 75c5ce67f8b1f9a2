import 'reflect-metadata';
import { ContactsModule } from '#switchboard/contacts';
import { createHttpHandler } from '#switchboard/lambda';

export const handler = createHttpHandler('contacts', ContactsModule);
