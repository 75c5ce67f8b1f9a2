import { answeredByDefault, buildCall } from './call.js';

const pulledAt = new Date('2026-03-01T10:00:00.000Z');
const base = { contactId: 'c1', campaignId: 'k1', pulledAt, notes: '  ' };

describe('logging a call', () => {
  it('counts the talk time back from the end of an answered call', () => {
    const body = buildCall({
      ...base,
      now: new Date('2026-03-01T10:03:00.000Z'),
      disposition: 'sale',
      answered: true,
      talkSeconds: 90,
      notes: ' Wants the blue one ',
    });
    expect(body).toEqual({
      contactId: 'c1',
      campaignId: 'k1',
      direction: 'outbound',
      startedAt: '2026-03-01T10:00:00.000Z',
      answeredAt: '2026-03-01T10:01:30.000Z',
      endedAt: '2026-03-01T10:03:00.000Z',
      disposition: 'sale',
      notes: 'Wants the blue one',
    });
  });

  it('sends no answeredAt and no empty notes for an unanswered call', () => {
    const body = buildCall({ ...base, now: new Date('2026-03-01T10:00:40.000Z'), disposition: 'no_answer', answered: false, talkSeconds: 30 });
    expect(body).toEqual({
      contactId: 'c1',
      campaignId: 'k1',
      direction: 'outbound',
      startedAt: '2026-03-01T10:00:00.000Z',
      endedAt: '2026-03-01T10:00:40.000Z',
      disposition: 'no_answer',
    });
  });

  it('moves the start back when the talk time is longer than the time since the pull', () => {
    const body = buildCall({ ...base, now: new Date('2026-03-01T10:00:10.000Z'), disposition: 'callback', answered: true, talkSeconds: 60 });
    expect(body.startedAt).toBe('2026-03-01T09:59:10.000Z');
    expect(body.answeredAt).toBe('2026-03-01T09:59:10.000Z');
  });

  it('books a callback only with the callback disposition', () => {
    const callback = { at: new Date('2026-03-01T15:00:00.000Z'), owner: 'me' as const };
    const input = { ...base, now: pulledAt, answered: true, talkSeconds: 0, callback };
    expect(buildCall({ ...input, disposition: 'callback' }).callback).toEqual({ at: '2026-03-01T15:00:00.000Z', owner: 'me' });
    expect(buildCall({ ...input, disposition: 'sale' })).not.toHaveProperty('callback');
  });

  it('leaves out the campaign for a call outside one', () => {
    expect(buildCall({ ...base, campaignId: undefined, now: pulledAt, disposition: 'busy', answered: false, talkSeconds: 0 })).not.toHaveProperty('campaignId');
  });

  it('defaults "answered" from the disposition', () => {
    expect(answeredByDefault('sale')).toBe(true);
    expect(answeredByDefault('do_not_call')).toBe(true);
    expect(['no_answer', 'busy', 'voicemail', ''].map((d) => answeredByDefault(d as never))).toEqual([false, false, false, false]);
  });
});
