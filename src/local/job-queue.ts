/**
 * The async job queue behind `x-c8-async` (see PROTOCOL.md "Async jobs").
 *
 * - A bounded FIFO of queued jobs (`maxQueued`; a full queue refuses the submission and queues nothing).
 * - `workers` jobs run at once. A job is a function returning a promise of the operation's {@link Reply}; queries
 *   that SLEEP await a timer, so they hold a worker slot but never the event loop.
 * - Every accepted job completes exactly once: `pending` (queued or running) → `done`, guarded by its state, whether
 *   it finished, failed, or was cancelled (cancel stores 410 / errorNum 21 at once and aborts the running work).
 * - Jobs belong to their owner (tenant + user): every lookup is by owner, so others' ids are simply unknown.
 * - A finished job is kept as one small {@link StoredResult} (status, stamp, and one Buffer holding the few
 *   headers and the body bytes) under a numeric id; fetching it forgets the job.
 */
import { LocalError } from "./errors.js";
import { errorReply, replyFromError, type Reply } from "./reply.js";

/** Runs a job; `signal()` creates its AbortSignal on first use (most jobs never ask: they finish synchronously). */
export type JobRunner = (signal: () => AbortSignal) => Reply | Promise<Reply>;

const QUEUED = 0;
const RUNNING = 1;
const DONE = 2;

/** A finished job's answer, packed: `name\nvalue\n…` header lines, then the body, in one Buffer. */
export class StoredResult {
  constructor(
    readonly status: number,
    /** ms: when the job finished. */
    readonly stamp: number,
    private readonly bytes: Buffer | undefined,
    private readonly headLength: number,
  ) {}

  static pack(reply: Reply, stamp: number): StoredResult {
    const headers = reply.headers;
    if (headers === undefined || headers.length === 0) return new StoredResult(reply.status, stamp, reply.body, 0);
    const head = Buffer.from(`${headers.join("\n")}\n`);
    const bytes = reply.body === undefined ? head : Buffer.concat([head, reply.body]);
    return new StoredResult(reply.status, stamp, bytes, head.length);
  }

  unpack(): Reply {
    if (this.headLength === 0) return { status: this.status, body: this.bytes };
    const bytes = this.bytes!;
    const headers = bytes.toString("utf8", 0, this.headLength - 1).split("\n");
    const body = bytes.length > this.headLength ? bytes.subarray(this.headLength) : undefined;
    return { status: this.status, headers, body };
  }
}

class Job {
  state: 0 | 1 | 2 = QUEUED;
  controller: AbortController | undefined = undefined;
  /** False for fire-and-forget jobs and for jobs deleted while pending: their result is dropped. */
  keep: boolean;

  constructor(
    readonly id: number,
    readonly owner: OwnerJobs | undefined,
    public run: JobRunner | undefined,
    /** ms: creation time. */
    readonly stamp: number,
  ) {
    this.keep = owner !== undefined;
  }
}

/** One owner's jobs: every job it may still ask about (pending or stored), plus the pending subset. */
interface OwnerJobs {
  readonly all: Map<number, Job | StoredResult>;
  readonly pending: Set<Job>;
}

/** A job id of the URL as the numeric key, or undefined when it cannot be one of ours. */
function key(id: string): number | undefined {
  const n = Number(id);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export interface JobQueueOptions {
  maxQueued: number;
  workers: number;
}

/** Yield to I/O after this many jobs finished back to back without an event-loop turn. */
const BURST = 128;

export class JobQueue {
  private readonly owners = new Map<string, OwnerJobs>();
  private queue: Array<Job | undefined> = [];
  private head = 0;
  private queued = 0;
  private running = 0;
  private burst = 0;
  private nextId = 1;
  private immediate: NodeJS.Immediate | undefined;
  private closed = false;
  private readonly runningJobs = new Set<Job>();

  constructor(private readonly opts: JobQueueOptions) {}

  /**
   * Queues a job. `owner` undefined means fire-and-forget (`x-c8-async: true`): no id, result dropped.
   * Throws 503 / 21003 "queue is full" when the bound is reached; then nothing was queued.
   */
  submit(owner: string | undefined, run: JobRunner): string | undefined {
    if (this.closed) throw new LocalError(503, 503, "server is shutting down");
    if (this.queued >= this.opts.maxQueued) throw new LocalError(503, 21003, "queue is full");
    const id = this.nextId++;
    const jobs = owner === undefined ? undefined : this.ownerJobs(owner, true);
    const job = new Job(id, jobs, run, Date.now());
    if (jobs !== undefined) {
      jobs.all.set(id, job);
      jobs.pending.add(job);
    }
    this.queue.push(job);
    this.queued++;
    this.burst = 0; // called from an I/O callback: a fresh event-loop turn
    this.pump();
    return jobs === undefined ? undefined : String(id);
  }

  private entry(owner: string, id: string): { jobs: OwnerJobs; entry: Job | StoredResult } | undefined {
    const jobs = this.owners.get(owner);
    const n = key(id);
    if (jobs === undefined || n === undefined) return undefined;
    const entry = jobs.all.get(n);
    return entry === undefined ? undefined : { jobs, entry };
  }

  /** `pending`, `done`, or undefined when the owner has no such job. */
  status(owner: string, id: string): "pending" | "done" | undefined {
    const found = this.entry(owner, id);
    if (found === undefined) return undefined;
    return found.entry instanceof StoredResult ? "done" : "pending";
  }

  /** The stored reply (and the job is forgotten), `pending`, or undefined when unknown. */
  take(owner: string, id: string): Reply | "pending" | undefined {
    const found = this.entry(owner, id);
    if (found === undefined) return undefined;
    if (!(found.entry instanceof StoredResult)) return "pending";
    found.jobs.all.delete(key(id)!);
    return found.entry.unpack();
  }

  /** Cancels a pending job (it becomes done with 410 / 21); a done job stays as it is. False when unknown. */
  cancel(owner: string, id: string): boolean {
    const found = this.entry(owner, id);
    if (found === undefined) return false;
    const job = found.entry;
    if (job instanceof StoredResult) return true;
    if (job.state === QUEUED) {
      this.queued--;
      job.run = undefined; // the queue slot is skipped when reached
      this.finish(job, canceledReply());
    } else if (job.state === RUNNING) {
      const ctl = job.controller;
      this.finish(job, canceledReply());
      ctl?.abort(new LocalError(410, 21, "canceled request"));
    }
    return true;
  }

  /** Forgets a job. A pending one still runs (its effects happen) but its result is dropped. */
  remove(owner: string, id: string): boolean {
    const found = this.entry(owner, id);
    if (found === undefined) return false;
    this.forget(found.jobs, key(id)!, found.entry);
    return true;
  }

  /** Up to `count` ids of the owner's done or pending jobs. */
  list(owner: string, which: "done" | "pending", count: number): string[] {
    const jobs = this.owners.get(owner);
    const out: string[] = [];
    if (jobs === undefined || count <= 0) return out;
    if (which === "pending") {
      for (const job of jobs.pending) {
        out.push(String(job.id));
        if (out.length >= count) break;
      }
    } else {
      for (const [id, entry] of jobs.all) {
        if (!(entry instanceof StoredResult)) continue;
        out.push(String(id));
        if (out.length >= count) break;
      }
    }
    return out;
  }

  /** Forgets every job of the owner. */
  clear(owner: string): void {
    const jobs = this.owners.get(owner);
    if (jobs === undefined) return;
    for (const job of jobs.pending) job.keep = false;
    this.owners.delete(owner);
  }

  /** Forgets the owner's jobs whose stamp (creation if pending, finish if done) is older than `stampMs`. */
  clearExpired(owner: string, stampMs: number): void {
    const jobs = this.owners.get(owner);
    if (jobs === undefined) return;
    for (const [id, entry] of jobs.all) if (entry.stamp < stampMs) this.forget(jobs, id, entry);
  }

  /** Jobs waiting for a worker / running / stored for all owners (tests and benchmarks). */
  stats(): { queued: number; running: number; stored: number } {
    let stored = 0;
    for (const jobs of this.owners.values()) stored += jobs.all.size;
    return { queued: this.queued, running: this.running, stored };
  }

  /** Stops the workers: aborts running jobs, drops queued ones, clears the scheduled turn. */
  close(): void {
    this.closed = true;
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.immediate = undefined;
    for (const job of this.runningJobs) job.controller?.abort(new LocalError(503, 503, "server is shutting down"));
    this.queue = [];
    this.head = 0;
    this.queued = 0;
    this.owners.clear();
  }

  private ownerJobs(owner: string, create: boolean): OwnerJobs | undefined {
    let jobs = this.owners.get(owner);
    if (jobs === undefined && create) {
      jobs = { all: new Map(), pending: new Set() };
      this.owners.set(owner, jobs);
    }
    return jobs;
  }

  private forget(jobs: OwnerJobs, id: number, entry: Job | StoredResult): void {
    jobs.all.delete(id);
    if (entry instanceof Job) {
      jobs.pending.delete(entry);
      entry.keep = false;
    }
  }

  private dequeue(): Job | undefined {
    while (this.head < this.queue.length) {
      const job = this.queue[this.head];
      this.queue[this.head++] = undefined;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      if (job !== undefined && job.state === QUEUED) return job;
    }
    return undefined;
  }

  private pump(): void {
    while (!this.closed && this.running < this.opts.workers && this.queued > 0) {
      const job = this.dequeue();
      if (job === undefined) return;
      this.queued--;
      this.start(job);
    }
  }

  private start(job: Job): void {
    const run = job.run!;
    job.run = undefined;
    job.state = RUNNING;
    this.running++;
    this.runningJobs.add(job);
    let result: Reply | Promise<Reply>;
    try {
      result = run(() => (job.controller ??= new AbortController()).signal);
    } catch (e) {
      result = replyFromError(e);
    }
    Promise.resolve(result).then(
      (reply) => this.settle(job, reply),
      (e: unknown) => this.settle(job, replyFromError(e)),
    );
  }

  private settle(job: Job, reply: Reply): void {
    this.running--;
    this.runningJobs.delete(job);
    this.finish(job, reply);
    if (this.queued === 0 || this.closed) return;
    if (++this.burst < BURST) {
      this.pump();
    } else if (this.immediate === undefined) {
      this.immediate = setImmediate(() => {
        this.immediate = undefined;
        this.burst = 0;
        this.pump();
      });
    }
  }

  /** The one transition to done; later calls (a cancelled job's work settling) are ignored. */
  private finish(job: Job, reply: Reply): void {
    if (job.state === DONE) return;
    job.state = DONE;
    job.controller = undefined;
    job.run = undefined;
    const jobs = job.owner;
    if (jobs === undefined) return;
    jobs.pending.delete(job);
    if (job.keep) jobs.all.set(job.id, StoredResult.pack(reply, Date.now()));
  }
}

function canceledReply(): Reply {
  return errorReply(410, 21, "canceled request");
}
