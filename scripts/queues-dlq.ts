/**
 * Lists the dead letters of a queue, or moves them back to it (redrive):
 *
 *   npm run queues:dlq -- --queue call-events              # list
 *   npm run queues:dlq -- --queue call-events --redrive    # send each back, then delete it from the DLQ
 *   npm run queues:dlq -- --queue call-events --max 50     # at most 50 messages (default 1000)
 *
 * It talks to the SQS the settings name: SQS_ENDPOINT with queues found by name
 * (QUEUE_NAME_PREFIX + queue, e.g. the docker-compose emulator), or AWS with
 * NODE_ENV=production and QUEUE_URL_<NAME> (the DLQ is read from the queue's
 * RedrivePolicy). Listing leaves every message on the DLQ, visible again at once.
 */
import 'reflect-metadata';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isProduction } from '#switchboard/config';
import { QUEUE_NAMES, type QueueName } from '#switchboard/registry';
// Imported from their files, not #switchboard/queue: its index loads the pollers and Nest's discovery.
import { queueConfig } from '../libs/queue/src/queue.config.js';
import { QueueUrls } from '../libs/queue/src/queue-urls.js';
import { SqsConnection } from '../libs/queue/src/sqs-connection.js';

const USAGE = `usage: npm run queues:dlq -- --queue <${QUEUE_NAMES.join('|')}> [--redrive] [--max <n>]`;

/** Attributes the queue lib adds when it dead-letters a message; dropped on redrive. */
const DEAD_LETTER_ATTRIBUTES = ['dead-letter-reason', 'source-queue', 'source-message-id', 'receive-count'];

/** Long enough to read the whole DLQ without seeing a message twice. */
const READ_VISIBILITY_SECONDS = 120;

export interface DeadLetter {
  message: Message;
  reason: string;
  receiveCount: string;
}

/** Receives up to `max` distinct messages of the DLQ, holding them invisible until released or deleted. */
export async function readDeadLetters(sqs: SQSClient, dlqUrl: string, max: number): Promise<DeadLetter[]> {
  const seen = new Map<string, DeadLetter>();
  // Short polls may miss messages on a busy queue: stop after two empty long polls.
  for (let empty = 0; seen.size < max && empty < 2;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: Math.min(10, max - seen.size),
        WaitTimeSeconds: 1,
        VisibilityTimeout: READ_VISIBILITY_SECONDS,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    const messages = out.Messages ?? [];
    empty = messages.length === 0 ? empty + 1 : 0;
    for (const message of messages) {
      const attrs = message.MessageAttributes ?? {};
      seen.set(message.MessageId!, {
        message,
        // Dead-lettered by SQS itself after maxReceiveCount: no reason attribute, the receive count tells.
        reason: attrs['dead-letter-reason']?.StringValue ?? 'retries exhausted (moved by SQS after maxReceiveCount)',
        receiveCount: attrs['receive-count']?.StringValue ?? '?',
      });
    }
  }
  return [...seen.values()];
}

/** Makes read messages visible again at once (listing must not hide them). */
export async function releaseDeadLetters(sqs: SQSClient, dlqUrl: string, letters: DeadLetter[]): Promise<void> {
  for (let i = 0; i < letters.length; i += 10) {
    const entries = letters.slice(i, i + 10).map((l, n) => ({ Id: String(n), ReceiptHandle: l.message.ReceiptHandle!, VisibilityTimeout: 0 }));
    await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: dlqUrl, Entries: entries }));
  }
}

/** Sends each message back to its queue with its own attributes, then deletes it from the DLQ. */
export async function redriveDeadLetters(sqs: SQSClient, queueUrl: string, dlqUrl: string, letters: DeadLetter[]): Promise<number> {
  let moved = 0;
  for (const { message } of letters) {
    const attributes: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
      if (!DEAD_LETTER_ATTRIBUTES.includes(name) && value.StringValue !== undefined) attributes[name] = { DataType: 'String', StringValue: value.StringValue };
    }
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message.Body!, MessageAttributes: Object.keys(attributes).length ? attributes : undefined }),
    );
    // Deleted only once re-sent: a crash in between leaves a copy on both, and consumers are idempotent.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle! }));
    moved += 1;
  }
  return moved;
}

function describe(letter: DeadLetter): string {
  const body = letter.message.Body ?? '';
  return `${letter.message.MessageId}  receives=${letter.receiveCount}  reason=${letter.reason}\n    ${body.length > 300 ? `${body.slice(0, 300)}…` : body}`;
}

async function main(argv: string[]): Promise<void> {
  if (process.env.NODE_ENV !== 'production' && process.env.NODE_ENV !== 'test' && existsSync('.env')) process.loadEnvFile('.env');
  const { values } = parseArgs({
    args: argv,
    options: {
      queue: { type: 'string' },
      redrive: { type: 'boolean', default: false },
      max: { type: 'string', default: '1000' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const queue = values.queue as QueueName;
  if (!QUEUE_NAMES.includes(queue)) throw new Error(`--queue must be one of ${QUEUE_NAMES.join(', ')}\n${USAGE}`);
  const max = Number(values.max);
  if (!Number.isInteger(max) || max < 1) throw new Error(`--max must be a whole number above 0\n${USAGE}`);

  const cfg = queueConfig();
  if (!cfg.endpoint && !isProduction()) {
    throw new Error(
      'SQS_ENDPOINT is unset: an embedded emulator lives inside the server process and cannot be reached from here. ' +
        'Set SQS_ENDPOINT (the docker-compose emulator), or NODE_ENV=production with QUEUE_URL_<NAME> for AWS.',
    );
  }
  const client = new SQSClient({
    region: cfg.region,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    ...(isProduction() ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
  try {
    // `create: false`: an operator's tool finds queues, it never creates them.
    const urls = new QueueUrls(new SqsConnection(client, cfg.endpoint, false), { ...cfg, create: false });
    const [queueUrl, dlqUrl] = await Promise.all([urls.url(queue), urls.dlqUrl(queue)]);
    const letters = await readDeadLetters(client, dlqUrl, max);
    for (const letter of letters) console.log(describe(letter));
    if (!values.redrive) {
      await releaseDeadLetters(client, dlqUrl, letters);
      console.log(`${letters.length} dead letter(s) on ${dlqUrl}${letters.length === max ? ` (stopped at --max ${max})` : ''}`);
      return;
    }
    const moved = await redriveDeadLetters(client, queueUrl, dlqUrl, letters);
    console.log(`${moved} dead letter(s) moved back to ${queueUrl}`);
  } finally {
    client.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
