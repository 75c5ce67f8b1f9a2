import { type MessageAttributeValue, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { Injectable } from '@nestjs/common';
import { DomainError, ServiceUnavailableError } from '#switchboard/common';
import type { QueueName } from '#switchboard/registry';
import { randomUUID } from 'node:crypto';
import { QueueUrls } from './queue-urls.js';
import { SqsConnection } from './sqs-connection.js';

/** SQS limits: 10 entries and 256 KiB of payload per request, 256 KiB per message. */
export const MAX_BATCH_ENTRIES = 10;
export const MAX_PAYLOAD_BYTES = 256 * 1024;

export interface SendOptions {
  /** Carried as the `deduplication-id` attribute for idempotent handlers (and as the SQS id on FIFO queues). */
  deduplicationId?: string;
  /** Extra string attributes. */
  attributes?: Record<string, string>;
}

/** Sends JSON messages to the queues. SQS failures surface as 503 `SERVICE_UNAVAILABLE`. */
@Injectable()
export class QueueProducer {
  constructor(
    private readonly sqs: SqsConnection,
    private readonly urls: QueueUrls,
  ) {}

  async send(queue: QueueName, body: unknown, opts: SendOptions = {}): Promise<void> {
    const payload = encode(body);
    const url = await this.queueUrl(queue);
    const fifo = url.endsWith('.fifo');
    await this.call(queue, () =>
      this.sqs.client.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: payload,
          MessageAttributes: toAttributes(opts),
          ...(fifo ? { MessageGroupId: queue, MessageDeduplicationId: opts.deduplicationId ?? randomUUID() } : {}),
        }),
      ),
    );
  }

  /** Sends many messages in as few requests as the SQS limits allow. */
  async sendBatch(queue: QueueName, bodies: unknown[]): Promise<void> {
    if (bodies.length === 0) return;
    const url = await this.queueUrl(queue);
    for (const chunk of chunkPayloads(bodies.map(encode))) {
      let entries = chunk.map((MessageBody, i) => ({ Id: String(i), MessageBody }));
      // A batch may fail per entry (throttling): resend those once before giving up.
      for (let attempt = 0; entries.length > 0; attempt++) {
        const out = await this.call(queue, () => this.sqs.client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries })));
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
        if (entries.length > 0 && attempt >= 1) throw new ServiceUnavailableError(`${entries.length} message(s) could not be queued on ${queue}.`);
      }
    }
  }

  private queueUrl(queue: QueueName): Promise<string> {
    return this.call(queue, () => this.urls.url(queue));
  }

  private async call<R>(queue: QueueName, op: () => Promise<R>): Promise<R> {
    try {
      return await op();
    } catch (err) {
      if (err instanceof DomainError) throw err;
      // The SDK's text goes to the log (as the cause), not to the caller.
      throw Object.assign(new ServiceUnavailableError(`The ${queue} queue is unavailable; try again shortly.`), { cause: err });
    }
  }
}

function encode(body: unknown): string {
  const payload = JSON.stringify(body);
  if (payload === undefined) throw new TypeError('A queue message body must be JSON-serialisable');
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
    throw new DomainError('QUEUE.MESSAGE_TOO_LARGE', 'too_large', `A queue message is limited to ${MAX_PAYLOAD_BYTES} bytes.`);
  }
  return payload;
}

/** Groups payloads into batches of at most 10 entries and 256 KiB. */
export function chunkPayloads(payloads: string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const payload of payloads) {
    const size = Buffer.byteLength(payload);
    if (current.length === MAX_BATCH_ENTRIES || (current.length > 0 && bytes + size > MAX_PAYLOAD_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(payload);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function toAttributes(opts: SendOptions): Record<string, MessageAttributeValue> | undefined {
  const all = { ...opts.attributes, ...(opts.deduplicationId ? { 'deduplication-id': opts.deduplicationId } : {}) };
  const entries = Object.entries(all);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([name, value]) => [name, { DataType: 'String', StringValue: value }]));
}
