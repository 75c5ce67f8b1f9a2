import { type Outcome, type RequestSpec, send } from './http.js';

/** A request of a load, labelled with the operation it exercises. */
export type LoadRequest = RequestSpec & { op: string };

export interface LoadResult {
  request: LoadRequest;
  outcome: Outcome;
  /** performance.now() when it was sent and when its answer (or failure) came. */
  sentAt: number;
  doneAt: number;
}

export interface LoadOptions {
  baseUrl: string;
  /** Concurrent clients, each sending its next request as soon as the last one is answered. */
  clients: number;
  /** Requests in all (the load's bound). */
  count: number;
  /** The i-th request (0-based). */
  next: (i: number) => LoadRequest | Promise<LoadRequest>;
  /** Called as each answer arrives (e.g. to remember created ids). */
  onResult?: (result: LoadResult, i: number) => void;
  /** Checked before each request: true ends the load early. */
  stop?: () => boolean;
}

/** A closed-loop load: `clients` loops sharing `count` requests. Resolves with every result. */
export async function closedLoop(opts: LoadOptions): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  let issued = 0;
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (issued < opts.count && !opts.stop?.()) {
        const i = issued++;
        const request = await opts.next(i);
        const sentAt = performance.now();
        const outcome = await send(opts.baseUrl, request);
        const result = { request, outcome, sentAt, doneAt: performance.now() };
        results.push(result);
        opts.onResult?.(result, i);
      }
    }),
  );
  return results;
}

/** Counts of answers by status (0: no answer), e.g. `{ 200: 310, 201: 90 }`. */
export function statusCounts(outcomes: Outcome[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of outcomes) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
