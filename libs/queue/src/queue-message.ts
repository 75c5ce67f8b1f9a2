/** A message as a handler sees it, whichever transport delivered it (poller or Lambda event). */
export interface QueueMessage<T = unknown> {
  /** The SQS message id. */
  id: string;
  /** The parsed JSON body. */
  body: T;
  /** String message attributes (e.g. `deduplication-id`). */
  attributes: Record<string, string>;
  /** How many times SQS has delivered this message, this delivery included. */
  receiveCount: number;
}

/**
 * The contract of a queue consumer. Resolve → the message is deleted. Throw →
 * retried after the visibility timeout when `isRetryable(err)` (and dead-lettered
 * by SQS after QUEUE_MAX_RECEIVE_COUNT receives), sent to the DLQ at once otherwise.
 */
export interface QueueMessageHandler<T = unknown> {
  handle(message: QueueMessage<T>): Promise<void>;
}

/** Thrown by a handler for a message that can never succeed: it goes to the DLQ at once with `reason`. */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

/** A delivered message before its body is parsed. */
export interface RawQueueMessage {
  id: string;
  body: string;
  attributes: Record<string, string>;
  receiveCount: number;
  /** Needed to delete or release the message when polled; absent in tests that dispatch directly. */
  receiptHandle?: string;
}

/** The shape of an SQS message from ReceiveMessage (@aws-sdk/client-sqs `Message`). */
export interface SqsMessageLike {
  MessageId?: string;
  Body?: string;
  ReceiptHandle?: string;
  Attributes?: Partial<Record<string, string>>;
  MessageAttributes?: Record<string, { StringValue?: string; DataType?: string }>;
}

/** The shape of one record of a Lambda SQS event (`SQSRecord` of @types/aws-lambda). */
export interface SqsEventRecordLike {
  messageId: string;
  body: string;
  receiptHandle?: string;
  attributes?: Partial<Record<string, string>>;
  messageAttributes?: Record<string, { stringValue?: string; dataType?: string }>;
}

export function fromSqsMessage(message: SqsMessageLike): RawQueueMessage {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (value.StringValue !== undefined) attributes[name] = value.StringValue;
  }
  return {
    id: message.MessageId ?? '',
    body: message.Body ?? '',
    attributes,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
    receiptHandle: message.ReceiptHandle,
  };
}

export function fromSqsEventRecord(record: SqsEventRecordLike): RawQueueMessage {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
    if (value.stringValue !== undefined) attributes[name] = value.stringValue;
  }
  return {
    id: record.messageId,
    body: record.body,
    attributes,
    receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1),
    receiptHandle: record.receiptHandle,
  };
}
