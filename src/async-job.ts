/**
 * A request the server runs as a job (`x-c8-async: store`). The handle keeps the operation's own
 * answer handler, so `result()` yields exactly what the synchronous call would have (or throws its
 * error class). Job endpoints themselves always run synchronously.
 */
import { backoff, sleep, type BackoffOptions } from "./backoff.js";
import { checkCallOptions, withDeadline, type CallOptions } from "./deadline.js";
import { handler } from "./handlers.js";
import { operationInfo, type OperationId } from "./operation.js";
import { ensureSuccess, errorFrom, type Handler, type Reply } from "./reply.js";
import { call, type Session } from "./session.js";
import { checkPositiveInt } from "./validate.js";

/** A job's state as this handle sees it: `"cancelled"` once this handle's `cancel()` succeeded. */
export type JobStatus = "pending" | "done" | "cancelled";

/** Options of {@link AsyncJob.cancel} and {@link AsyncJob.clear}. */
export interface JobMissingOptions extends CallOptions {
  /** Answer `false` instead of throwing when the server does not know the job. */
  ignoreMissing?: boolean;
}

/** Options of {@link AsyncJob.wait}: a signal and a time limit for the whole wait. */
export interface WaitOptions extends CallOptions {
  /** How the pause between polls grows (default 10 ms doubling up to 500 ms, with jitter). */
  backoff?: BackoffOptions;
}

/** Options of {@link AsyncJob.waitAll}. */
export interface WaitAllOptions extends WaitOptions {
  /** How many results are fetched at once (default 32). */
  concurrency?: number;
}

/** The results of `jobs`, in the same order. */
export type JobResults<J extends readonly AsyncJob<unknown>[]> = { -readonly [K in keyof J]: J[K] extends AsyncJob<infer R> ? R : never };

/** What identifies a job outside the process: enough for `fabric.job(id, { operation })` to rebuild it. */
export interface AsyncJobJSON {
  /** The job id. */
  id: string;
  /** The fabric the job was submitted to. */
  fabric: string;
  /** The operation the job runs, when known. */
  operation: OperationId | undefined;
}

/** A handle on one server-side job. */
export class AsyncJob<T> {
  /** The job id: opaque (a decimal string that may exceed 2^53). */
  readonly id: string;
  /** The operation the job runs, when known. */
  readonly operation: OperationId | undefined;
  readonly #session: Session;
  readonly #handle: Handler<T>;
  #outcome: Promise<T> | undefined;
  #stored = false;
  #cancelled = false;

  /** @internal Built by async executors and by `fabric.job(id)`; `handle` reads the stored answer. */
  constructor(session: Session, id: string, handle: Handler<T>, operation?: OperationId) {
    // Opaque (a decimal string on today's servers, possibly beyond 2^53): only what would break the URL is refused.
    if (typeof id !== "string" || !/^[^/?#\s]+$/.test(id)) throw new TypeError(`bad job id ${JSON.stringify(id)}`);
    this.#session = session;
    this.id = id;
    this.#handle = handle;
    this.operation = operation;
  }

  /** The fabric the job was submitted to. */
  get fabric(): string {
    return this.#session.fabric;
  }

  /**
   * `"pending"`, `"done"`, or `"cancelled"` after this handle's `cancel()` succeeded. Once the
   * result was read the server forgets the job; the handle still answers from what it read.
   * Throws `AsyncJobStatusError` (`job {id} not found`) for a job the server does not know.
   */
  async status(opts?: CallOptions): Promise<JobStatus> {
    checkCallOptions(opts);
    if (!this.#stored) {
      const pending = await this.#call("getJobStatus", (reply) => {
        this.#ensure("getJobStatus", reply);
        return reply.status === 204;
      }, opts);
      if (pending) return "pending";
    }
    return this.#cancelled ? "cancelled" : "done";
  }

  /**
   * The job's value, exactly as the synchronous call would answer it, or the operation's own
   * error (e.g. `C8QLQueryExecuteError`). The server hands a result out once: the handle keeps
   * the outcome, value or error, and never asks again. A job still pending throws
   * `AsyncJobResultError` (`job {id} not done`), an unknown one `… job {id} not found`.
   */
  result(opts?: CallOptions): Promise<T> {
    checkCallOptions(opts);
    this.#outcome ??= this.#read(opts).catch((err: unknown) => {
      // Only a stored answer is an outcome; "not done", "not found" or a lost connection may be asked again.
      if (!this.#stored) this.#outcome = undefined;
      throw err;
    });
    return this.#outcome;
  }

  /** Cancels a job still in the queue: `true`, or `false` when missing and `ignoreMissing`. Its result then fails with 410 "canceled request". */
  async cancel(opts?: JobMissingOptions): Promise<boolean> {
    const cancelled = await this.#drop("cancelJob", opts);
    if (cancelled) this.#cancelled = true;
    return cancelled;
  }

  /** Deletes the job and its stored result from the server: `true`, or `false` when missing and `ignoreMissing`. */
  clear(opts?: JobMissingOptions): Promise<boolean> {
    return this.#drop("deleteJob", opts);
  }

  /**
   * Polls the job's status with exponential backoff until it is done, then resolves to its
   * result (or throws its error). `signal` aborts with its reason; `timeoutMs` limits the whole
   * wait and throws `C8TimeoutError`.
   */
  wait(opts: WaitOptions = {}): Promise<T> {
    checkCallOptions(opts);
    if (this.#outcome) return this.#outcome;
    const target = { method: "WAIT", url: `${this.#session.baseUrl}/_fabric/${this.fabric}/_api/job/${this.id}` };
    return withDeadline(target, opts, async (signal) => {
      for (const delay of backoff(opts.backoff)) {
        if ((await this.status({ signal })) !== "pending") break;
        await sleep(delay, signal);
      }
      return this.result({ signal });
    });
  }

  /**
   * Waits for many jobs at once and resolves to their results in input order (rejecting with
   * the first failure in input order, after every job has settled; each handle keeps its own
   * outcome). Per round it polls the done list once per fabric (`GET /job/done?count=…`), not
   * each job, then fetches the results of the jobs that finished.
   */
  static async waitAll<const J extends readonly AsyncJob<unknown>[]>(jobs: J, opts: WaitAllOptions = {}): Promise<JobResults<J>> {
    if (!Array.isArray(jobs) || !jobs.every((j) => j instanceof AsyncJob)) throw new TypeError("waitAll expects an array of AsyncJob");
    checkCallOptions(opts);
    const concurrency = opts.concurrency ?? 32;
    checkPositiveInt("concurrency", concurrency);
    const outcomes = new Map<AsyncJob<unknown>, Promise<unknown>>();
    const target = { method: "WAIT", url: `${jobs.length} jobs` };
    await withDeadline(target, opts, async (signal) => {
      const groups = new Map<Session, Map<string, AsyncJob<unknown>>>();
      for (const job of jobs) {
        if (outcomes.has(job)) continue;
        if (job.#outcome) outcomes.set(job, job.#outcome);
        else {
          const group = groups.get(job.#session) ?? new Map<string, AsyncJob<unknown>>();
          if (!group.has(job.id)) groups.set(job.#session, group.set(job.id, job));
        }
      }
      const settle = (job: AsyncJob<unknown>) => {
        const p = job.result({ signal });
        p.catch(() => {}); // rejections are reported in input order below
        outcomes.set(job, p);
        return p.then(() => {}, () => {});
      };
      let delays = backoff(opts.backoff);
      for (let round = 1; groups.size > 0; round++) {
        let progressed = false;
        await Promise.all(
          [...groups].map(async ([session, waiting]) => {
            const ready = await readyJobs(session, waiting, round, signal);
            await inBatches(ready, concurrency, settle);
            for (const job of ready) waiting.delete(job.id);
            if (waiting.size === 0) groups.delete(session);
            if (ready.length > 0) progressed = true;
          }),
        );
        if (groups.size === 0) break;
        if (progressed) delays = backoff(opts.backoff);
        await sleep(delays.next().value, signal);
      }
    });
    // A second handle on an already-read job was not waited for: its own read reports "not found".
    return Promise.all(jobs.map((job) => outcomes.get(job) ?? job.result(opts))) as Promise<JobResults<J>>;
  }

  /** `{ id, fabric, operation }`: enough to rebuild the handle later with `fabric.job()`. */
  toJSON(): AsyncJobJSON {
    return { id: this.id, fabric: this.fabric, operation: this.operation }; // JSON leaves out an unknown operation
  }

  async #read(opts?: CallOptions): Promise<T> {
    const reply = await this.#call("getJobResult", (r) => r, opts);
    // The id header tells the stored answer (whatever its status) from the job API's own 204/404.
    if (reply.headers.has("x-c8-async-id")) {
      this.#stored = true;
      return this.#handle(reply);
    }
    const text = reply.status === 204 ? `job ${this.id} not done` : reply.status === 404 ? `job ${this.id} not found` : undefined;
    throw errorFrom(operationInfo("getJobResult").error, reply, text);
  }

  /** `cancel()` and `clear()`: `true`, or `false` for a missing job when `ignoreMissing`. */
  #drop(op: "cancelJob" | "deleteJob", opts: JobMissingOptions | undefined): Promise<boolean> {
    checkCallOptions(opts);
    return this.#call(op, (reply) => (reply.status === 404 && opts?.ignoreMissing ? false : (this.#ensure(op, reply), true)), opts);
  }

  #ensure(id: OperationId, reply: Reply): void {
    if (reply.status === 404) throw errorFrom(operationInfo(id).error, reply, `job ${this.id} not found`);
    ensureSuccess(operationInfo(id), reply);
  }

  /** A call of one of the job endpoints `/_api/job/{id}[/cancel]` on this job. */
  #call<R>(op: "getJobStatus" | "getJobResult" | "cancelJob" | "deleteJob", handle: Handler<R>, opts: CallOptions | undefined): Promise<R> {
    const params = { path: { fabric: this.#session.fabric, id: this.id } };
    return this.#session.execute(call(op, { params }, handle), opts);
  }
}

/** The waiting jobs of one fabric that the server reports done (or no longer knows). */
async function readyJobs(session: Session, waiting: Map<string, AsyncJob<unknown>>, round: number, signal: AbortSignal | undefined): Promise<AsyncJob<unknown>[]> {
  // The done list is unordered and capped, and may hold other done jobs of the same user: ask for
  // more than could be ours, and ask again for more when a full list held none of ours.
  let count = Math.max(1000, 2 * waiting.size);
  let done: Set<string>;
  let ready: AsyncJob<unknown>[];
  for (;;) {
    done = new Set(await listJobs(session, "done", { count, signal }));
    ready = [...waiting.values()].filter((job) => done.has(job.id));
    if (done.size < count || ready.length > 0) break;
    count *= 4;
  }
  // Now and then also read the pending list: a job in neither list finished between the two
  // reads or is unknown to the server; fetching its result settles both cases.
  if (round % 4 === 0 && ready.length < waiting.size && done.size < count) {
    const pending = new Set(await listJobs(session, "pending", { count, signal }));
    if (pending.size < count) for (const job of waiting.values()) if (!done.has(job.id) && !pending.has(job.id)) ready.push(job);
  }
  return ready;
}

/** Options of `fabric.asyncJobs()`'s request. */
export interface ListJobsOptions extends CallOptions {
  /** The most ids to answer (server default 100). */
  count?: number | undefined;
}

/** `GET /job/done|pending?count=`: ids of the user's jobs in that state, unordered. */
export function listJobs(session: Session, status: "done" | "pending", opts: ListJobsOptions): Promise<string[]> {
  const op = status === "done" ? "listDoneJobs" : "listPendingJobs";
  const params = { path: { fabric: session.fabric }, query: opts.count === undefined ? {} : { count: opts.count } };
  return session.execute(call(op, { params }, handler(session, op, (ids) => ids as string[])), opts);
}

async function inBatches<X>(items: readonly X[], width: number, work: (item: X) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
