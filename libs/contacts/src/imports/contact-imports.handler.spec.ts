import { PoisonMessageError } from '#switchboard/queue';
import { parseChunkMessage } from './contact-imports.handler.js';

const valid = {
  importId: '8b0f4d5e-1d1c-4f0a-9e7e-0c9f1a2b3c4d',
  tenantId: 'acme',
  chunk: 3,
  rows: [
    [1501, { name: 'Ada', phone: '1' }],
    [1502, 7],
  ],
};

describe('parseChunkMessage', () => {
  it('passes a well-formed chunk through, row data unchecked (rows are validated one by one later)', () => {
    expect(parseChunkMessage(valid)).toBe(valid);
    const dnc = { ...valid, kind: 'dnc', actor: '0f8fad5b-d9cb-469f-a165-70867728950e' };
    expect(parseChunkMessage(dnc)).toBe(dnc);
  });

  it.each([
    ['not an object', 'chunk'],
    ['null', null],
    ['a bad import id', { ...valid, importId: 'x' }],
    ['no tenant', { ...valid, tenantId: '' }],
    ['a negative chunk', { ...valid, chunk: -1 }],
    ['a fractional chunk', { ...valid, chunk: 1.5 }],
    ['rows that are not pairs', { ...valid, rows: [[1]] }],
    ['a row number below 1', { ...valid, rows: [[0, {}]] }],
    ['rows missing', { ...valid, rows: undefined }],
    ['an unknown kind', { ...valid, kind: 'contacts' }],
    ['a do-not-call chunk without its actor', { ...valid, kind: 'dnc' }],
  ])('rejects %s as poison', (_, body) => {
    expect(() => parseChunkMessage(body)).toThrow(PoisonMessageError);
  });
});
