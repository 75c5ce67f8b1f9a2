import { randomBytes } from 'node:crypto';
import { PROBLEM_CONTENT_TYPE, PROBLEM_SCHEMA } from '#switchboard/common';
import { MODULE_REGISTRY } from '#switchboard/registry';
import { createApiApp } from '../../../apps/api/src/create-api-app.js';
import { startApp, type TestApp } from '../../support/test-app.js';

interface Media {
  schema?: Record<string, unknown>;
}
interface Operation {
  requestBody?: { content?: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Actions whose only input is the path: everything else that writes takes a body. */
const BODYLESS_WRITES = [
  'POST /v1/campaigns/{id}/start',
  'POST /v1/campaigns/{id}/pause',
  'POST /v1/campaigns/{id}/complete',
  'POST /v1/campaigns/{id}/next-contact',
  // A new key takes nothing from the caller: its id and secret are generated.
  'POST /v1/telephony/signing-keys',
  // Sends the stored event again, as it was.
  'POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver',
];

// No pollers: the document is all this suite reads.
const ENV = { QUEUE_CONSUMERS_ENABLED: 'false', SQS_ENDPOINT: undefined, QUEUE_NAME_PREFIX: `openapi-${randomBytes(3).toString('hex')}-` };

/**
 * The one-process server's /docs-json, as clients and code generators read it:
 * full request and response schemas, and every error response documented as
 * RFC 9457 problem details (DESIGN.md, "API conventions").
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let operations: [string, Operation][];

  beforeAll(async () => {
    t = await startApp(() => createApiApp(), { env: ENV });
    const res = await fetch(`${t.url}/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDocument;
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
    );
  });
  afterAll(() => t?.close());

  /** `<operation> <what is wrong>` for each operation `check` finds fault with. */
  const faults = (check: (name: string, op: Operation) => string[]) => operations.flatMap(([name, op]) => check(name, op).map((fault) => `${name} ${fault}`));

  it('documents operations under every prefix of the registry', () => {
    const names = operations.map(([name]) => name.split(' ')[1]!);
    for (const prefix of MODULE_REGISTRY.flatMap((entry) => entry.prefixes)) {
      expect(names.filter((path) => path === prefix || path.startsWith(`${prefix}/`))).not.toEqual([]);
    }
  });

  it('documents the request body schema of every write that takes one', () => {
    const writes = operations.filter(([name]) => /^(POST|PUT|PATCH) /.test(name));
    expect(
      writes
        .filter(([, op]) => !op.requestBody)
        .map(([name]) => name)
        .sort(),
    ).toEqual([...BODYLESS_WRITES].sort());
    expect(
      faults((_name, op) => Object.entries(op.requestBody?.content ?? {}).flatMap(([type, media]) => (media.schema ? [] : [`body ${type} has no schema`]))),
    ).toEqual([]);
  });

  it('documents a success response with a schema, except 204', () => {
    expect(
      faults((_name, op) => {
        const success = Object.keys(op.responses).filter((status) => status.startsWith('2'));
        if (success.length === 0) return ['has no 2xx'];
        return success
          .filter((status) => status !== '204')
          .flatMap((status) => {
            const content = Object.entries(op.responses[status]!.content ?? {});
            if (content.length === 0) return [`${status} has no body`];
            return content.flatMap(([type, media]) => (media.schema ? [] : [`${status} ${type} has no schema`]));
          });
      }),
    ).toEqual([]);
  });

  it('documents at least one client error, and every error as problem details', () => {
    expect(
      faults((_name, op) => {
        const errors = Object.keys(op.responses).filter((status) => Number(status) >= 400);
        const found = errors.some((status) => status.startsWith('4')) ? [] : ['has no 4xx'];
        for (const status of errors) {
          const content = op.responses[status]!.content ?? {};
          if (Object.keys(content).join() !== PROBLEM_CONTENT_TYPE)
            found.push(`${status} is not only ${PROBLEM_CONTENT_TYPE}: ${Object.keys(content).join() || 'no body'}`);
          else if (JSON.stringify(content[PROBLEM_CONTENT_TYPE]!.schema) !== JSON.stringify(PROBLEM_SCHEMA)) found.push(`${status} lacks the problem schema`);
        }
        return found;
      }),
    ).toEqual([]);
  });

  it('describes the problem bodies the server really sends', async () => {
    const res = await fetch(`${t.url}/v1/contacts`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(expect.arrayContaining(PROBLEM_SCHEMA.required!));
    expect(Object.keys(body).filter((key) => !(key in PROBLEM_SCHEMA.properties!))).toEqual([]);
  });
});
