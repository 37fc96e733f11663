/**
 * The SDK's only door to the generated operation table: every per-operation fact (async-capable,
 * error class, success statuses, result shape, query/header parameter names) is read from here.
 */
import type { Client } from "openapi-fetch";
import { operations, type OperationId, type OperationInfo } from "../generated/v1/operations.js";
import type * as requests from "../generated/v1/operations.js";
import type { operations as OperationTypes, paths } from "../generated/v1/schema.js";

export { operations, type OperationId, type OperationInfo };

/** The error class names the table uses (`x-c8-error`). */
export type OperationErrorName = (typeof operations)[OperationId]["error"];

/** Operations the table marks async-capable (`x-c8-async: true`). */
export type AsyncOperationId = {
  [K in OperationId]: (typeof operations)[K]["async"] extends true ? K : never;
}[OperationId];

/** The typed query parameters of an operation, from the generated schema. */
export type QueryOf<K extends OperationId> = NonNullable<OperationTypes[K]["parameters"]["query"]>;

/** The init of an operation's generated request function: its typed `params`, `body`, … */
export type InitOf<K extends OperationId> = NonNullable<Parameters<(typeof requests)[K]>[1]>;

/** What openapi-fetch answers: `{ data, error, response }` (it never throws on an HTTP status). */
export interface FetchReply {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * Sends operation `id` by the table's method and path: what its generated request function
 * does, for an `init` typed as that function's (see {@link InitOf}). Going through the table
 * keeps the request functions out of the core bundle; the types still come from them.
 */
export function request(http: Client<paths>, id: OperationId, init: object): Promise<FetchReply> {
  const { method, path } = operations[id];
  return (http.request as (method: string, path: string, init: object) => Promise<FetchReply>)(method, path, init);
}

/** The table entry of one operation. */
export function operationInfo(id: OperationId): OperationInfo {
  return operations[id];
}

/**
 * Picks the operation's own query parameters (by the table's `queryParams`) out of an options
 * object that also carries SDK-only options such as `signal` or `ignoreMissing`.
 */
export function queryOf<K extends OperationId>(id: K, opts: object | undefined): QueryOf<K> {
  const query: Record<string, unknown> = {};
  if (opts) {
    for (const name of operations[id].queryParams) {
      const value = (opts as Record<string, unknown>)[name];
      if (value !== undefined) query[name] = value;
    }
  }
  return query as QueryOf<K>;
}
