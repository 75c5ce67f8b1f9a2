import { Logger } from '@nestjs/common';

export interface EmbeddedSqsHandle {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts the fauxqs SQS emulator inside this process on 127.0.0.1 and an
 * ephemeral port. Loaded by dynamic import so production bundles never carry it.
 * (`startFauxqs()` binds every interface; `buildApp().listen()` lets us pick loopback.)
 */
export async function startEmbeddedSqs(region: string): Promise<EmbeddedSqsHandle> {
  const { buildApp } = await import('fauxqs');
  const app = buildApp({ logger: false, defaultRegion: region });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  new Logger('Queue').log(`Embedded SQS emulator (fauxqs) at ${address}`);
  return { endpoint: address, stop: () => app.close() };
}
