import { IsString, validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { IfPresent } from './if-present.js';

class NicknameDto {
  @IfPresent()
  @IsString()
  nickname?: string | null;
}

const problems = async (plain: object) => (await validate(plainToInstance(NicknameDto, plain))).flatMap((e) => Object.keys(e.constraints ?? {}));

describe('IfPresent', () => {
  it('skips a property left out', async () => {
    await expect(problems({})).resolves.toEqual([]);
  });

  it('validates a property given, null included', async () => {
    await expect(problems({ nickname: 'Ada' })).resolves.toEqual([]);
    await expect(problems({ nickname: 7 })).resolves.toEqual(['isString']);
    await expect(problems({ nickname: null })).resolves.toEqual(['isString']);
  });
});
