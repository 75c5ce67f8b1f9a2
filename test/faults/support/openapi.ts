/** The parts of OpenAPI 3 schemas the suite reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

/** One operation of the document, its schemas resolved. */
export interface Operation {
  /** e.g. `PATCH /v1/contacts/{id}` */
  key: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { contentTypes: string[]; schema: Schema };
  responses: number[];
  /** How a caller proves who it is: a bearer token, the webhook signature, or nothing. */
  auth: 'bearer' | 'signature' | 'none';
  /** Whether a 2xx answer may change state (anything but GET). */
  writes: boolean;
}

/** The parts of an OpenAPI 3 operation the suite reads (Nest emits no cookie parameters). */
interface OpenApiOperation {
  parameters?: Array<{ name: string; in: Parameter['in']; required?: boolean; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema: Schema }> };
  responses?: Record<string, unknown>;
  security?: Array<Record<string, unknown>>;
}

export interface OpenApiDocument {
  /** Operations by path, then by lower-case method. */
  paths: Record<string, Partial<Record<string, OpenApiOperation>>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/**
 * Resolves `$ref`s, single-member `allOf` (Nest's way of describing a nested
 * DTO) and `oneOf` (the JSON member: the first object schema) into plain schemas.
 */
export function resolver(doc: OpenApiDocument): (schema: Schema | undefined) => Schema {
  const resolve = (schema: Schema | undefined, depth = 0): Schema => {
    if (!schema || depth > 10) return {};
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      return resolve({ ...doc.components?.schemas?.[name], ...withoutKeys(schema, ['$ref']) }, depth + 1);
    }
    if (schema.allOf?.length === 1) return resolve({ ...resolve(schema.allOf[0], depth + 1), ...withoutKeys(schema, ['allOf']) }, depth + 1);
    if (schema.oneOf) {
      const member = schema.oneOf.map((s) => resolve(s, depth + 1)).find((s) => s.type === 'object' && s.properties);
      if (member) return member;
    }
    const out: Schema = { ...schema };
    if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolve(v, depth + 1)]));
    if (schema.items) out.items = resolve(schema.items, depth + 1);
    return out;
  };
  return resolve;
}

function withoutKeys(schema: Schema, keys: string[]): Schema {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !keys.includes(k))) as Schema;
}

/** Every operation of the document. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const resolve = resolver(doc);
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters: Parameter[] = (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: !!p.required, schema: resolve(p.schema) }));
      const content = op.requestBody?.content;
      const contentTypes = Object.keys(content ?? {});
      const jsonSchema = content?.['application/json']?.schema;
      const signed = parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'x-switchboard-signature');
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        body: content ? { contentTypes, schema: resolve(jsonSchema ?? Object.values(content)[0]!.schema) } : undefined,
        responses: Object.keys(op.responses ?? {}).map(Number),
        auth: (op.security ?? []).some((s) => 'bearer' in s) ? 'bearer' : signed ? 'signature' : 'none',
        writes: method !== 'get',
      });
    }
  }
  return out;
}

/** Real ids a request may name, so a malformed request that slipped through would touch real rows. */
export interface KnownIds {
  agent: string;
  contact: string;
  campaign: string;
  call: string;
  contactImport: string;
  dncImport: string;
  /** A number on the do-not-call list (the `{phone}` of `/v1/dnc/{phone}`). */
  dncPhone: string;
  webhook: string;
  signingKey: string;
  export: string;
  callback: string;
}

/** The id a `{id}` path parameter names: a real row of the resource the path is about (for `/v1/dnc/{phone}`, a number). */
export function pathIdFor(path: string, ids: KnownIds): string {
  if (path.startsWith('/v1/dnc/imports')) return ids.dncImport;
  if (path.startsWith('/v1/dnc')) return ids.dncPhone;
  if (path.startsWith('/v1/agents')) return ids.agent;
  if (path.startsWith('/v1/contact-imports')) return ids.contactImport;
  if (path.startsWith('/v1/contacts')) return ids.contact;
  if (path.startsWith('/v1/campaigns') || path.startsWith('/v1/reports/campaigns')) return ids.campaign;
  if (path.startsWith('/v1/calls')) return ids.call;
  if (path.startsWith('/v1/webhooks')) return ids.webhook;
  if (path.startsWith('/v1/telephony/signing-keys')) return ids.signingKey;
  if (path.startsWith('/v1/exports')) return ids.export;
  if (path.startsWith('/v1/callbacks')) return ids.callback;
  throw new Error(`no known id for ${path}`);
}

/** A uuid property's value: the real row its name points at, else a fresh uuid. */
function uuidFor(name: string, ids: KnownIds): string {
  if (/^contactIds?$/.test(name)) return ids.contact;
  if (name === 'campaignId') return ids.campaign;
  if (name === 'agentId') return ids.agent;
  return crypto.randomUUID();
}

let phonesGiven = 0;

/**
 * A phone property's value: a number no earlier request was given. Phones are
 * unique among a tenant's contacts, so the document's one example would make a
 * valid change of one contact collide with the contact a valid creation made.
 * (Area 305 with 555: a range the seeded worlds do not reach.)
 */
function freshPhone(): string {
  return `+1305555${String(phonesGiven++ % 10_000).padStart(4, '0')}`;
}

/**
 * A valid value for a schema, from the document: its example (a fresh number
 * for a phone), its first enum member, a real id for uuids, and for objects
 * every required property plus each optional one that has an example.
 */
export function validValue(schema: Schema, name: string, ids: KnownIds): unknown {
  if (name === 'phone' && schema.type === 'string') return freshPhone();
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (schema.enum?.length) return schema.enum[0];
  if (schema.type === 'object' && schema.properties) {
    const required = new Set(schema.required ?? []);
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(schema.properties)) {
      if (required.has(key) || prop.example !== undefined) out[key] = validValue(prop, key, ids);
    }
    return out;
  }
  if (schema.type === 'array') return [validValue(schema.items ?? { type: 'string' }, name, ids)];
  if (schema.format === 'uuid') return uuidFor(name, ids);
  if (schema.format === 'date-time') return '2026-11-02T09:30:00Z';
  if (schema.type === 'number' || schema.type === 'integer') return schema.minimum ?? 1;
  if (schema.type === 'boolean') return true;
  return 'x';
}
