/** A fabric (database) of the tenant: collections, queries, fabric management and async jobs. */
import { AsyncJob, listJobs } from "./async-job.js";
import { C8QL } from "./c8ql.js";
import { Collection } from "./collection.js";
import { executor, perform, type Context, type ContextName, type Executor, type Outcome } from "./context.js";
import { checkCallOptions, type CallOptions } from "./deadline.js";
import { handler, unless } from "./handlers.js";
import { operationInfo, operations, queryOf, type OperationId } from "./operation.js";
import { errorFrom, isErrorBody, type Handler } from "./reply.js";
import { call } from "./session.js";
import type {
  AsyncJobsOptions,
  ClearAsyncJobsOptions,
  CollectionInfo,
  CreateCollectionOptions,
  CreateFabricOptions,
  DropOptions,
  FabricInfo,
  ListCollectionsOptions,
} from "./types.js";
import { checkName, checkPositiveInt } from "./validate.js";
import { createUser, deleteUser, listUsers, type NewUser, type UserInfo } from "./users.js";

const SYSTEM = "_system";
const ON_SYSTEM = { path: { fabric: SYSTEM } };
const COLLECTION_NOT_FOUND = 1203;
const FABRIC_NOT_FOUND = 1228;

/** Options of {@link Fabric.beginAsyncExecution}. */
export interface AsyncExecutionOptions {
  /** Keep each job's result on the server (`x-c8-async: store`, default) or throw it away (`x-c8-async: true`). */
  returnResult?: boolean;
}

/** Options of {@link Fabric.job}. */
export interface JobOptions {
  /** The operation the job runs, so its result is shaped and its errors are mapped as that operation's. */
  operation?: OperationId;
}

/**
 * A fabric in an execution context. `client.fabric(…)` gives the default context; its
 * `beginAsyncExecution()` gives an {@link AsyncFabric} whose async-capable methods (and those of
 * its `c8ql` and collections) answer `AsyncJob`s. Job management always runs synchronously.
 */
export class Fabric<C extends Context = "default"> {
  /** C8QL queries in this fabric's context. */
  readonly c8ql: C8QL<C>;
  readonly #exec: Executor<C>;

  /** @internal Use `client.fabric(…)` or `fabric.beginAsyncExecution()`. */
  constructor(exec: Executor<C>) {
    this.#exec = exec;
    this.c8ql = new C8QL(exec);
  }

  /** The fabric's name. */
  get name(): string {
    return this.#exec.session.fabric;
  }

  /** `"default"`, or `"async"` for an async fabric. */
  get context(): ContextName<C> {
    return this.#exec.context;
  }

  /** A collection of documents of type `T`, in this fabric's context (no request is sent). */
  collection<T extends object = Record<string, unknown>>(name: string): Collection<T, C> {
    return new Collection<T, C>(this.#exec, name);
  }

  /** The fabric's collections; `excludeSystem: true` leaves out system collections. */
  collections(opts?: ListCollectionsOptions): Promise<Outcome<C, CollectionInfo[]>> {
    const params = { path: { fabric: this.name }, query: queryOf("listCollections", opts) };
    return perform(this.#exec, "listCollections", { params }, opts);
  }

  /** Whether the fabric has a collection of this name. */
  hasCollection(name: string, opts?: CallOptions): Promise<Outcome<C, boolean>> {
    checkName("collection", name);
    const params = { path: { fabric: this.name } };
    const handle = handler(this.#exec.session, "listCollections", (list) => (list as CollectionInfo[]).some((c) => c.name === name));
    return perform(this.#exec, "listCollections", { params }, opts, handle);
  }

  /** Creates a collection and answers its wrapper (409 / 1207 `CollectionCreateError` when it exists). */
  createCollection<T extends object = Record<string, unknown>>(name: string, opts?: CreateCollectionOptions): Promise<Outcome<C, Collection<T, C>>> {
    checkName("collection", name);
    const { signal: _s, timeoutMs: _t, ...options } = opts ?? {};
    const params = { path: { fabric: this.name } };
    const body = { ...options, name };
    const handle = handler(this.#exec.session, "createCollection", () => this.collection<T>(name));
    return perform(this.#exec, "createCollection", { params, body }, opts, handle);
  }

  /** Deletes a collection: `true`, or `false` when it is missing and `ignoreMissing` is set. */
  deleteCollection(name: string, opts?: DropOptions): Promise<Outcome<C, boolean>> {
    checkName("collection", name);
    const params = { path: { fabric: this.name, collection: name } };
    const handle = handler(this.#exec.session, "deleteCollection", () => true);
    return perform(this.#exec, "deleteCollection", { params }, opts, opts?.ignoreMissing ? unless(COLLECTION_NOT_FOUND, false, handle) : handle);
  }

  /** The fabric's name, options and system flag. */
  properties(opts?: CallOptions): Promise<Outcome<C, FabricInfo>> {
    const params = { path: { fabric: this.name } };
    return perform(this.#exec, "getCurrentFabric", { params }, opts);
  }

  /** Names of every fabric of the tenant (asked through `_system`). */
  fabrics(opts?: CallOptions): Promise<Outcome<C, string[]>> {
    return perform(this.#exec, "listFabrics", { params: ON_SYSTEM }, opts);
  }

  /** Whether the tenant has a fabric of this name. */
  hasFabric(name: string, opts?: CallOptions): Promise<Outcome<C, boolean>> {
    checkName("fabric", name);
    const handle = handler(this.#exec.session, "listFabrics", (names) => (names as string[]).includes(name));
    return perform(this.#exec, "listFabrics", { params: ON_SYSTEM }, opts, handle);
  }

  /** Creates a fabric (through `_system`); `true` on success, `FabricCreateError` 409 / 1207 when it exists. */
  createFabric(name: string, opts?: CreateFabricOptions): Promise<Outcome<C, boolean>> {
    checkName("fabric", name);
    const { signal: _s, timeoutMs: _t, ...options } = opts ?? {};
    const body = Object.keys(options).length > 0 ? { name, options } : { name };
    return perform(this.#exec, "createFabric", { params: ON_SYSTEM, body }, opts);
  }

  /** Deletes a fabric (through `_system`): `true`, or `false` when it is missing and `ignoreMissing` is set. */
  deleteFabric(name: string, opts?: DropOptions): Promise<Outcome<C, boolean>> {
    checkName("fabric", name);
    const params = { path: { fabric: SYSTEM, name } };
    const handle = handler<boolean>(this.#exec.session, "deleteFabric");
    return perform(this.#exec, "deleteFabric", { params }, opts, opts?.ignoreMissing ? unless(FABRIC_NOT_FOUND, false, handle) : handle);
  }

  /** Ids of the user's jobs that are `"done"` (default) or `"pending"`; at most `count` (server default 100). Always synchronous. */
  asyncJobs(opts?: AsyncJobsOptions): Promise<string[]> {
    checkCallOptions(opts);
    const status = opts?.status ?? "done";
    if (status !== "done" && status !== "pending") throw new TypeError(`status must be "done" or "pending", got ${JSON.stringify(status)}`);
    checkPositiveInt("count", opts?.count);
    return listJobs(this.#exec.session, status, opts ?? {});
  }

  /** Deletes all of the user's jobs, or only those older than `before`; answers `true`. Always synchronous. */
  clearAsyncJobs(opts?: ClearAsyncJobsOptions): Promise<true> {
    checkCallOptions(opts);
    const session = this.#exec.session;
    const path = { fabric: this.name };
    const before = opts?.before;
    if (before === undefined) {
      return session.execute(call("deleteAllJobs", { params: { path } }, handler(session, "deleteAllJobs", () => true as const)), opts);
    }
    const ms = before instanceof Date ? before.getTime() : before;
    if (typeof ms !== "number" || !Number.isFinite(ms)) throw new TypeError("before must be a Date or a Unix time in milliseconds");
    const params = { path, query: { stamp: ms / 1000 } }; // the wire wants Unix seconds
    return session.execute(call("deleteExpiredJobs", { params }, handler(session, "deleteExpiredJobs", () => true as const)), opts);
  }

  // --- fabric metadata and tenant users ----------------------------------------------------------------------

  /** The fabric's user-defined metadata (`null` until set). */
  metadata(opts?: CallOptions): Promise<Outcome<C, Record<string, unknown> | null>> {
    const handle = handler(this.#exec.session, "getFabricMetadata", (info) => ((info as FabricInfo).options?.metadata ?? null) as Record<string, unknown> | null);
    return perform(this.#exec, "getFabricMetadata", { params: { path: { fabric: this.name } } }, opts, handle);
  }

  /** Replaces the fabric's metadata with `metadata`; answers `true`. */
  setMetadata(metadata: Record<string, unknown>, opts?: CallOptions): Promise<Outcome<C, boolean>> {
    const body = { metadata: checkMetadata(metadata) };
    return perform(this.#exec, "setFabricMetadata", { params: { path: { fabric: this.name } }, body }, opts);
  }

  /** Merges `metadata` into the fabric's metadata (other attributes stay); answers `true`. */
  updateMetadata(metadata: Record<string, unknown>, opts?: CallOptions): Promise<Outcome<C, boolean>> {
    const body = { metadata: checkMetadata(metadata) };
    return perform(this.#exec, "updateFabricMetadata", { params: { path: { fabric: this.name } }, body }, opts);
  }

  /** The users of the tenant. Always synchronous. */
  users(opts?: CallOptions): Promise<UserInfo[]> {
    return listUsers(this.#exec.session, opts);
  }

  /** Creates a user of the tenant, who can then log in (409 / 1702 `UserCreateError` when taken). Always synchronous. */
  createUser(user: NewUser, opts?: CallOptions): Promise<UserInfo> {
    return createUser(this.#exec.session, user, opts);
  }

  /** Deletes a user of the tenant by user name; answers `true` (404 / 1703 `UserDeleteError`). Always synchronous. */
  deleteUser(name: string, opts?: CallOptions): Promise<true> {
    return deleteUser(this.#exec.session, name, opts);
  }

  /**
   * An async view of this fabric: async-capable calls are queued on the server and answer an
   * `AsyncJob` (`returnResult: true`, default) or `undefined` (`returnResult: false`).
   */
  beginAsyncExecution(opts?: { returnResult?: true }): AsyncFabric;
  beginAsyncExecution(opts: { returnResult: false }): AsyncFabric<false>;
  beginAsyncExecution(opts: AsyncExecutionOptions): AsyncFabric | AsyncFabric<false>;
  beginAsyncExecution(opts: AsyncExecutionOptions = {}): AsyncFabric | AsyncFabric<false> {
    if (opts.returnResult !== undefined && typeof opts.returnResult !== "boolean") throw new TypeError("returnResult must be a boolean");
    const session = this.#exec.session;
    return opts.returnResult === false ? new Fabric(executor(session, "async-void")) : new Fabric(executor(session, "async"));
  }

  /**
   * Rebuilds a job handle from a stored id. With `operation`, its result is shaped and its
   * errors are mapped as that operation's; without, `result()` answers the stored body.
   */
  job<T = unknown>(id: string, opts: JobOptions = {}): AsyncJob<T> {
    const session = this.#exec.session;
    const { operation } = opts;
    if (operation !== undefined && !(typeof operation === "string" && Object.hasOwn(operations, operation)))
      throw new TypeError(`unknown operation ${JSON.stringify(operation)}`);
    return new AsyncJob<T>(session, id, operation ? handler<T>(session, operation) : storedBody<T>(), operation);
  }
}

function checkMetadata(metadata: unknown): Record<string, unknown> {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) throw new TypeError("metadata must be an object");
  return metadata as Record<string, unknown>;
}

/** A fabric in the async context (`returnResult: false` gives the fire-and-forget variant). */
export type AsyncFabric<ReturnResult extends boolean = true> = Fabric<ReturnResult extends true ? "async" : "async-void">;

// A stored answer of an unknown operation: its 2xx body, or the job-result error class with the stored error.
function storedBody<T>(): Handler<T> {
  return (reply) => {
    if (reply.status >= 200 && reply.status < 300 && !isErrorBody(reply.body)) return reply.body as T;
    throw errorFrom(operationInfo("getJobResult").error, reply);
  };
}
