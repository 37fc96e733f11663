/** C8QL queries of one fabric, in that fabric's context. */
import { perform, type Context, type ContextName, type Executor, type Outcome } from "./context.js";
import type { Cursor } from "./cursor.js";
import type { QueryOptions } from "./types.js";
import { checkPositiveInt } from "./validate.js";

/** Runs C8QL queries. In an async context `execute` answers an `AsyncJob<Cursor<T>>`. */
export class C8QL<C extends Context = "default"> {
  readonly #exec: Executor<C>;

  /** @internal Use `fabric.c8ql`. */
  constructor(exec: Executor<C>) {
    this.#exec = exec;
  }

  /** `"default"`, or `"async"` when obtained from an async fabric. */
  get context(): ContextName<C> {
    return this.#exec.context;
  }

  /**
   * Runs a read-only query (no INSERT, UPDATE, REPLACE, REMOVE, UPSERT) and answers all its results at once,
   * documents without `_id` and `_rev` (`POST /_api/export`).
   */
  export<T = unknown>(query: string, opts?: Pick<QueryOptions, "bindVars" | "signal" | "timeoutMs">): Promise<Outcome<C, T[]>> {
    checkQuery(query, opts);
    const body = opts?.bindVars === undefined ? { query } : { query, bindVars: opts.bindVars };
    return perform(this.#exec, "exportQuery", { params: { path: { fabric: this.#exec.session.fabric } }, body }, opts);
  }

  /** Runs an SQL query (`POST /_api/cursor/sql`) and answers a cursor over its results. */
  executeSql<T = unknown>(query: string, opts?: QueryOptions): Promise<Outcome<C, Cursor<T>>> {
    checkQuery(query, opts);
    const { signal: _signal, timeoutMs: _timeoutMs, ...request } = opts ?? {};
    return perform(this.#exec, "createSqlCursor", { params: { path: { fabric: this.#exec.session.fabric } }, body: { ...request, query } }, opts);
  }

  /**
   * Runs a query and answers a cursor over its results.
   * @example
   * const cursor = await fabric.c8ql.execute<number>("FOR i IN 1..@n RETURN i", { bindVars: { n: 3 } });
   * for await (const i of cursor) console.log(i);
   */
  execute<T = unknown>(query: string, opts?: QueryOptions): Promise<Outcome<C, Cursor<T>>> {
    if (typeof query !== "string" || query.trim() === "") throw new TypeError("query must be a non-empty string");
    checkPositiveInt("batchSize", opts?.batchSize);
    if (opts?.count !== undefined && typeof opts.count !== "boolean") throw new TypeError(`count must be a boolean, got ${typeof opts.count}`);
    if (opts?.bindVars !== undefined && (typeof opts.bindVars !== "object" || opts.bindVars === null || Array.isArray(opts.bindVars)))
      throw new TypeError("bindVars must be an object");
    const { signal: _signal, timeoutMs: _timeoutMs, ...request } = opts ?? {};
    const session = this.#exec.session;
    const params = { path: { fabric: session.fabric } };
    const body = { ...request, query };
    return perform(this.#exec, "createCursor", { params, body }, opts);
  }
}

function checkQuery(query: unknown, opts: { bindVars?: unknown } | undefined): void {
  if (typeof query !== "string" || query.trim() === "") throw new TypeError("query must be a non-empty string");
  const bindVars = opts?.bindVars;
  if (bindVars !== undefined && (typeof bindVars !== "object" || bindVars === null || Array.isArray(bindVars))) throw new TypeError("bindVars must be an object");
}
