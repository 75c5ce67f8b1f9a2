import { SIGNATURE_HEADER, verifySignature } from '#switchboard/common';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver got it. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: { eventId: string; type: string; occurredAt: string; tenantId: string; data: Record<string, unknown> };
  /** Whether X-Switchboard-Signature matched one of the receiver's secrets (timestamp within 5 minutes). */
  signatureValid: boolean;
  /** The status the receiver answered with. */
  answered: number;
}

/** What to answer a request with: a status, or 'hang' (never answer). */
export type Responder = (request: { body: ReceivedWebhook['body']; count: number }) => number | 'hang';

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Requests answered 2xx, each event id once. */
  deliveredEventIds(): Set<string>;
  secrets: string[];
  respond: Responder;
  close(): Promise<void>;
}

/** A real HTTP receiver on loopback that checks every signature the way docs/webhooks.md tells receivers to. */
export async function startWebhookReceiver(respond: Responder = () => 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    received,
    secrets: [],
    respond,
    deliveredEventIds: () => new Set(received.filter((r) => r.answered >= 200 && r.answered < 300).map((r) => r.body.eventId)),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse(raw.toString()) as ReceivedWebhook['body'];
      const header = req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined;
      const signatureValid = verifySignature(header, raw, receiver.secrets, Date.now() / 1000, 300) === 'valid';
      const answer = receiver.respond({ body, count: received.length });
      received.push({ headers: req.headers, raw, body, signatureValid, answered: answer === 'hang' ? 0 : answer });
      if (answer === 'hang') return; // the socket stays open until the sender gives up
      res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
