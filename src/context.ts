/**
 * The context switch, written once. A wrapper (Fabric, Collection, C8QL) holds an executor and
 * hands it prepared calls; the executor decides how they are sent and what the caller gets back.
 * Method return types go through {@link Outcome}, so the context's type picks `T` or `AsyncJob<T>`.
 */
import { AsyncJob } from "./async-job.js";
import { checkCallOptions, type CallOptions } from "./deadline.js";
import { handler } from "./handlers.js";
import type { AsyncOperationId, InitOf } from "./operation.js";
import { errorFrom, type Handler } from "./reply.js";
import type { AsyncMode, Call, Session } from "./session.js";

/**
 * The execution context of a wrapper: `"default"` runs each call and answers its value;
 * `"async"` submits async-capable calls as server-side jobs and answers an {@link AsyncJob};
 * `"async-void"` submits them fire-and-forget (`returnResult: false`) and answers `undefined`.
 */
export type Context = "default" | "async" | "async-void";

/** What a wrapper's `context` property reads (pyC8's names): `"default"` or `"async"`. */
export type ContextName<C extends Context> = C extends "default" ? "default" : "async";

/** The value an async-capable method resolves to in context `C`, for an operation whose value is `T`. */
export type Outcome<C extends Context, T> = C extends "async" ? AsyncJob<T> : C extends "async-void" ? undefined : T;

/** A call of an operation the generated table marks async-capable. */
export type AsyncCapableCall<T> = Call<T> & { readonly op: AsyncOperationId };

/** Decides how a prepared call is sent and what its caller receives. */
export interface Executor<C extends Context> {
  /** The context name wrappers report. */
  readonly context: ContextName<C>;
  /** Fabric, identity and transport the calls go through. */
  readonly session: Session;
  /** Runs an async-capable call in this context. */
  run<T>(call: AsyncCapableCall<T>, opts?: CallOptions): Promise<Outcome<C, T>>;
}

/** The executor of context `kind` over `session`. */
export function executor<C extends Context>(session: Session, kind: C): Executor<C> {
  if (kind === "default") {
    return {
      context: "default",
      session,
      run: (call, opts) => session.execute(call, opts),
    } as Executor<C>;
  }
  const mode: AsyncMode = kind === "async" ? "store" : "true";
  return {
    context: "async",
    session,
    async run<T>(call: AsyncCapableCall<T>, opts?: CallOptions) {
      const reply = await session.send(call, mode, opts);
      // A job acknowledgement is a 202 with the id header; a document write's own 202 never carries one.
      const id = reply.headers.get("x-c8-async-id");
      if (reply.status === 202 && mode === "true") return undefined;
      if (reply.status === 202 && id) return new AsyncJob<T>(session, id, call.handle, call.op);
      // A 202 without an id: the server ran the request instead of queueing it.
      throw errorFrom("AsyncExecuteError", reply, reply.status === 202 ? "not queued: no x-c8-async-id" : undefined);
    },
  } as Executor<C>;
}

/**
 * What every wrapper method does: check the per-call options, then run operation `op` in the
 * executor's context, its answer read by the operation's own handler (or by `handle`).
 */
export function perform<C extends Context, K extends AsyncOperationId, R>(
  exec: Executor<C>,
  op: K,
  init: InitOf<K>,
  opts: CallOptions | undefined,
  handle: Handler<R> = handler<R>(exec.session, op),
): Promise<Outcome<C, R>> {
  checkCallOptions(opts);
  return exec.run({ op, init, handle }, opts);
}
