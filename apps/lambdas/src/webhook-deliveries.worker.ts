import 'reflect-metadata';
import { createSqsWorker } from '#switchboard/lambda';
import { WebhooksModule } from '#switchboard/webhooks';

export const handler = createSqsWorker('webhook-deliveries', WebhooksModule);
