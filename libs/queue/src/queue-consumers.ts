import { ChangeMessageVisibilityCommand, DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { MODULE_REGISTRY, type QueueName } from '#switchboard/registry';
import { Consumer } from 'sqs-consumer';
import { QueueHandlerRegistry } from './queue-handler.registry.js';
import { fromSqsMessage } from './queue-message.js';
import { queueConfig } from './queue.config.js';
import { QueueProcessor } from './queue-processor.js';
import { QueueUrls } from './queue-urls.js';
import { SqsConnection } from './sqs-connection.js';

/**
 * Polls, in this process, every queue the registry says is consumed and whose
 * handler is mounted here (QUEUE_CONSUMERS_ENABLED=false in Lambda, where SQS
 * events call `QueueProcessor` instead).
 *
 * sqs-consumer does the long polling; deleting and dead-lettering are ours
 * (`shouldDeleteMessages: false`), so stopping can abort the long poll without
 * aborting the deletes of messages still being handled.
 */
@Injectable()
export class QueueConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Queue');
  private readonly consumers: Consumer[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly handlers: QueueHandlerRegistry,
    private readonly processor: QueueProcessor,
    private readonly urls: QueueUrls,
    private readonly sqs: SqsConnection,
    @Inject(queueConfig.KEY) private readonly cfg: ConfigType<typeof queueConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.cfg.consumersEnabled) return;
    const queues = this.handlers.queues().filter((queue) => MODULE_REGISTRY.some((entry) => entry.consumes.includes(queue)));
    for (const queue of queues) this.consumers.push(this.createConsumer(queue, await this.urls.url(queue)));
    for (const consumer of this.consumers) consumer.start();
    if (queues.length) this.logger.log(`Consuming ${queues.join(', ')}`);
  }

  /** Stops polling, then waits for the messages being handled. Runs before pools close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const consumer of this.consumers) consumer.stop({ abort: true });
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Whether any queue is being polled (false once shutdown has begun). */
  get polling(): boolean {
    return this.consumers.some((consumer) => consumer.status.isRunning);
  }

  /** Messages being handled right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private createConsumer(queue: QueueName, queueUrl: string): Consumer {
    const consumer = Consumer.create({
      queueUrl,
      sqs: this.sqs.client,
      batchSize: 10,
      waitTimeSeconds: 20,
      visibilityTimeout: this.cfg.visibilityTimeoutSeconds,
      // A slow handler keeps its message invisible (extended every half timeout)
      // instead of letting a second consumer pick it up mid-way.
      heartbeatInterval: this.cfg.visibilityTimeoutSeconds >= 4 ? Math.floor(this.cfg.visibilityTimeoutSeconds / 2) : undefined,
      messageSystemAttributeNames: ['ApproximateReceiveCount'],
      attributeNames: ['All'],
      messageAttributeNames: ['All'],
      shouldDeleteMessages: false,
      handleMessage: (message) => this.track(this.handle(queue, queueUrl, message)),
    });
    // Without listeners a failed poll is an unhandled 'error' event and ends the process.
    const onError = (err: Error) => {
      if (!this.stopping) this.logger.warn(`Polling ${queue} failed: ${err.message}`);
    };
    consumer.on('error', onError);
    consumer.on('processing_error', onError);
    return consumer;
  }

  private async handle(queue: QueueName, queueUrl: string, message: Message): Promise<void> {
    const receipt = message.ReceiptHandle!;
    if (this.stopping) {
      // Received while stopping (a poll answered just before the abort): hand it
      // straight back so another consumer need not wait for the visibility timeout.
      await this.sqs.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receipt, VisibilityTimeout: 0 })).catch(() => undefined);
      return;
    }
    const ack = await this.processor.process(queue, fromSqsMessage(message));
    if (ack !== 'ack') return;
    try {
      await this.sqs.client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receipt }));
    } catch (err) {
      this.logger.warn(`Message ${message.MessageId} on ${queue} was handled but not deleted (${(err as Error).message}); it will be delivered again`);
    }
  }

  private track(work: Promise<void>): Promise<undefined> {
    this.inFlight.add(work);
    return work.then(
      () => undefined,
      () => undefined,
    ).finally(() => this.inFlight.delete(work)) as Promise<undefined>;
  }
}
