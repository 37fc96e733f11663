/**
 * c8-fabric: a typed client for the C8 Data Fabric with first-class async execution.
 * @example
 * import { C8Client } from "c8-fabric";
 * const fabric = new C8Client({ url }).fabric({ tenant: "mytenant", name: "test", username: "root", password: "passwd" });
 * const job = await fabric.beginAsyncExecution().collection("students").insert({ _key: "Neal" });
 * console.log((await job.wait())._id); // "students/Neal"
 */
export { C8Client, type C8ClientOptions, type FabricOptions, type FetchLike } from "./client.js";
export { Fabric, type AsyncFabric, type AsyncExecutionOptions, type JobOptions } from "./fabric.js";
export { Collection, type DocumentSelector, type ExportOptions, type ExportedDocument } from "./collection.js";
export { C8QL } from "./c8ql.js";
export type { NewUser, UserInfo } from "./users.js";
export type {
  EdgeIndex,
  EnsuredIndex,
  EnsureIndexBase,
  EnsureIndexOptions,
  FulltextIndex,
  GeoIndex,
  IndexDescription,
  PersistentIndex,
  PrimaryIndex,
  TtlIndex,
} from "./indexes.js";
export { Cursor, type CursorBody, type CursorExtra, type CursorCloseOptions, type QueryStats } from "./cursor.js";
export {
  AsyncJob,
  type AsyncJobJSON,
  type JobMissingOptions,
  type JobResults,
  type JobStatus,
  type ListJobsOptions,
  type WaitAllOptions,
  type WaitOptions,
} from "./async-job.js";
export type { Context, ContextName, Outcome } from "./context.js";
export type { CallOptions } from "./deadline.js";
export type { BackoffOptions } from "./backoff.js";
export type { ApiKeyCredentials, Credentials, EmailCredentials, PasswordCredentials, TokenCredentials } from "./auth.js";
export type { OperationId, QueryOf } from "./operation.js";
export * from "./errors.js";
export type * from "./types.js";
