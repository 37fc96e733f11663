/**
 * One error module: a base class carrying the server's answer, one subclass per failure kind
 * (pyC8's names, chosen per operation by the generated table's `error` field), plus the
 * transport-level errors. Every class comes from the single factory {@link errorClass}.
 */
import type { OperationErrorName } from "./operation.js";

/** What the SDK knows about a failed HTTP exchange. */
export interface C8ErrorInit {
  /** HTTP status of the answer. */
  httpCode: number;
  /** The body's `errorNum`, when the body carried one. */
  errorCode?: number | undefined;
  /** Human text: the body's `errorMessage`, or the SDK's own wording (e.g. `job 12 not found`). */
  errorMessage: string;
  /** HTTP method of the request that failed. */
  method: string;
  /** Full URL of the request that failed. */
  url: string;
  /** The parsed response body (JSON when it was JSON, else text). */
  body?: unknown;
  /** The response headers. */
  headers?: Headers | undefined;
}

/**
 * Base class of every error the server answered with. `message` follows pyC8:
 * `[HTTP 400][ERR 1501] syntax error, unexpected identifier near 'INVALID QUERY' at position 1:1`.
 */
export class C8Error extends Error {
  /** HTTP status of the answer, e.g. `400`. */
  declare readonly httpCode: number;
  /** The body's `errorNum` (e.g. `1501`); `undefined` when the body had none. */
  declare readonly errorCode: number | undefined;
  /** The error text without the `[HTTP …][ERR …]` prefix. */
  declare readonly errorMessage: string;
  /** HTTP method of the failed request. */
  declare readonly method: string;
  /** URL of the failed request. */
  declare readonly url: string;
  /** Parsed response body. */
  declare readonly body: unknown;
  /** Response headers (empty when there was no response object). */
  declare readonly headers: Headers;

  /** Builds the error from what the SDK knows about the exchange. */
  constructor(init: C8ErrorInit) {
    const { httpCode, errorCode, errorMessage } = init;
    super(`[HTTP ${httpCode}]${errorCode === undefined ? "" : `[ERR ${errorCode}]`} ${errorMessage}`);
    // Every field of the init becomes a field of the error (declared above, for the types).
    Object.assign(this, init, { errorCode, headers: init.headers ?? new Headers() });
  }
}
nameClass(C8Error, "C8Error");

/** The constructor of one error subclass; `instanceof` narrows to its instances. */
export interface C8ErrorClass<N extends string = string> {
  /** Builds an error of this class. */
  new (init: C8ErrorInit): C8Error & { readonly name: N };
  /** The class's prototype (what `instanceof` checks). */
  readonly prototype: C8Error & { readonly name: N };
}

const registry = new Map<string, C8ErrorClass>();

/**
 * The single factory of error subclasses: one class per name, created once and kept in a
 * registry keyed by the operation table's `error` names, so `errorClass(info.error)` always
 * returns the same class as the named export.
 */
export function errorClass<const N extends string>(name: N): C8ErrorClass<N> {
  const known = registry.get(name);
  if (known) return known as C8ErrorClass<N>;
  // A computed key gives the class its own `.name`, which shows up in stack traces.
  const made = { [name]: class extends C8Error {} }[name]!;
  nameClass(made, name);
  registry.set(name, made);
  return made as unknown as C8ErrorClass<N>;
}

// The named classes below: spelled as the operation table spells them (a typo does not compile).
const define = <const N extends OperationErrorName | "AsyncExecuteError">(name: N): C8ErrorClass<N> => errorClass(name);

/** `POST /_open/auth` failed (bad credentials: HTTP 401, errorNum 11). */
export const JWTAuthError = define("JWTAuthError");
/** @inheritDoc */ export type JWTAuthError = InstanceType<typeof JWTAuthError>;
/** Listing users failed. */
export const UserListError = define("UserListError");
/** @inheritDoc */ export type UserListError = InstanceType<typeof UserListError>;
/** Reading the server version failed. */
export const ServerVersionError = define("ServerVersionError");
/** @inheritDoc */ export type ServerVersionError = InstanceType<typeof ServerVersionError>;
/** Reading the current fabric's properties failed (e.g. 404 / 1228 fabric not found). */
export const FabricPropertiesError = define("FabricPropertiesError");
/** @inheritDoc */ export type FabricPropertiesError = InstanceType<typeof FabricPropertiesError>;
/** Listing fabrics failed. */
export const FabricListError = define("FabricListError");
/** @inheritDoc */ export type FabricListError = InstanceType<typeof FabricListError>;
/** Creating a fabric failed (409 / 1207 duplicate name, 403 / 1230 not on `_system`). */
export const FabricCreateError = define("FabricCreateError");
/** @inheritDoc */ export type FabricCreateError = InstanceType<typeof FabricCreateError>;
/** Deleting a fabric failed (404 / 1228 not found, 403 / 1230 not on `_system`). */
export const FabricDeleteError = define("FabricDeleteError");
/** @inheritDoc */ export type FabricDeleteError = InstanceType<typeof FabricDeleteError>;
/** Listing collections failed. */
export const CollectionListError = define("CollectionListError");
/** @inheritDoc */ export type CollectionListError = InstanceType<typeof CollectionListError>;
/** Creating a collection failed (409 / 1207 duplicate, 400 / 1208 illegal name). */
export const CollectionCreateError = define("CollectionCreateError");
/** @inheritDoc */ export type CollectionCreateError = InstanceType<typeof CollectionCreateError>;
/** Reading a collection's information or properties failed (404 / 1203). */
export const CollectionPropertiesError = define("CollectionPropertiesError");
/** @inheritDoc */ export type CollectionPropertiesError = InstanceType<typeof CollectionPropertiesError>;
/** Counting a collection's documents failed. */
export const DocumentCountError = define("DocumentCountError");
/** @inheritDoc */ export type DocumentCountError = InstanceType<typeof DocumentCountError>;
/** Reading a collection's figures failed. */
export const CollectionStatisticsError = define("CollectionStatisticsError");
/** @inheritDoc */ export type CollectionStatisticsError = InstanceType<typeof CollectionStatisticsError>;
/** Truncating a collection failed. */
export const CollectionTruncateError = define("CollectionTruncateError");
/** @inheritDoc */ export type CollectionTruncateError = InstanceType<typeof CollectionTruncateError>;
/** Deleting a collection failed (404 / 1203). */
export const CollectionDeleteError = define("CollectionDeleteError");
/** @inheritDoc */ export type CollectionDeleteError = InstanceType<typeof CollectionDeleteError>;
/** Inserting or importing documents failed (409 / 1210 unique constraint, 400 / 1233 edge attribute, …). */
export const DocumentInsertError = define("DocumentInsertError");
/** @inheritDoc */ export type DocumentInsertError = InstanceType<typeof DocumentInsertError>;
/** Replacing documents failed (404 / 1202, 412 / 1200 revision mismatch). */
export const DocumentReplaceError = define("DocumentReplaceError");
/** @inheritDoc */ export type DocumentReplaceError = InstanceType<typeof DocumentReplaceError>;
/** Updating documents failed (404 / 1202, 412 / 1200 revision mismatch). */
export const DocumentUpdateError = define("DocumentUpdateError");
/** @inheritDoc */ export type DocumentUpdateError = InstanceType<typeof DocumentUpdateError>;
/** Deleting documents failed (404 / 1202, 412 / 1200 revision mismatch). */
export const DocumentDeleteError = define("DocumentDeleteError");
/** @inheritDoc */ export type DocumentDeleteError = InstanceType<typeof DocumentDeleteError>;
/** Reading or checking a document failed (404 / 1202, 412 / 1200). */
export const DocumentGetError = define("DocumentGetError");
/** @inheritDoc */ export type DocumentGetError = InstanceType<typeof DocumentGetError>;
/** Running a C8QL query failed (400 / 1501 syntax error, 1203 unknown collection, 1551–1553 bind parameters, …). */
export const C8QLQueryExecuteError = define("C8QLQueryExecuteError");
/** @inheritDoc */ export type C8QLQueryExecuteError = InstanceType<typeof C8QLQueryExecuteError>;
/** Fetching a cursor's next batch failed (404 / 1600 cursor not found). */
export const CursorNextError = define("CursorNextError");
/** @inheritDoc */ export type CursorNextError = InstanceType<typeof CursorNextError>;
/** Closing a cursor failed (404 / 1600 cursor not found). */
export const CursorCloseError = define("CursorCloseError");
/** @inheritDoc */ export type CursorCloseError = InstanceType<typeof CursorCloseError>;
/** Submitting a request as an async job failed: the server did not answer 202 (with a job id). */
export const AsyncExecuteError = define("AsyncExecuteError");
/** @inheritDoc */ export type AsyncExecuteError = InstanceType<typeof AsyncExecuteError>;
/** Reading a job's status failed (`job {id} not found`). */
export const AsyncJobStatusError = define("AsyncJobStatusError");
/** @inheritDoc */ export type AsyncJobStatusError = InstanceType<typeof AsyncJobStatusError>;
/** Reading a job's result failed: not done yet (HTTP 204) or `job {id} not found`. */
export const AsyncJobResultError = define("AsyncJobResultError");
/** @inheritDoc */ export type AsyncJobResultError = InstanceType<typeof AsyncJobResultError>;
/** Cancelling a job failed (`job {id} not found`). */
export const AsyncJobCancelError = define("AsyncJobCancelError");
/** @inheritDoc */ export type AsyncJobCancelError = InstanceType<typeof AsyncJobCancelError>;
/** Clearing one job, all jobs or expired jobs failed (`job {id} not found`). */
export const AsyncJobClearError = define("AsyncJobClearError");
/** @inheritDoc */ export type AsyncJobClearError = InstanceType<typeof AsyncJobClearError>;
/** Listing done or pending jobs failed. */
export const AsyncJobListError = define("AsyncJobListError");
/** @inheritDoc */ export type AsyncJobListError = InstanceType<typeof AsyncJobListError>;
/** Creating a user failed (409 / 1702 the e-mail or user name is taken). */
export const UserCreateError = define("UserCreateError");
/** @inheritDoc */ export type UserCreateError = InstanceType<typeof UserCreateError>;
/** Deleting a user failed (404 / 1703 no such user). */
export const UserDeleteError = define("UserDeleteError");
/** @inheritDoc */ export type UserDeleteError = InstanceType<typeof UserDeleteError>;
/** Reading, replacing or merging a fabric's metadata failed (e.g. 404 / 1228 fabric not found). */
export const FabricMetadataError = define("FabricMetadataError");
/** @inheritDoc */ export type FabricMetadataError = InstanceType<typeof FabricMetadataError>;
/** Exporting a query's results failed (400 / 10 a write keyword in the query, 1501 syntax). */
export const C8QLQueryExportError = define("C8QLQueryExportError");
/** @inheritDoc */ export type C8QLQueryExportError = InstanceType<typeof C8QLQueryExportError>;
/** Exporting a collection's documents failed (404 / 1203 collection not found). */
export const DocumentExportError = define("DocumentExportError");
/** @inheritDoc */ export type DocumentExportError = InstanceType<typeof DocumentExportError>;
/** Listing a collection's indexes failed. */
export const IndexListError = define("IndexListError");
/** @inheritDoc */ export type IndexListError = InstanceType<typeof IndexListError>;
/** Reading an index failed (404 / 1212 index not found). */
export const IndexGetError = define("IndexGetError");
/** @inheritDoc */ export type IndexGetError = InstanceType<typeof IndexGetError>;
/** Creating an index failed (400 / 10 bad definition, 409 / 1210 unique constraint, 409 / 1207 name taken). */
export const IndexCreateError = define("IndexCreateError");
/** @inheritDoc */ export type IndexCreateError = InstanceType<typeof IndexCreateError>;
/** Dropping an index failed (404 / 1212, 403 / 11 for the primary and edge indexes). */
export const IndexDeleteError = define("IndexDeleteError");
/** @inheritDoc */ export type IndexDeleteError = InstanceType<typeof IndexDeleteError>;

/** Where a request that got no answer was going. */
export interface RequestTarget {
  /** HTTP method. */
  method: string;
  /** Full URL, or the path template when the URL was not built yet. */
  url: string;
}

/** The request never got an answer: connection refused or reset, DNS failure, TLS error, … (`cause` says which). */
export class C8ConnectionError extends Error {
  /** HTTP method of the request. */
  readonly method: string;
  /** URL of the request. */
  readonly url: string;

  /** Wraps the transport's failure `cause`. */
  constructor(target: RequestTarget, cause: unknown) {
    const why = cause instanceof Error ? describeCause(cause) : String(cause);
    super(`cannot reach ${target.method} ${target.url}: ${why}`, { cause });
    this.method = target.method;
    this.url = target.url;
  }
}
nameClass(C8ConnectionError, "C8ConnectionError");

/** A call ran out of its `timeoutMs` (per request, or for the whole of `wait()`/`waitAll()`). */
export class C8TimeoutError extends Error {
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  /** HTTP method of the request, or `"WAIT"` for a job wait. */
  readonly method: string;
  /** URL of the request (or of the job). */
  readonly url: string;

  /** Says which call ran out of which limit. */
  constructor(target: RequestTarget, timeoutMs: number) {
    super(`${target.method} ${target.url} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
    this.method = target.method;
    this.url = target.url;
  }
}
nameClass(C8TimeoutError, "C8TimeoutError");

// `name` lives on the prototype (like Error's own), so instances print as e.g. `DocumentInsertError: [HTTP 409]…`.
function nameClass(cls: abstract new (...args: never[]) => Error, name: string): void {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
}

// undici hides the useful part ("connect ECONNREFUSED 127.0.0.1:1") in the cause (an AggregateError, message-less, for several addresses).
function describeCause(err: Error): string {
  const inner = err.cause as { message?: string; code?: string } | undefined;
  const detail = inner?.message || inner?.code;
  return detail ? `${err.message}: ${detail}` : err.message;
}
