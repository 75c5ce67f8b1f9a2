import { describeActor, describeSource, dncPath } from './dnc.js';

describe('dnc', () => {
  it('encodes a number in any spelling into its path', () => {
    expect(dncPath(' +1 202 555 0123 ')).toBe('/v1/dnc/%2B1%20202%20555%200123');
    expect(dncPath('(202) 555-0123')).toBe('/v1/dnc/(202)%20555-0123');
  });

  it('describes sources and actors in words', () => {
    expect(describeSource('disposition')).toBe("agent's do-not-call disposition");
    expect(describeActor('provider')).toBe('telephony provider');
    expect(describeActor('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('agent 0f8fad5b');
  });
});
