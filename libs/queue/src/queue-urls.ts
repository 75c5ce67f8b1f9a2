import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { QUEUE_NAMES, type QueueName } from '#switchboard/registry';
import { queueConfig } from './queue.config.js';
import { SqsConnection } from './sqs-connection.js';

const DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;
const CREATE_ATTEMPTS = 15;

/**
 * Where each queue and its DLQ live. In AWS the deploy sets QUEUE_URL_<NAME>
 * and the DLQ is read from the queue's RedrivePolicy; elsewhere queues are
 * found by name (`QUEUE_NAME_PREFIX` + queue), and created with their DLQ when
 * the emulator is embedded or QUEUES_CREATE=true.
 */
@Injectable()
export class QueueUrls implements OnModuleInit {
  private readonly logger = new Logger('Queue');
  private readonly urls = new Map<QueueName, Promise<string>>();
  private readonly dlqUrls = new Map<QueueName, Promise<string>>();
  private readonly createdDlqs = new Map<QueueName, string>();

  constructor(
    private readonly sqs: SqsConnection,
    @Inject(queueConfig.KEY) private readonly cfg: ConfigType<typeof queueConfig>,
  ) {}

  /** Whether this process creates the queues and their DLQs at start. */
  get creates(): boolean {
    return this.sqs.embedded || this.cfg.create;
  }

  async onModuleInit(): Promise<void> {
    if (!this.creates) return;
    // An emulator started alongside (docker compose up) may need a moment.
    for (let attempt = 1; ; attempt++) {
      try {
        await Promise.all(QUEUE_NAMES.map((queue) => this.url(queue)));
        break;
      } catch (err) {
        if (attempt >= CREATE_ATTEMPTS) throw err;
        this.logger.warn(`SQS at ${this.sqs.endpoint ?? 'the AWS endpoint'} is not answering (${(err as Error).message}); retrying`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    this.logger.log(`Queues ready: ${QUEUE_NAMES.map((q) => `${this.name(q)} (+ -dlq, maxReceiveCount ${this.cfg.maxReceiveCount})`).join(', ')}`);
  }

  /** The URL of `queue`, resolved once. */
  url(queue: QueueName): Promise<string> {
    return memo(this.urls, queue, () => this.resolve(queue));
  }

  /** The URL of the dead-letter queue of `queue`. */
  dlqUrl(queue: QueueName): Promise<string> {
    return memo(this.dlqUrls, queue, () => this.resolveDlq(queue));
  }

  /** `${QUEUE_NAME_PREFIX}${queue}`, the queue's name outside AWS. */
  name(queue: QueueName): string {
    return `${this.cfg.namePrefix}${queue}`;
  }

  private async resolve(queue: QueueName): Promise<string> {
    const configured = {
      'call-events': this.cfg.callEventsUrl,
      'contact-imports': this.cfg.contactImportsUrl,
      'webhook-deliveries': this.cfg.webhookDeliveriesUrl,
    }[queue];
    if (configured) return configured;
    if (this.creates) return this.create(queue);
    const out = await this.sqs.client.send(new GetQueueUrlCommand({ QueueName: this.name(queue) }));
    return out.QueueUrl!;
  }

  private async create(queue: QueueName): Promise<string> {
    const dlqUrl = await this.createQueue(`${this.name(queue)}-dlq`, { MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS) });
    const dlqArn = await this.arnOf(dlqUrl);
    // CreateQueue with attributes fails on an existing queue whose attributes
    // differ; creating bare and then setting them is idempotent.
    const url = await this.createQueue(this.name(queue), {
      VisibilityTimeout: String(this.cfg.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: this.cfg.maxReceiveCount }),
    });
    this.createdDlqs.set(queue, dlqUrl);
    return url;
  }

  private async createQueue(name: string, attributes: Record<string, string>): Promise<string> {
    const out = await this.sqs.client.send(new CreateQueueCommand({ QueueName: name }));
    await this.sqs.client.send(new SetQueueAttributesCommand({ QueueUrl: out.QueueUrl!, Attributes: attributes }));
    return out.QueueUrl!;
  }

  private async arnOf(url: string): Promise<string> {
    const out = await this.sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    return out.Attributes!.QueueArn!;
  }

  private async resolveDlq(queue: QueueName): Promise<string> {
    const url = await this.url(queue);
    const created = this.createdDlqs.get(queue);
    if (created) return created;
    const out = await this.sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }));
    const policy = out.Attributes?.RedrivePolicy;
    if (!policy) throw new Error(`Queue ${queue} has no RedrivePolicy: no dead-letter queue to send to`);
    // arn:aws:sqs:<region>:<account>:<name>
    const [, , , , account, name] = (JSON.parse(policy) as { deadLetterTargetArn: string }).deadLetterTargetArn.split(':');
    const dlq = await this.sqs.client.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }));
    return dlq.QueueUrl!;
  }
}

/** Caches a lookup's promise, forgetting it on failure so the next call retries. */
function memo<K>(cache: Map<K, Promise<string>>, key: K, load: () => Promise<string>): Promise<string> {
  let found = cache.get(key);
  if (!found) {
    found = load();
    cache.set(key, found);
    found.catch(() => {
      if (cache.get(key) === found) cache.delete(key);
    });
  }
  return found;
}
