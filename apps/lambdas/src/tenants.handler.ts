import 'reflect-metadata';
import { TenantsModule } from '#switchboard/tenants';
import { createHttpHandler } from '#switchboard/lambda';

export const handler = createHttpHandler('tenants', TenantsModule);
