import { ChangeMessageVisibilityCommand, type Message } from '@aws-sdk/client-sqs';
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

/** How long a stop waits for the batches being handled and their deletes (ECS stops a task 30 s after SIGTERM). */
const STOP_BUDGET_MS = 25_000;

/** One queue's sqs-consumer, and whether its long poll is what is in flight. */
interface Poller {
  readonly queue: QueueName;
  readonly consumer: Consumer;
  readonly receiving: boolean;
}

/**
 * Polls, in this process, every queue the registry says is consumed and whose
 * handler is mounted here (QUEUE_CONSUMERS_ENABLED=false in Lambda, where SQS
 * events call `QueueProcessor` instead).
 *
 * sqs-consumer polls, deletes and keeps slow messages invisible; the processor
 * decides each message's fate. Stopping must neither lose a handled message's
 * delete nor wait out a 20 s long poll, so an idle poller has its receive
 * aborted and a busy one finishes its batch (see `stop`).
 */
@Injectable()
export class QueueConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Queue');
  private readonly pollers: Poller[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
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
    for (const queue of queues) this.pollers.push(this.createPoller(queue, await this.urls.url(queue)));
    for (const { consumer } of this.pollers) consumer.start();
    if (queues.length) this.logger.log(`Consuming ${queues.join(', ')}`);
  }

  /** Stops polling, then waits for the messages being handled and their deletes. Runs before pools close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const finished = await Promise.all(this.pollers.map((poller) => this.stop(poller)));
    if (!finished.every(Boolean)) return;
    // Messages a just-aborted receive still returned are being handed back.
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Whether any queue is being polled (false once shutdown has begun). */
  get polling(): boolean {
    return this.pollers.some(({ consumer }) => consumer.status.isRunning);
  }

  /** Messages being handled right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private createPoller(queue: QueueName, queueUrl: string): Poller {
    let receiving = false;
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
      // sqs-consumer deletes exactly the messages the handler returns (since v14 an
      // `undefined` result leaves the message on the queue); `alwaysAcknowledge`
      // would delete the retries too. `strictReturn` rejects a stray `null`.
      strictReturn: true,
      pollingCompleteWaitTimeMs: STOP_BUDGET_MS,
      preReceiveMessageCallback: async () => {
        receiving = true;
      },
      postReceiveMessageCallback: async () => {
        receiving = false;
      },
      handleMessage: (message) => this.track(this.handle(queue, queueUrl, message)),
    });
    // Without an 'error' listener a failed poll is an unhandled 'error' event and ends the process.
    consumer.on('error', (err, message) => {
      if (message) this.logger.warn(`SQS call for ${label(message)} on ${queue} failed: ${err.message}`);
      else if (!this.stopping) this.logger.warn(`Polling ${queue} failed: ${err.message}`);
    });
    // The processor never throws, so this is a fault of ours; the message stays on the queue.
    consumer.on('processing_error', (err, message) => this.logger.error({ msg: `Handling ${label(message)} on ${queue} failed`, err }));
    return {
      queue,
      consumer,
      get receiving() {
        return receiving;
      },
    };
  }

  /** The message back for sqs-consumer to delete it, or undefined to leave it for redelivery. */
  private async handle(queue: QueueName, queueUrl: string, message: Message): Promise<Message | undefined> {
    if (this.stopping) {
      // Received while stopping (a poll answered just before the abort): hand it
      // straight back so another consumer need not wait for the visibility timeout.
      const release = new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 });
      await this.sqs.client.send(release).catch(() => undefined);
      return undefined;
    }
    const ack = await this.processor.process(queue, fromSqsMessage(message));
    return ack === 'ack' ? message : undefined;
  }

  /**
   * Stops one poller; resolves false when its batch outlived the budget. A poller
   * in its long poll has nothing else in flight (sqs-consumer receives the next
   * batch only once the last is done), so aborting loses nothing. A poller handling
   * a batch is stopped without abort, which would cancel its deletes and
   * heartbeats, and sqs-consumer reports 'stopped' once the batch is through.
   */
  private stop({ queue, consumer, receiving }: Poller): Promise<boolean> {
    if (receiving) {
      consumer.stop({ abort: true });
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      let inTime = true;
      consumer.once('waiting_for_polling_to_complete_timeout_exceeded', () => {
        inTime = false;
        this.logger.warn(`Stopped waiting for ${queue} after ${STOP_BUDGET_MS} ms; the messages still being handled will be delivered again`);
      });
      consumer.once('stopped', () => resolve(inTime));
      consumer.stop();
    });
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }
}

function label(message: Message | Message[]): string {
  return Array.isArray(message) ? `messages ${message.map((m) => m.MessageId).join(', ')}` : `message ${message.MessageId}`;
}
