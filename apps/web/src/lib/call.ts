import type { CreateCall, Disposition } from './types.js';

/** Dispositions that mean nobody picked up. */
const UNANSWERED: readonly Disposition[] = ['no_answer', 'busy', 'voicemail'];

/** Whether a call with this disposition was most likely answered (the form's default). */
export function answeredByDefault(disposition: Disposition | ''): boolean {
  return disposition !== '' && !UNANSWERED.includes(disposition);
}

export interface CallFormInput {
  contactId: string;
  campaignId?: string;
  /** When the contact was handed to the agent: the call's start. */
  pulledAt: Date;
  /** When the agent logs it: the call's end. */
  now: Date;
  disposition: Disposition;
  answered: boolean;
  talkSeconds: number;
  notes: string;
  /** With a callback disposition: when to call back, and whether only this agent may. */
  callback?: { at: Date; owner: 'me' | 'anyone' };
}

/**
 * The POST /v1/calls body for what the agent entered. The talk time counts back
 * from the end; a talk time longer than the time since the contact was pulled
 * moves the start back so that started ≤ answered ≤ ended always holds.
 */
export function buildCall(input: CallFormInput): CreateCall {
  const ended = input.now;
  const talkMs = Math.max(0, Math.round(input.talkSeconds || 0)) * 1000;
  const answered = input.answered ? new Date(ended.getTime() - talkMs) : undefined;
  const started = answered && answered < input.pulledAt ? answered : input.pulledAt > ended ? ended : input.pulledAt;
  const notes = input.notes.trim();
  return {
    contactId: input.contactId,
    ...(input.campaignId ? { campaignId: input.campaignId } : {}),
    direction: 'outbound',
    startedAt: started.toISOString(),
    ...(answered ? { answeredAt: answered.toISOString() } : {}),
    endedAt: ended.toISOString(),
    disposition: input.disposition,
    ...(notes ? { notes } : {}),
    ...(input.disposition === 'callback' && input.callback ? { callback: { at: input.callback.at.toISOString(), owner: input.callback.owner } } : {}),
  };
}
