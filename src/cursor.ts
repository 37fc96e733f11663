/** C8QL query results, fetched batch by batch — always in the default context, even for a cursor an async job produced. */
import type { components } from "../generated/v1/schema.js";
import { checkCallOptions, type CallOptions } from "./deadline.js";
import { operationInfo } from "./operation.js";
import { ensureSuccess, errorNumOf, type Reply } from "./reply.js";
import { call, type Session } from "./session.js";

/** Query statistics the server reports in `extra.stats`. */
export type QueryStats = components["schemas"]["QueryStats"];
/** Extra information of a query answer: `stats`, `warnings`, `profile`. */
export type CursorExtra = components["schemas"]["CursorExtra"];
/** One batch of query results as the server sends it. */
export type CursorBody = components["schemas"]["CursorBody"];

/** Options of {@link Cursor.close}. */
export interface CursorCloseOptions extends CallOptions {
  /** Answer `false` instead of throwing `CursorCloseError` when the server no longer knows the cursor. */
  ignoreMissing?: boolean;
}

const CURSOR_NOT_FOUND = 1600;

/**
 * The results of a C8QL query. Read them one by one with {@link Cursor.next}, all at once with
 * {@link Cursor.all}, or with `for await (const item of cursor)`; later batches are fetched as
 * needed. Breaking out of `for await` early closes the cursor on the server.
 */
export class Cursor<T = unknown> implements AsyncIterable<T> {
  /** The server's cursor id; `undefined` when the first batch held everything. */
  readonly id: string | undefined;
  /** The total number of results, when the query asked for `count: true`. */
  readonly count: number | undefined;
  readonly #session: Session;
  #items: T[];
  #index = 0;
  #hasMore: boolean;
  #extra: CursorExtra | undefined;

  /** @internal Wraps a first batch; later batches are read through `session`. */
  constructor(session: Session, body: CursorBody) {
    this.#session = session;
    this.id = body.id;
    this.count = body.count;
    this.#items = body.result as T[];
    this.#hasMore = body.hasMore;
    this.#extra = body.extra;
  }

  /** Whether the server holds more batches than those fetched so far. */
  get hasMore(): boolean {
    return this.#hasMore;
  }

  /** The items of the current batch not yet returned by `next()`. */
  get batch(): readonly T[] {
    return this.#items.slice(this.#index);
  }

  /** `stats` and `warnings` of the latest batch. */
  get extra(): CursorExtra | undefined {
    return this.#extra;
  }

  /** The next item, fetching the next batch when the current one is used up; `undefined` at the end. */
  async next(opts?: CallOptions): Promise<T | undefined> {
    while (this.#index >= this.#items.length) {
      if (!this.#hasMore) return undefined;
      await this.#fetch(opts);
    }
    return this.#items[this.#index++];
  }

  /** Every item not yet returned, fetching all remaining batches. */
  async all(opts?: CallOptions): Promise<T[]> {
    const out = this.#items.slice(this.#index);
    this.#index = this.#items.length;
    while (this.#hasMore) {
      await this.#fetch(opts);
      for (const item of this.#items) out.push(item);
      this.#index = this.#items.length;
    }
    return out;
  }

  /**
   * Frees the cursor on the server before its results are used up. Answers `true` when the
   * server dropped it, `false` when there was nothing left to drop (or it was missing and
   * `ignoreMissing` was set).
   */
  async close(opts?: CursorCloseOptions): Promise<boolean> {
    checkCallOptions(opts);
    if (!this.#hasMore || this.id === undefined) return false;
    const info = operationInfo("deleteCursor");
    const session = this.#session;
    const params = { path: { fabric: session.fabric, id: this.id } };
    const handle = (reply: Reply) => {
      if (opts?.ignoreMissing && errorNumOf(reply) === CURSOR_NOT_FOUND) return false;
      ensureSuccess(info, reply);
      return true;
    };
    const closed = await session.execute(call("deleteCursor", { params }, handle), opts);
    this.#hasMore = false;
    this.#items = [];
    this.#index = 0;
    return closed;
  }

  /** Iterates over the remaining items; leaving the loop early closes the cursor. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    let settled = false; // ran to the end, or failed: nothing to close
    try {
      for (;;) {
        while (this.#index < this.#items.length) yield this.#items[this.#index++]!;
        if (!this.#hasMore) break;
        await this.#fetch();
      }
      settled = true;
    } catch (err) {
      settled = true;
      throw err;
    } finally {
      // Only a loop left early (break, return, a throw in the loop body) lands here unsettled.
      if (!settled && this.#hasMore) await this.close({ ignoreMissing: true });
    }
  }

  async #fetch(opts?: CallOptions): Promise<void> {
    checkCallOptions(opts);
    const info = operationInfo("readCursorBatch");
    const session = this.#session;
    const params = { path: { fabric: session.fabric, id: this.id! } };
    const handle = (reply: Reply) => {
      ensureSuccess(info, reply);
      return reply.body as CursorBody;
    };
    const body = await session.execute(call("readCursorBatch", { params }, handle), opts);
    this.#items = body.result as T[];
    this.#index = 0;
    this.#hasMore = body.hasMore;
    if (body.extra) this.#extra = body.extra;
  }
}
