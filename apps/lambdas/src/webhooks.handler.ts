import 'reflect-metadata';
import { createHttpHandler } from '#switchboard/lambda';
import { WebhooksModule } from '#switchboard/webhooks';

export const handler = createHttpHandler('webhooks', WebhooksModule);
