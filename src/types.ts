/** Public data types. Shapes the server defines come from the generated schema; document generics are the SDK's. */
import type { components } from "../generated/v1/schema.js";
import type { CallOptions } from "./deadline.js";
import type { QueryOf } from "./operation.js";

/** Identity and revision of a stored document. */
export interface DocumentMeta {
  /** `{collection}/{_key}`. */
  _id: string;
  /** The key, unique in its collection. */
  _key: string;
  /** The revision, new on every write. */
  _rev: string;
}

/** A stored document: your type `T` plus `_id`, `_key`, `_rev`. */
export type Document<T extends object = Record<string, unknown>> = T & DocumentMeta;

/** A document to write: your type `T`, with an optional `_key` (the server picks one when absent). */
export type NewDocument<T extends object = Record<string, unknown>> = T & { _key?: string };

/** A patch for `update`: any part of `T`. */
export type Patch<T extends object = Record<string, unknown>> = Partial<T>;

/** What a write answers for one document: its metadata, plus `new`/`old` when asked for. */
export interface WriteResult<T extends object = Record<string, unknown>> extends DocumentMeta {
  /** The revision before a replace or update. */
  _oldRev?: string;
  /** The document as written (`returnNew: true`). */
  new?: Document<T>;
  /** The document as it was (`returnOld: true`). */
  old?: Document<T>;
}

/** A write's answer for one document given the options: `{}` when `silent: true`. */
export type Written<T extends object, O> = O extends { silent: true } ? Record<string, never> : WriteResult<T>;

/** A failed item in a multi-document answer (the request itself succeeded). */
export type DocumentError = components["schemas"]["ItemError"];

/** A collection's properties as the server reports them. */
export type CollectionInfo = components["schemas"]["CollectionInfo"];
/** A collection's properties plus its document count. */
export type CollectionCount = components["schemas"]["CollectionCount"];
/** A collection's properties plus its figures. */
export type CollectionFigures = components["schemas"]["CollectionFigures"];
/** A fabric's name, options and system flag. */
export type FabricInfo = components["schemas"]["FabricInfo"];
/** What a bulk import answers: `created`, `errors`, `unprocessed`, `details`. */
export type ImportResult = components["schemas"]["ImportResult"];
/** Query-level options of a C8QL cursor (`fullCount`, `profile`, `optimizer`, …). */
export type CursorOptions = components["schemas"]["CursorOptions"];

/** Options of `collection.get`. */
export interface GetOptions extends CallOptions {
  /** The revision the document must have (`If-Match`); otherwise `DocumentGetError` 412 / 1200. */
  rev?: string;
  /** Answer `null` instead of throwing when the document does not exist. */
  ignoreMissing?: boolean;
}
/** Options of `collection.has`. */
export interface HasOptions extends CallOptions {
  /** The revision the document must have (`If-Match`). */
  rev?: string;
}
/** Options of `collection.insert` (query flags from the spec, plus per-call options). */
export type InsertOptions = QueryOf<"insertDocument"> & CallOptions;
/** Options of `collection.replace` (query flags from the spec, `rev` for `If-Match`, per-call options). */
export type ReplaceOptions = QueryOf<"replaceDocument"> & CallOptions & { rev?: string };
/** Options of `collection.update`. */
export type UpdateOptions = QueryOf<"updateDocument"> & CallOptions & { rev?: string };
/** Options of `collection.delete`. */
export type DeleteOptions = QueryOf<"deleteDocument"> &
  CallOptions & {
    /** The revision the document must have (`If-Match`). */
    rev?: string;
    /** Answer `false` instead of throwing when the document does not exist. */
    ignoreMissing?: boolean;
  };
/** Options of `collection.replaceMany`. */
export type ReplaceManyOptions = QueryOf<"replaceDocuments"> & CallOptions;
/** Options of `collection.updateMany`. */
export type UpdateManyOptions = QueryOf<"updateDocuments"> & CallOptions;
/** Options of `collection.deleteMany`. */
export type DeleteManyOptions = QueryOf<"deleteDocuments"> & CallOptions;
/** Options of `collection.import`. */
export interface ImportOptions extends CallOptions {
  /** Describe failed documents in `details`. */
  details?: boolean;
  /** Replace documents whose `_key` is taken instead of counting them as errors. */
  replace?: boolean;
}
/** Options of `collection.all`. */
export interface AllOptions extends CallOptions {
  /** The most documents per batch. */
  batchSize?: number;
}
/** A query's bind parameters: `@name` → value, `@@name` → collection name. */
export type BindVars = Record<string, unknown>;
/** Options of `c8ql.execute`: the cursor request without its query, plus per-call options. */
export type QueryOptions = Omit<components["schemas"]["CursorRequest"], "query" | "bindVars"> &
  CallOptions & {
    /** Values for the query's `@name` bind parameters (and `@@name` collection parameters). */
    bindVars?: BindVars;
  };
/** Options of `fabric.createCollection`: the create request without its name, plus per-call options. */
export type CreateCollectionOptions = Omit<components["schemas"]["CreateCollectionRequest"], "name"> & CallOptions;
/** Options of `fabric.createFabric`: edge locations and metadata of the new fabric. */
export type CreateFabricOptions = Omit<NonNullable<components["schemas"]["CreateFabricRequest"]["options"]>, "metadata"> &
  CallOptions & {
    /** Free-form metadata stored with the fabric. */
    metadata?: Record<string, unknown>;
  };
/** Options of `fabric.collections`. */
export type ListCollectionsOptions = QueryOf<"listCollections"> & CallOptions;
/** Options of deletions that may ignore a missing target. */
export interface DropOptions extends CallOptions {
  /** Answer `false` instead of throwing when the target does not exist. */
  ignoreMissing?: boolean;
}
/** Options of `fabric.asyncJobs`. */
export interface AsyncJobsOptions extends CallOptions {
  /** `"done"` (default) or `"pending"`. */
  status?: "done" | "pending";
  /** The most ids to answer (server default 100). */
  count?: number;
}
/** Options of `fabric.clearAsyncJobs`. */
export interface ClearAsyncJobsOptions extends CallOptions {
  /** Only clear jobs older than this (a `Date`, or Unix time in milliseconds); all jobs when absent. */
  before?: Date | number;
}
