import { Body, Controller, Get, Module, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { Public } from '#switchboard/auth';
import { NotFoundError } from '#switchboard/common';
import { startFeatureApp, type TestApp } from '../support/test-app.js';

class WidgetDto {
  @IsString() name: string;
  @IsInt() @Min(1) @Max(10) size: number;
}

// Public: this suite is about the error shape, not about tokens.
@Public()
@Controller('v1/widgets')
class WidgetsController {
  @Post()
  create(@Body() dto: WidgetDto) {
    return { id: '8b0f4d5e-1d1c-4f0a-9e7e-0c9f1a2b3c4d', version: 1, ...dto };
  }
  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) _id: string) {
    throw new NotFoundError('Widget');
  }
}

@Module({ controllers: [WidgetsController] })
class WidgetsModule {}

describe('problem details', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startFeatureApp([WidgetsModule], { env: { HTTP_BODY_LIMIT: '2kb' } });
  });
  afterAll(() => t.close());

  const post = (body: string, type = 'application/json') => fetch(`${t.url}/v1/widgets`, { method: 'POST', headers: { 'content-type': type }, body });

  it('answers 201 with Location and ETag for a valid body', async () => {
    const res = await post(JSON.stringify({ name: 'a', size: 2 }));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/v1/widgets/8b0f4d5e-1d1c-4f0a-9e7e-0c9f1a2b3c4d');
    expect(res.headers.get('etag')).toBe('W/"1"');
  });

  it('400 with field errors for an invalid body, and rejects unknown fields', async () => {
    const res = await post(JSON.stringify({ name: 5, size: 11, admin: true }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { errors: { field: string; code: string }[] };
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION', type: 'https://switchboard.dev/problems/VALIDATION', title: 'Bad Request' });
    const fields = body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    expect(fields).toEqual(expect.arrayContaining(['name:IS_STRING', 'size:MAX', 'admin:UNKNOWN_FIELD']));
  });

  it('400 MALFORMED_JSON for a broken body', async () => {
    const res = await post('{"name":');
    expect(res.status).toBe(400);
    await expect(res.json()).resolves.toMatchObject({ code: 'MALFORMED_JSON', status: 400 });
  });

  it('400 for a malformed id', async () => {
    const res = await fetch(`${t.url}/v1/widgets/not-a-uuid`);
    expect(res.status).toBe(400);
    await expect(res.json()).resolves.toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('404 for a missing resource and for an unknown route', async () => {
    const missing = await fetch(`${t.url}/v1/widgets/8b0f4d5e-1d1c-4f0a-9e7e-0c9f1a2b3c4d`);
    expect(missing.status).toBe(404);
    await expect(missing.json()).resolves.toMatchObject({ code: 'WIDGET.NOT_FOUND', status: 404 });
    const unknown = await fetch(`${t.url}/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    await expect(unknown.json()).resolves.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('413 for a body over the limit', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(5000), size: 1 }));
    expect(res.status).toBe(413);
    await expect(res.json()).resolves.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it('415 for a body of another media type', async () => {
    const res = await post('name=a', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    await expect(res.json()).resolves.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 });
  });

  it('echoes a request id', async () => {
    const res = await fetch(`${t.url}/v1/nothing-here`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    await expect(res.json()).resolves.toMatchObject({ requestId: 'abc-123' });
  });
});
