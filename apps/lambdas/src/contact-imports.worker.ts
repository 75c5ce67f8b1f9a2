import 'reflect-metadata';
import { ContactsModule } from '#switchboard/contacts';
import { createSqsWorker } from '#switchboard/lambda';

export const handler = createSqsWorker('contact-imports', ContactsModule);
