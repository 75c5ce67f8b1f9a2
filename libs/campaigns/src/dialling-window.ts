/** A daily dialling window in a campaign's local time, `HH:MM` to `HH:MM`. */
export interface DiallingWindow {
  start: string;
  end: string;
}

export const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time `HH:MM` at `instant` in `timeZone` (an IANA name). */
export function localTimeOf(instant: Date, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const hour = parts.find((p) => p.type === 'hour')!.value;
  const minute = parts.find((p) => p.type === 'minute')!.value;
  return `${hour}:${minute}`;
}

/**
 * Whether a local time falls in the window: start inclusive, end exclusive. A
 * window whose end is before its start crosses midnight (22:00–02:00 holds 23:30
 * and 01:00, not 12:00).
 */
export function isWithinWindow(localTime: string, window: DiallingWindow): boolean {
  const t = minutesOf(localTime);
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  return start < end ? t >= start && t < end : t >= start || t < end;
}

/** The canonical IANA name of a time zone (`europe/paris` → `Europe/Paris`), or undefined if unknown. */
export function canonicalTimeZone(timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
