import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { SIGNATURE_HEADER, signPayload } from '#switchboard/common';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { hostOf, WebhookTarget } from '../target/webhook-target.js';
import { WebhookUrlRefusedError } from '../webhooks.errors.js';

/** The limit on one delivery: connect, send and answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Response bodies are not needed; reading at most this much keeps a chatty receiver cheap. */
const MAX_RESPONSE_BYTES = 4096;

export const EVENT_ID_HEADER = 'X-Switchboard-Event-Id';

/** What one POST gave: a status code, or why there was none. `unresponsive`: timed out or could not connect (the rest of a batch waits). */
export type SendResult = { ok: boolean; statusCode: number | null; error: string | null; unresponsive: boolean };

/**
 * POSTs signed event bodies. Connections are kept alive per host; each socket
 * resolves its host through WebhookTarget's checked lookup, and IP literals are
 * checked before connecting, so a refused address is never contacted.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 16 });
  private readonly https = new HttpsAgent({ keepAlive: true, maxSockets: 16 });

  constructor(private readonly target: WebhookTarget) {}

  onApplicationShutdown(): void {
    this.http.destroy();
    this.https.destroy();
  }

  /** Signs `body` with every secret (one `v1=` each) at `nowSeconds` and POSTs it. Never throws. */
  async send(url: string, body: string, eventId: string, secrets: string[], nowSeconds: number): Promise<SendResult> {
    const parsed = new URL(url);
    const host = hostOf(parsed);
    try {
      if (isIP(host)) await this.target.assertAcceptable(url);
    } catch (err) {
      return refused(err);
    }
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'Switchboard-Webhooks/1',
      [SIGNATURE_HEADER]: signPayload(secrets, body, nowSeconds),
      [EVENT_ID_HEADER]: eventId,
    };
    const secure = parsed.protocol === 'https:';
    return new Promise<SendResult>((resolve) => {
      const request = (secure ? httpsRequest : httpRequest)(parsed, {
        method: 'POST',
        headers,
        agent: secure ? this.https : this.http,
        lookup: this.target.lookupFor(),
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      request.on('response', (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        const done = (): void => {
          const statusCode = response.statusCode ?? 0;
          const ok = statusCode >= 200 && statusCode < 300;
          resolve({ ok, statusCode, error: ok ? null : `HTTP ${statusCode}`, unresponsive: false });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      });
      request.on('error', (err: NodeJS.ErrnoException) => {
        if (err.name === 'AbortError' || err.name === 'TimeoutError') {
          resolve({ ok: false, statusCode: null, error: `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s`, unresponsive: true });
        } else if (err instanceof WebhookUrlRefusedError) resolve(refused(err));
        else resolve({ ok: false, statusCode: null, error: `${err.code ?? err.name}: ${err.message}`.slice(0, 500), unresponsive: true });
      });
      request.end(body);
    });
  }
}

function refused(err: unknown): SendResult {
  const message = err instanceof WebhookUrlRefusedError ? (err.errors?.[0]?.message ?? err.message) : String(err);
  return { ok: false, statusCode: null, error: `Refused: ${message}`, unresponsive: false };
}
