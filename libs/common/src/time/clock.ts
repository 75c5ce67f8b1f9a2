/**
 * The time source of every service. Inject `Clock`; tests replace it with a
 * `FixedClock` to pin dialling windows and lease expiry.
 */
export abstract class Clock {
  abstract now(): Date;

  /**
   * The time SQL that judges by the database's clock should use instead of
   * `now()`: null for the system clock (the database's clock then judges, one
   * clock for every server), this clock's time for any other (a test's moved
   * FixedClock stays exact). Used as `coalesce($n, now())`.
   */
  databaseNow(): Date | null {
    return this.now();
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }

  override databaseNow(): null {
    return null;
  }
}

export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date | string): void {
    this.current = new Date(date);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
