import { toFigures } from './report-figures.js';

describe('toFigures', () => {
  it('lists every disposition with zeros when there are no calls', () => {
    expect(toFigures([])).toEqual({
      calls: 0,
      answered: 0,
      answerRate: 0,
      talkSeconds: 0,
      avgTalkSeconds: 0,
      dispositions: { sale: 0, no_answer: 0, busy: 0, voicemail: 0, callback: 0, not_interested: 0, wrong_number: 0, do_not_call: 0 },
    });
  });

  it('sums rows into rates and averages', () => {
    const figures = toFigures([
      { disposition: 'sale', calls: 2, answered: 2, talkSeconds: 300 },
      { disposition: 'no_answer', calls: 1, answered: 0, talkSeconds: 0 },
    ]);
    expect(figures).toMatchObject({ calls: 3, answered: 2, talkSeconds: 300, avgTalkSeconds: 150, answerRate: 0.6667 });
    expect(figures.dispositions).toMatchObject({ sale: 2, no_answer: 1, busy: 0 });
  });
});
