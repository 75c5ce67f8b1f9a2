import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { Injectable } from '@nestjs/common';
import { QUEUE_NAMES, type QueueName } from '#switchboard/registry';
import { QueueUrls } from './queue-urls.js';
import { SqsConnection } from './sqs-connection.js';

export interface QueueHealthReport {
  up: boolean;
  queues: Partial<Record<QueueName, 'up' | 'down'>>;
  error?: string;
}

/** Readiness of the queues: each known queue answers GetQueueAttributes in time. */
@Injectable()
export class QueueHealth {
  constructor(
    private readonly urls: QueueUrls,
    private readonly sqs: SqsConnection,
  ) {}

  async check(timeoutMs = 1500): Promise<QueueHealthReport> {
    const queues: QueueHealthReport['queues'] = {};
    let error: string | undefined;
    await Promise.all(
      QUEUE_NAMES.map(async (queue) => {
        try {
          const url = await this.urls.url(queue);
          await this.sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }), {
            abortSignal: AbortSignal.timeout(timeoutMs),
          });
          queues[queue] = 'up';
        } catch (err) {
          queues[queue] = 'down';
          error ??= `${queue}: ${(err as Error).message}`;
        }
      }),
    );
    return { up: Object.values(queues).every((s) => s === 'up'), queues, ...(error ? { error } : {}) };
  }
}
