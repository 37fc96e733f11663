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
