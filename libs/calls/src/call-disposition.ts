/** How a call ended, as an agent or the telephony provider reports it. */
export const CALL_DISPOSITIONS = ['sale', 'no_answer', 'busy', 'voicemail', 'callback', 'not_interested', 'wrong_number', 'do_not_call'] as const;
export type CallDisposition = (typeof CALL_DISPOSITIONS)[number];

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export type ContactStatusAfterCall = 'contacted' | 'callback' | 'do_not_call';

/** The contact's status once a call with this disposition is logged (DESIGN.md, Calls). */
export function contactStatusAfter(disposition: CallDisposition): ContactStatusAfterCall {
  if (disposition === 'do_not_call') return 'do_not_call';
  if (disposition === 'callback') return 'callback';
  return 'contacted';
}
