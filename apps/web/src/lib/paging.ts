/**
 * Keyset paging with a way back: the API only gives a cursor forwards, so the
 * cursors of the pages already seen are kept as a stack.
 */
export class KeysetPager {
  private stack: (string | null)[] = [null];
  private next: string | null = null;

  /** Cursor of the page currently shown (null: the first page). */
  get cursor(): string | null {
    return this.stack[this.stack.length - 1] ?? null;
  }

  /** 1-based number of the current page. */
  get page(): number {
    return this.stack.length;
  }

  get hasNext(): boolean {
    return this.next !== null;
  }

  get hasPrevious(): boolean {
    return this.stack.length > 1;
  }

  /** Record the `nextCursor` the current page answered with. */
  loaded(nextCursor: string | null): void {
    this.next = nextCursor;
  }

  /** Move forward; returns the cursor to load. */
  forward(): string | null {
    if (this.next === null) return this.cursor;
    this.stack.push(this.next);
    this.next = null;
    return this.cursor;
  }

  /** Move back; returns the cursor to load. */
  back(): string | null {
    if (this.stack.length > 1) this.stack.pop();
    this.next = null;
    return this.cursor;
  }

  reset(): void {
    this.stack = [null];
    this.next = null;
  }
}
