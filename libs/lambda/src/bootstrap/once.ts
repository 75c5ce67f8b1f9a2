/**
 * The container cache: `fn` runs on the first call and its promise is shared by
 * every later call (warm invocations). A failure is forgotten, so the next
 * invocation tries again instead of the container staying broken.
 */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= fn().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
