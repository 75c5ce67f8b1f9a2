import { groupOf, packageOf, summarise } from './profile-summary.js';

describe('profile summary', () => {
  it.each([
    ['file:///app/node_modules/@nestjs/core/router/router-execution-context.js', 'x', '@nestjs/core'],
    ['file:///app/node_modules/typeorm/query-builder/SelectQueryBuilder.js', 'x', 'typeorm'],
    ['node:internal/streams/writable', 'x', 'node:internal'],
    ['file:///app/dist/libs/contacts/src/contacts.service.js', 'x', 'libs/contacts'],
    ['', '(garbage collector)', '(garbage collector)'],
    ['', 'writev', '(native)'],
  ])('puts %s in %s', (url, fn, pkg) => {
    expect(packageOf(url, fn)).toBe(pkg);
  });

  it('groups packages into layers', () => {
    expect(groupOf('@nestjs/core')).toMatch(/^Nest pipeline/);
    expect(groupOf('typeorm')).toMatch(/^ORM/);
    expect(groupOf('pino-http')).toMatch(/^Request logging/);
    expect(groupOf('libs/auth')).toMatch(/^Application code/);
    expect(groupOf('leftpad')).toBe('Other packages');
  });

  it('reports self time by package and layer from samples', () => {
    const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
      id,
      callFrame: { functionName, url, lineNumber: 0 },
      children,
    });
    const profile = {
      nodes: [
        frame(1, '(root)', '', [2, 4]),
        frame(2, 'handle', 'file:///a/node_modules/express/lib/router.js', [3]),
        frame(3, 'getMany', 'file:///a/node_modules/typeorm/x.js'),
        frame(4, '(idle)', ''),
      ],
      samples: [3, 3, 3, 2, 4],
      timeDeltas: [1000, 1000, 1000, 1000, 5000],
    };
    const text = summarise(profile, 5);
    expect(text).toContain('busy 0.0 s of 0.0 s');
    expect(text).toMatch(/75\.0%\s+\|\s+75\.0%\s+typeorm/);
    expect(text).toMatch(/100\.0%\s+express/); // inclusive: express is on every busy stack
  });
});
