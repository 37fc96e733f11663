/** One collection's documents and properties, in the context of the fabric it came from. */
import { C8QL } from "./c8ql.js";
import { perform, type Context, type ContextName, type Executor, type Outcome } from "./context.js";
import { Cursor } from "./cursor.js";
import type { CallOptions } from "./deadline.js";
import { handler, unless } from "./handlers.js";
import { indexCalls, type EnsureIndexOptions, type EnsuredIndex, type IndexDescription } from "./indexes.js";
import { queryOf } from "./operation.js";
import type { Handler } from "./reply.js";
import type {
  AllOptions,
  CollectionFigures,
  CollectionInfo,
  DeleteManyOptions,
  DeleteOptions,
  Document,
  DocumentError,
  GetOptions,
  HasOptions,
  ImportOptions,
  ImportResult,
  InsertOptions,
  NewDocument,
  Patch,
  ReplaceManyOptions,
  ReplaceOptions,
  UpdateManyOptions,
  UpdateOptions,
  Written,
} from "./types.js";
import { checkDocument, checkDocuments, checkName, keyOf } from "./validate.js";

const DOCUMENT_NOT_FOUND = 1202;

/** Options of {@link Collection.export}. */
export interface ExportOptions extends CallOptions {
  /** How many documents to skip (default 0). */
  offset?: number;
  /** The most documents to answer, 1 to 1000 (server default 20). */
  limit?: number;
  /** `"asc"` (default): the collection's order; `"desc"`: the reverse. */
  order?: "asc" | "desc";
}

/** A document as exported: its attributes and `_key`, without `_id` and `_rev`. */
export type ExportedDocument<T extends object> = T & { _key: string };

/** A document given by key: the key itself, or a document carrying `_key`. */
export type DocumentSelector = string | { _key: string };

/**
 * A collection of documents of type `T`. In an async context (`asyncFabric.collection(name)`)
 * every method answers an `AsyncJob` of what it answers in the default context.
 */
export class Collection<T extends object = Record<string, unknown>, C extends Context = "default"> {
  /** The collection's name. */
  readonly name: string;
  readonly #exec: Executor<C>;

  /** @internal Use `fabric.collection(name)`. */
  constructor(exec: Executor<C>, name: string) {
    this.#exec = exec;
    this.name = checkName("collection", name);
  }

  /** `"default"`, or `"async"` when obtained from an async fabric. */
  get context(): ContextName<C> {
    return this.#exec.context;
  }

  /**
   * Inserts one document (answering its metadata) or many (answering one item per document, in
   * order; a failed item is a {@link DocumentError} and the others are still written).
   */
  insert<const O extends InsertOptions = {}>(doc: NewDocument<T>, opts?: O): Promise<Outcome<C, Written<T, O>>>;
  insert<const O extends InsertOptions = {}>(
    docs: readonly NewDocument<T>[],
    opts?: O,
  ): Promise<Outcome<C, Array<Written<T, O> | DocumentError>>>;
  insert(docs: NewDocument<T> | readonly NewDocument<T>[], opts?: InsertOptions): Promise<unknown> {
    const body = isList(docs) ? checkDocuments(docs) : checkDocument(docs);
    const params = { path: this.#path(), query: queryOf("insertDocument", opts) };
    return perform(this.#exec, "insertDocument", { params, body }, opts);
  }

  /** The document with this key; throws `DocumentGetError` (404 / 1202) when missing, unless `ignoreMissing` (then `null`). */
  get<const O extends GetOptions = {}>(
    key: DocumentSelector,
    opts?: O,
  ): Promise<Outcome<C, O extends { ignoreMissing: true } ? Document<T> | null : Document<T>>> {
    const params = this.#document(key, opts);
    const handle = handler<Document<T>>(this.#exec.session, "getDocument");
    return perform(this.#exec, "getDocument", { params }, opts, opts?.ignoreMissing ? unless(DOCUMENT_NOT_FOUND, null, handle) : handle) as never;
  }

  /** Whether a document with this key exists (a `HEAD` request; with `rev`, whether it has that revision). */
  has(key: DocumentSelector, opts?: HasOptions): Promise<Outcome<C, boolean>> {
    const params = this.#document(key, opts);
    const found = handler(this.#exec.session, "checkDocument", () => true);
    // A HEAD answer has no body to read an errorNum from: 404 is "no such document", 412 "another revision".
    const handle: Handler<boolean> = (reply) => (reply.status === 404 || reply.status === 412 ? false : found(reply));
    return perform(this.#exec, "checkDocument", { params }, opts, handle);
  }

  /** Replaces the whole document with this key (`rev`: only if it still has that revision). */
  replace<const O extends ReplaceOptions = {}>(key: DocumentSelector, doc: NewDocument<T>, opts?: O): Promise<Outcome<C, Written<T, O>>> {
    const body = checkDocument(doc);
    const params = { ...this.#document(key, opts), query: queryOf("replaceDocument", opts) };
    return perform(this.#exec, "replaceDocument", { params, body }, opts);
  }

  /** Merges `patch` into the document with this key (`rev`: only if it still has that revision). */
  update<const O extends UpdateOptions = {}>(key: DocumentSelector, patch: Patch<T>, opts?: O): Promise<Outcome<C, Written<T, O>>> {
    const body = checkDocument(patch, "patch");
    const params = { ...this.#document(key, opts), query: queryOf("updateDocument", opts) };
    return perform(this.#exec, "updateDocument", { params, body }, opts);
  }

  /** Deletes the document with this key; with `ignoreMissing`, answers `false` when it does not exist. */
  delete<const O extends DeleteOptions = {}>(
    key: DocumentSelector,
    opts?: O,
  ): Promise<Outcome<C, O extends { ignoreMissing: true } ? Written<T, O> | false : Written<T, O>>> {
    const params = { ...this.#document(key, opts), query: queryOf("deleteDocument", opts) };
    const handle = handler<Written<T, O>>(this.#exec.session, "deleteDocument");
    return perform(this.#exec, "deleteDocument", { params }, opts, opts?.ignoreMissing ? unless(DOCUMENT_NOT_FOUND, false, handle) : handle) as never;
  }

  /** Replaces many documents (each must carry `_key`); one answer item per document, in order. */
  replaceMany<const O extends ReplaceManyOptions = {}>(
    docs: readonly (NewDocument<T> & { _key: string })[],
    opts?: O,
  ): Promise<Outcome<C, Array<Written<T, O> | DocumentError>>> {
    const body = withKeys(checkDocuments(docs));
    const params = { path: this.#path(), query: queryOf("replaceDocuments", opts) };
    return perform(this.#exec, "replaceDocuments", { params, body }, opts);
  }

  /** Merges many patches (each must carry `_key`); one answer item per patch, in order. */
  updateMany<const O extends UpdateManyOptions = {}>(
    patches: readonly (Patch<T> & { _key: string })[],
    opts?: O,
  ): Promise<Outcome<C, Array<Written<T, O> | DocumentError>>> {
    const body = withKeys(checkDocuments(patches, "patches"));
    const params = { path: this.#path(), query: queryOf("updateDocuments", opts) };
    return perform(this.#exec, "updateDocuments", { params, body }, opts);
  }

  /** Deletes many documents by key (or by documents carrying `_key`); one answer item per key, in order. */
  deleteMany<const O extends DeleteManyOptions = {}>(
    keys: readonly DocumentSelector[],
    opts?: O,
  ): Promise<Outcome<C, Array<Written<T, O> | DocumentError>>> {
    if (!Array.isArray(keys)) throw new TypeError("keys must be an array");
    const body = keys.map(keyOf);
    const params = { path: this.#path(), query: queryOf("deleteDocuments", opts) };
    return perform(this.#exec, "deleteDocuments", { params, body }, opts);
  }

  /** Bulk import: documents that fail are counted in `errors` (and described in `details`) instead of failing the call. */
  import(docs: readonly NewDocument<T>[], opts?: ImportOptions): Promise<Outcome<C, ImportResult>> {
    const body = { data: checkDocuments(docs), details: opts?.details, replace: opts?.replace };
    const params = { path: this.#path() };
    return perform(this.#exec, "importDocuments", { params, body }, opts);
  }

  /** The number of documents. */
  count(opts?: CallOptions): Promise<Outcome<C, number>> {
    return perform(this.#exec, "getCollectionCount", { params: { path: this.#path() } }, opts);
  }

  /** Removes every document; answers the collection's properties. */
  truncate(opts?: CallOptions): Promise<Outcome<C, CollectionInfo>> {
    return perform(this.#exec, "truncateCollection", { params: { path: this.#path() } }, opts);
  }

  /** The collection's properties (`waitForSync`, `keyOptions`, …). */
  properties(opts?: CallOptions): Promise<Outcome<C, CollectionInfo>> {
    return perform(this.#exec, "getCollectionProperties", { params: { path: this.#path() } }, opts);
  }

  /** The collection's basic information (id, name, type, status). */
  info(opts?: CallOptions): Promise<Outcome<C, CollectionInfo>> {
    return perform(this.#exec, "getCollection", { params: { path: this.#path() } }, opts);
  }

  /** The collection's figures and count. */
  figures(opts?: CallOptions): Promise<Outcome<C, CollectionFigures>> {
    return perform(this.#exec, "getCollectionFigures", { params: { path: this.#path() } }, opts);
  }

  /** Every document, as a cursor (the C8QL query `FOR doc IN @@collection RETURN doc`). */
  all(opts?: AllOptions): Promise<Outcome<C, Cursor<Document<T>>>> {
    const { batchSize, signal, timeoutMs } = opts ?? {};
    const bindVars = { "@collection": this.name };
    return new C8QL(this.#exec).execute<Document<T>>("FOR doc IN @@collection RETURN doc", { bindVars, batchSize, signal, timeoutMs });
  }

  // --- export ---------------------------------------------------------------------------------------------

  /**
   * One page of the collection's documents as C8 exports them (without `_id` and `_rev`; `offset`, `limit`
   * up to 1000, default 20; `order` `"asc"` or `"desc"`), as a cursor. C8 answers the page at once, so the
   * cursor holds a single batch.
   */
  export(opts?: ExportOptions): Promise<Outcome<C, Cursor<ExportedDocument<T>>>> {
    const { offset, limit, order } = opts ?? {};
    if (offset !== undefined && !(Number.isInteger(offset) && offset >= 0)) throw new TypeError("offset must be a non-negative integer");
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) throw new TypeError("limit must be an integer from 1 to 1000");
    if (order !== undefined && order !== "asc" && order !== "desc") throw new TypeError('order must be "asc" or "desc"');
    const session = this.#exec.session;
    const params = { path: this.#path(), query: queryOf("exportCollection", opts) };
    const handle = handler(session, "exportCollection", (result) => new Cursor<ExportedDocument<T>>(session, { result: result as unknown[], hasMore: false }));
    return perform(this.#exec, "exportCollection", { params }, opts, handle);
  }

  // --- indexes (src/indexes.ts) ---

  /** The collection's indexes: primary first (then edge for an edge collection), then the others. */
  indexes(opts?: CallOptions): Promise<Outcome<C, IndexDescription[]>> {
    return indexCalls(this.#exec, this.name).list(opts);
  }

  /** One index by number, id (`collection/number`) or name; throws `IndexGetError` (404 / 1212) when missing. */
  index(id: string, opts?: CallOptions): Promise<Outcome<C, IndexDescription>> {
    return indexCalls(this.#exec, this.name).get(id, opts);
  }

  /**
   * Creates the index unless one with the same definition exists; `isNewlyCreated` tells which. Throws
   * `IndexCreateError` (400 / 10 bad definition, 409 / 1210 documents violate `unique`).
   */
  ensureIndex(def: EnsureIndexOptions, opts?: CallOptions): Promise<Outcome<C, EnsuredIndex>> {
    return indexCalls(this.#exec, this.name).ensure(def, opts);
  }

  /** Drops an index by number, id or name; answers its id. Throws `IndexDeleteError` (404 / 1212, 403 for primary/edge). */
  dropIndex(id: string, opts?: CallOptions): Promise<Outcome<C, string>> {
    return indexCalls(this.#exec, this.name).drop(id, opts);
  }

  // --- end of indexes ---

  #path() {
    return { fabric: this.#exec.session.fabric, collection: this.name };
  }

  /** Path and `If-Match` header of a single-document call. */
  #document(key: DocumentSelector, opts: { rev?: string } | undefined) {
    return { path: { ...this.#path(), key: keyOf(key) }, header: opts?.rev === undefined ? {} : { "If-Match": opts.rev } };
  }
}

function withKeys<D>(docs: D[]): D[] {
  for (const doc of docs) keyOf(doc);
  return docs;
}

// Array.isArray does not narrow readonly arrays.
function isList<D>(docs: D | readonly D[]): docs is readonly D[] {
  return Array.isArray(docs);
}
