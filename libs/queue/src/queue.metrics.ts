import { Counter, register } from 'prom-client';

// Registered once per process: tests and warm Lambdas create several apps.
export const queueMessages =
  (register.getSingleMetric('queue_messages_total') as Counter<'queue' | 'outcome'> | undefined) ??
  new Counter({ name: 'queue_messages_total', help: 'Queue messages by queue and outcome: handled, retry, dead-letter', labelNames: ['queue', 'outcome'] });
