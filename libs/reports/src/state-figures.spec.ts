import { toStateFigures } from './state-figures.js';

describe('toStateFigures', () => {
  it('lists every state, zeros included, and sums breaks per reason, longest first', () => {
    const agentId = 'a';
    const figures = toStateFigures([
      { agentId, state: 'available', reason: null, seconds: 100.0004 },
      { agentId, state: 'break', reason: 'lunch', seconds: 600 },
      { agentId, state: 'break', reason: 'rest', seconds: 900 },
      { agentId, state: 'wrap_up', reason: null, seconds: 30 },
    ]);
    expect(figures).toEqual({
      stateSeconds: { available: 100, reserved: 0, wrap_up: 30, break: 1500, offline: 0 },
      breaks: [
        { reason: 'rest', seconds: 900 },
        { reason: 'lunch', seconds: 600 },
      ],
    });
  });

  it('gives zeros and no breaks without rows', () => {
    expect(toStateFigures([])).toEqual({ stateSeconds: { available: 0, reserved: 0, wrap_up: 0, break: 0, offline: 0 }, breaks: [] });
  });
});
