import { isWithinWindow, localTimeOf, type DiallingWindow } from './dialling-window.js';

const MINUTES_PER_DAY = 24 * 60;
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * The zones of `zones` whose local time at `instant` is inside both the
 * campaign's window and the tenant's legal calling hours: the zones next-contact
 * may hand contacts out in right now.
 */
export function zonesInHours(zones: readonly string[], instant: Date, window: DiallingWindow, legal: DiallingWindow): string[] {
  return zones.filter((zone) => {
    const local = localTimeOf(instant, zone);
    return isWithinWindow(local, window) && isWithinWindow(local, legal);
  });
}

/** Whether every minute of `window` lies inside `legal` (both may cross midnight). */
export function isWindowWithin(window: DiallingWindow, legal: DiallingWindow): boolean {
  for (let minute = 0; minute < MINUTES_PER_DAY; minute++) {
    const t = hhmm(minute);
    if (isWithinWindow(t, window) && !isWithinWindow(t, legal)) return false;
  }
  return true;
}
