import type { Clock } from '../ports';

/** A sync reached its deadline: between two pages, or with a listing request in flight. */
export class SyncInterrupted extends Error {}

/** The longest delay `setTimeout` honours (about 24.8 days); longer ones fire at once. */
const longestTimerMs = 2 ** 31 - 1;

/**
 * A signal that aborts at `deadline` on `clock` (at once if it has passed).
 * `cancel` clears the timer; call it when the work is done.
 */
export function abortAt(deadline: Date, clock: Clock): { signal: AbortSignal; cancel(): void } {
  const controller = new AbortController();
  const delay = Math.max(0, deadline.getTime() - clock.now().getTime());
  if (delay > longestTimerMs) {
    return { signal: controller.signal, cancel() {} };
  }
  const timer = setTimeout(() => controller.abort(), delay);
  return { signal: controller.signal, cancel: () => clearTimeout(timer) };
}

/**
 * The items of `items` until `signal` aborts, then `SyncInterrupted`. It does
 * not wait for the source to notice the abort: a request the store cannot
 * cancel (a retry's backoff, credentials being fetched) is abandoned, and its
 * eventual answer or error ignored. Errors of the source before the abort pass
 * through as they are.
 */
export async function* untilAborted<T>(
  items: AsyncIterable<T>,
  signal: AbortSignal,
): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(new SyncInterrupted());
    if (signal.aborted) {
      onAbort();
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  aborted.catch(() => undefined);
  let abandoned = false;
  try {
    while (true) {
      const next = iterator.next();
      let result: IteratorResult<T>;
      try {
        result = await Promise.race([next, aborted]);
      } catch (error) {
        if (!signal.aborted) {
          throw error;
        }
        abandoned = true;
        next.catch(() => undefined);
        throw new SyncInterrupted();
      }
      if (result.done) {
        return;
      }
      yield result.value;
    }
  } finally {
    // A source still busy with the abandoned request would hold `return` until it answers.
    if (!abandoned) {
      await iterator.return?.();
    }
  }
}
