/** Per-call cancellation: the caller's `signal` plus an optional `timeoutMs`, mapped to the SDK's errors. */
import { C8TimeoutError, type RequestTarget } from "./errors.js";

/** Options every SDK method accepts. */
export interface CallOptions {
  /** Aborts the call; it then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Time limit for the call in milliseconds; exceeding it rejects with {@link C8TimeoutError}. */
  timeoutMs?: number | undefined;
}

/**
 * Runs `work` under the caller's signal and time limit: an abort rejects with the caller's
 * `signal.reason`, the time limit with `C8TimeoutError`; anything else `work` throws passes through.
 */
export function withDeadline<T>(target: RequestTarget, opts: CallOptions, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  const { signal: user, timeoutMs } = opts;
  // No signal and no limit is the common case: no timers, no listeners, no extra promise.
  if (user === undefined && timeoutMs === undefined) return work(undefined);
  const timer = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const signal = timer && user ? AbortSignal.any([user, timer]) : (timer ?? user);
  return work(signal).catch((err: unknown) => {
    if (user?.aborted) throw user.reason;
    if (timer?.aborted) throw new C8TimeoutError(target, timeoutMs!);
    throw err;
  });
}

/** Checks a `timeoutMs`/`signal` pair early, with a clear `TypeError`. */
export function checkCallOptions(opts: CallOptions | undefined): CallOptions {
  if (opts === undefined) return {};
  if (typeof opts !== "object" || opts === null) throw new TypeError(`options must be an object, got ${typeof opts}`);
  const { timeoutMs, signal } = opts;
  if (timeoutMs !== undefined && !(typeof timeoutMs === "number" && timeoutMs >= 0 && Number.isFinite(timeoutMs)))
    throw new TypeError(`timeoutMs must be a finite number ≥ 0, got ${String(timeoutMs)}`);
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError("signal must be an AbortSignal");
  return opts;
}
