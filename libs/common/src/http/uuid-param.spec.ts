import { ValidationError } from '../errors/domain-error.js';
import { uuidParam } from './uuid-param.js';

describe('uuidParam', () => {
  const meta = { type: 'param' as const, data: 'id' };

  it('passes a UUID through', async () => {
    await expect(uuidParam().transform('8b0f4d5e-1d1c-4f0a-9e7e-0c9f1a2b3c4d', meta)).resolves.toBe('8b0f4d5e-1d1c-4f0a-9e7e-0c9f1a2b3c4d');
  });

  it('rejects anything else with a field error naming the parameter', async () => {
    const rejection = uuidParam('campaignId').transform('42', { ...meta, data: 'campaignId' });
    await expect(rejection).rejects.toBeInstanceOf(ValidationError);
    await expect(rejection).rejects.toMatchObject({
      code: 'VALIDATION',
      errors: [{ field: 'campaignId', code: 'INVALID_UUID', message: 'campaignId must be a UUID.' }],
    });
  });
});
