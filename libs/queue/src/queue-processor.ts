import { type MessageAttributeValue, SendMessageCommand } from '@aws-sdk/client-sqs';
import { Injectable, Logger } from '@nestjs/common';
import type { QueueName } from '#switchboard/registry';
import { dispatchQueueMessage, type QueueOutcome } from './dispatch.js';
import { QueueHandlerRegistry } from './queue-handler.registry.js';
import { fromSqsEventRecord, type RawQueueMessage, type SqsEventRecordLike } from './queue-message.js';
import { queueMessages } from './queue.metrics.js';
import { QueueUrls } from './queue-urls.js';
import { SqsConnection } from './sqs-connection.js';

/** What the transport does with a delivery: delete it, or leave it for redelivery. */
export type Acknowledgement = 'ack' | 'retry';

const MAX_ATTRIBUTES = 10; // SQS limit per message
const MAX_REASON_LENGTH = 1000;

/**
 * Runs the application's handler on one delivered message and decides its
 * fate: handled → ack; retryable failure → retry (SQS redelivers after the
 * visibility timeout and dead-letters after maxReceiveCount); poison or a
 * non-retryable domain error → copied to the DLQ with the reason, then ack.
 * Never throws: the poller and the Lambda worker only act on the answer.
 */
@Injectable()
export class QueueProcessor {
  private readonly logger = new Logger('Queue');

  constructor(
    private readonly handlers: QueueHandlerRegistry,
    private readonly urls: QueueUrls,
    private readonly sqs: SqsConnection,
  ) {}

  async process(queue: QueueName, raw: RawQueueMessage): Promise<Acknowledgement> {
    const outcome = await this.run(queue, raw);
    queueMessages.inc({ queue, outcome: outcome.kind });
    if (outcome.kind === 'handled') return 'ack';
    if (outcome.kind === 'retry') {
      this.logger.warn({ msg: `Message ${raw.id} on ${queue} failed (delivery ${raw.receiveCount}); it will be retried`, err: outcome.error });
      return 'retry';
    }
    try {
      await this.deadLetter(queue, raw, outcome.reason);
      this.logger.error({ msg: `Message ${raw.id} on ${queue} dead-lettered: ${outcome.reason}`, err: outcome.error });
      return 'ack';
    } catch (err) {
      // Left on the queue: SQS dead-letters it by itself after maxReceiveCount.
      this.logger.error({ msg: `Message ${raw.id} on ${queue} could not be dead-lettered; left for redelivery`, err });
      return 'retry';
    }
  }

  private async run(queue: QueueName, raw: RawQueueMessage): Promise<QueueOutcome> {
    let body: unknown;
    try {
      body = JSON.parse(raw.body);
    } catch (error) {
      return { kind: 'dead-letter', reason: 'MALFORMED_BODY: the body is not JSON', error };
    }
    try {
      return await dispatchQueueMessage(this.handlers.get(queue), { id: raw.id, body, attributes: raw.attributes, receiveCount: raw.receiveCount });
    } catch (error) {
      return { kind: 'retry', error }; // no handler mounted: a deployment fault, not the message's
    }
  }

  private async deadLetter(queue: QueueName, raw: RawQueueMessage, reason: string): Promise<void> {
    const own: Record<string, string> = {
      'dead-letter-reason': reason.slice(0, MAX_REASON_LENGTH),
      'source-queue': queue,
      'source-message-id': raw.id,
      'receive-count': String(raw.receiveCount),
    };
    const kept = Object.entries(raw.attributes)
      .filter(([name]) => !(name in own))
      .slice(0, MAX_ATTRIBUTES - Object.keys(own).length);
    const attributes: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of [...kept, ...Object.entries(own)]) attributes[name] = { DataType: 'String', StringValue: value };
    await this.sqs.client.send(new SendMessageCommand({ QueueUrl: await this.urls.dlqUrl(queue), MessageBody: raw.body, MessageAttributes: attributes }));
  }
}

/** A Lambda SQS event (`SQSEvent`), reduced to what the worker reads. */
export interface SqsEventLike {
  Records: SqsEventRecordLike[];
}

/** A partial batch response (`SQSBatchResponse`): the records SQS should redeliver. */
export interface SqsBatchResponseLike {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * The whole body of a Lambda SQS worker (with `ReportBatchItemFailures` on the
 * event source mapping): each record through the queue's handler, retries reported.
 */
export async function processSqsEvent(processor: QueueProcessor, queue: QueueName, event: SqsEventLike): Promise<SqsBatchResponseLike> {
  const results = await Promise.all(
    event.Records.map(async (record) => ({ id: record.messageId, ack: await processor.process(queue, fromSqsEventRecord(record)) })),
  );
  return { batchItemFailures: results.filter((r) => r.ack === 'retry').map((r) => ({ itemIdentifier: r.id })) };
}
