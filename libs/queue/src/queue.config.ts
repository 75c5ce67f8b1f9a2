import { bool, defineConfig, int, setting, text, url } from '#switchboard/config';

export const queueConfig = defineConfig('queue', {
  /** Undefined when unset: the SDK default in AWS, an in-process emulator elsewhere. */
  endpoint: setting('SQS_ENDPOINT', url(['http', 'https']).optional()),
  region: setting('AWS_REGION', text()),
  namePrefix: setting('QUEUE_NAME_PREFIX', text()),
  callEventsUrl: setting('QUEUE_URL_CALL_EVENTS', url(['http', 'https']).optional()),
  contactImportsUrl: setting('QUEUE_URL_CONTACT_IMPORTS', url(['http', 'https']).optional()),
  webhookDeliveriesUrl: setting('QUEUE_URL_WEBHOOK_DELIVERIES', url(['http', 'https']).optional()),
  exportsUrl: setting('QUEUE_URL_EXPORTS', url(['http', 'https']).optional()),
  create: setting('QUEUES_CREATE', bool()),
  maxReceiveCount: setting('QUEUE_MAX_RECEIVE_COUNT', int(1, 1000)),
  visibilityTimeoutSeconds: setting('QUEUE_VISIBILITY_TIMEOUT_SECONDS', int(0, 43_200)),
  consumersEnabled: setting('QUEUE_CONSUMERS_ENABLED', bool()),
});
