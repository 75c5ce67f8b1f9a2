import { ValidationError } from '#switchboard/common';
import { isWithinWindow, localTimeOf, type DiallingWindow } from './dialling-window.js';
import type { SettleableRow, SettledState } from './campaign-contacts.repository.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How far ahead a callback may be booked. */
export const MAX_CALLBACK_DAYS = 30;

/** A callback the agent booked: when, and whether only that agent gets it first. */
export interface CallbackRequest {
  /** Absent: anyone may call back after the campaign's default delay. */
  at?: Date;
  owner: 'me' | 'anyone';
}

/** The call that settles a campaign contact. */
export interface SettlingCall {
  agentId: string | null;
  disposition: string;
  callback?: CallbackRequest;
}

/**
 * Where a call leaves its campaign contact (issue 22, items 1 and 2):
 * - a callback: `scheduled` at its time (the campaign's default delay without
 *   one); with an owner, only the owner gets it until the grace has passed;
 * - a disposition with a retry rule: `scheduled` after the rule's delay, or
 *   `exhausted` once the rule's attempts are used up; a contact that used the
 *   campaign's attempts of the day waits for the next (UTC) day;
 * - anything else: `done`.
 * A callback time in the past, more than 30 days ahead, or outside the
 * callee's calling hours (campaign window and legal hours) is a 400.
 */
export function settle(row: SettleableRow, call: SettlingCall, now: Date): SettledState {
  const { rules: campaign, legal } = row;
  const today = now.toISOString().slice(0, 10);
  const dayAttempts = row.attemptsDay === today ? row.dayAttempts + 1 : 1;
  const base = { attempts: row.attempts + 1, attemptsDay: today, dayAttempts, lastDisposition: call.disposition, callbackOwner: null, priority: 1 };

  if (call.disposition === 'callback') {
    const at = call.callback?.at ?? new Date(now.getTime() + campaign.callbackDefaultDelayMinutes * MINUTE);
    if (call.callback?.at) assertCallbackTime(at, now, row.timeZone, { start: campaign.windowStart, end: campaign.windowEnd }, legal);
    const owner = call.callback?.owner === 'me' ? call.agentId : null;
    const availableAt = owner ? new Date(at.getTime() + campaign.callbackGraceMinutes * MINUTE) : at;
    return { ...base, state: 'scheduled', nextAttemptAt: at, availableAt, callbackOwner: owner, priority: 0 };
  }

  const rule = campaign.retryRules.find((r) => r.disposition === call.disposition);
  if (!rule) return { ...base, state: 'done', nextAttemptAt: null, availableAt: null };
  if (base.attempts >= rule.maxAttempts) return { ...base, state: 'exhausted', nextAttemptAt: null, availableAt: null };
  let next = new Date(now.getTime() + rule.delayMinutes * MINUTE);
  if (campaign.maxAttemptsPerDay !== null && dayAttempts >= campaign.maxAttemptsPerDay) {
    const tomorrow = new Date(Date.parse(today) + DAY);
    if (next < tomorrow) next = tomorrow;
  }
  return { ...base, state: 'scheduled', nextAttemptAt: next, availableAt: next };
}

function assertCallbackTime(at: Date, now: Date, timeZone: string, window: DiallingWindow, legal: DiallingWindow): void {
  const fail = (code: string, message: string) => {
    throw new ValidationError([{ field: 'callback.at', code, message }]);
  };
  if (at <= now) fail('IN_THE_PAST', 'callback.at must be in the future.');
  if (at.getTime() - now.getTime() > MAX_CALLBACK_DAYS * DAY) fail('TOO_FAR_AHEAD', `callback.at must be within ${MAX_CALLBACK_DAYS} days.`);
  const local = localTimeOf(at, timeZone);
  if (!isWithinWindow(local, window) || !isWithinWindow(local, legal)) {
    fail('OUTSIDE_CALLING_HOURS', `callback.at is ${local} in ${timeZone}, outside the contact's calling hours.`);
  }
}
