import { SQSClient } from '@aws-sdk/client-sqs';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { isProduction } from '#switchboard/config';
import { startEmbeddedSqs } from './embedded/embedded-sqs.js';
import type { queueConfig } from './queue.config.js';

/** The SQS client of this process and, outside production, the emulator it may have started. */
export class SqsConnection implements OnApplicationShutdown {
  constructor(
    readonly client: SQSClient,
    /** Undefined in AWS (the SDK's regional endpoint). */
    readonly endpoint: string | undefined,
    /** True when this process started the emulator: queues are created at start. */
    readonly embedded: boolean,
    private readonly stopEmbedded?: () => Promise<void>,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.client.destroy();
    await this.stopEmbedded?.();
  }
}

export async function createSqsConnection(cfg: ConfigType<typeof queueConfig>): Promise<SqsConnection> {
  if (!cfg.endpoint && isProduction()) return new SqsConnection(new SQSClient({ region: cfg.region }), undefined, false);
  const embedded = cfg.endpoint ? undefined : await startEmbeddedSqs(cfg.region);
  const endpoint = cfg.endpoint ?? embedded!.endpoint;
  const client = new SQSClient({
    region: cfg.region,
    // Explicit, so the SDK never takes the host of an emulator's queue URL
    // (fauxqs answers with sqs.<region>.localhost, which does not resolve).
    endpoint,
    // Emulators accept any credentials; a local stack has no AWS profile. In
    // production the SDK's default chain (the function's role) applies.
    ...(isProduction() ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    maxAttempts: 2,
  });
  return new SqsConnection(client, endpoint, embedded !== undefined, embedded?.stop);
}
