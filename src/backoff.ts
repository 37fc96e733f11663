/** Waiting between polls and retries: exponential backoff with jitter, and an abortable sleep. */

/** How polling and retry delays grow. */
export interface BackoffOptions {
  /** First delay in milliseconds (default 10). */
  initialMs?: number;
  /** Largest delay in milliseconds (default 500). */
  maxMs?: number;
  /** Growth per step (default 2). */
  factor?: number;
}

/**
 * Endless delays: `initialMs`, doubling up to `maxMs`, each drawn from [0.8·d, 1.2·d] so many
 * waiters started together do not poll in lock-step. Polls stay few for long jobs (about 12 for a
 * 3 s job, against 30 for a fixed 100 ms poll) while a job's result is late by at most one delay.
 */
export function* backoff(opts: BackoffOptions = {}): Generator<number, never> {
  const { initialMs = 10, maxMs = 500, factor = 2 } = opts;
  for (let d = initialMs; ; d = Math.min(maxMs, d * factor)) yield d * (0.8 + 0.4 * Math.random());
}

/** Resolves after `ms`, or rejects with `signal.reason` as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slept = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return abortable(slept, signal, () => clearTimeout(timer));
}

/** `promise`, or a rejection with `signal.reason` as soon as the signal aborts (then `onAbort` runs). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort?: () => void): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      reject(signal.reason);
    };
    if (signal.aborted) return abort();
    signal.addEventListener("abort", abort, { once: true });
    const done = () => signal.removeEventListener("abort", abort);
    promise.then(
      (value) => (done(), resolve(value)),
      (err: unknown) => (done(), reject(err)),
    );
  });
}
