/**
 * One fabric reached with one set of credentials over one openapi-fetch client: sends a prepared
 * call (auth header, optional `x-c8-async`, per-call signal and time limit), renews the JWT once
 * on a 401, and retries a full job queue (503, errorNum 21003: the request never ran) with backoff.
 */
import type { Client } from "openapi-fetch";
import type { paths } from "../generated/v1/schema.js";
import type { Auth } from "./auth.js";
import { backoff, sleep } from "./backoff.js";
import { withDeadline, type CallOptions } from "./deadline.js";
import { C8ConnectionError } from "./errors.js";
import { operationInfo, request, type FetchReply, type InitOf, type OperationId } from "./operation.js";
import { errorNumOf, type Handler, type Reply } from "./reply.js";
import { urlOf } from "./transport.js";

/** A prepared call: the operation, its request init (typed by {@link call}), how to read its answer. */
export interface Call<T> {
  readonly op: OperationId;
  readonly init: object;
  readonly handle: Handler<T>;
}

/** A call whose `init` is checked against operation `op`'s generated request function. */
export function call<K extends OperationId, T>(op: K, init: InitOf<K>, handle: Handler<T>): Call<T> {
  return { op, init, handle };
}

/** How an async-capable call is submitted: `store` keeps the job's result, `true` throws it away. */
export type AsyncMode = "store" | "true";

/** Session-wide defaults. */
export interface SessionOptions {
  /** Default time limit per request, in milliseconds (none when undefined). */
  timeoutMs: number | undefined;
  /** How often a 503 "queue is full" (errorNum 21003) answer is retried before it is reported. */
  queueFullRetries: number;
}

const QUEUE_FULL = 21003;

/** One fabric, one identity, one transport. Shared by a fabric, its async contexts, cursors and jobs. */
export class Session {
  /** The openapi-fetch client all generated request functions are called with. */
  readonly http: Client<paths>;
  /** Base URL of the server, e.g. `http://127.0.0.1:8529`. */
  readonly baseUrl: string;
  /** Name of the fabric in every fabric-scoped URL. */
  readonly fabric: string;
  /** Produces the `Authorization` header. */
  readonly auth: Auth;
  /** Defaults for every call. */
  readonly options: SessionOptions;

  /** Binds the parts together. */
  constructor(http: Client<paths>, baseUrl: string, fabric: string, auth: Auth, options: SessionOptions) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.fabric = fabric;
    this.auth = auth;
    this.options = options;
  }

  /** Sends a call and answers its reply (never throws on an HTTP status; the handler decides). */
  send(prepared: Call<unknown>, asyncMode: AsyncMode | undefined, opts: CallOptions | undefined): Promise<Reply> {
    const info = operationInfo(prepared.op);
    const target = { method: info.method, url: this.baseUrl + info.path };
    const limits = { signal: opts?.signal, timeoutMs: opts?.timeoutMs ?? this.options.timeoutMs };
    return withDeadline(target, limits, async (signal) => {
      let renewed = false;
      let delays: Generator<number> | undefined;
      for (let retries = 0; ; ) {
        const headers: Record<string, string> = asyncMode ? { "x-c8-async": asyncMode } : {};
        let authorization = info.auth ? this.auth.authorization(signal) : undefined;
        if (typeof authorization === "object") authorization = await authorization; // only while logging in
        if (authorization) headers["authorization"] = authorization;
        let fetched: FetchReply;
        try {
          fetched = await request(this.http, prepared.op, { ...prepared.init, headers, signal });
        } catch (err) {
          // openapi-fetch throws only for transport trouble (fetch, body read, JSON of a 2xx body).
          throw signal?.aborted || err instanceof C8ConnectionError ? err : new C8ConnectionError(target, err);
        }
        const { response } = fetched;
        const reply: Reply = {
          status: response.status,
          body: fetched.data !== undefined ? fetched.data : fetched.error,
          headers: response.headers,
          method: info.method,
          url: urlOf(response) ?? target.url,
        };
        if (reply.status === 401 && authorization && !renewed && this.auth.renewable) {
          renewed = true;
          this.auth.invalidate(authorization);
          continue;
        }
        if (reply.status === 503 && errorNumOf(reply) === QUEUE_FULL && retries < this.options.queueFullRetries) {
          retries++;
          delays ??= backoff({ initialMs: 20, maxMs: 1000 });
          await sleep(delays.next().value, signal);
          continue;
        }
        return reply;
      }
    });
  }

  /** Sends a call in the default context and runs its handler. */
  execute<T>(prepared: Call<T>, opts?: CallOptions): Promise<T> {
    return this.send(prepared, undefined, opts).then(prepared.handle);
  }
}
