/**
 * In-memory document store of one fabric: collections, documents, `_key`/`_id`/`_rev`, and the document
 * write operations with C8's options and errors (shapes and messages copied from recorded C8 traffic,
 * otherwise ArangoDB's documented behaviour).
 *
 * Stored documents are deep-frozen objects with their attributes sorted by name (C8 answers with sorted
 * keys, as VelocyPack does); reads hand them out without copying, so callers must not mutate them.
 */
import { randomUUID } from "node:crypto";
import { LocalError } from "./errors.js";
import { CollectionIndexes } from "./indexes/collection-indexes.js";
import type { QueryableIndex } from "./indexes/types.js";
import { getOwn, setOwn } from "./own-props.js";

/** A stored document. */
export interface Doc {
  _key: string;
  _id: string;
  _rev: string;
  [k: string]: unknown;
}

/** Options of the document write operations (HTTP query flags and headers, C8QL `OPTIONS {…}`). */
export interface WriteOptions {
  returnNew?: boolean;
  returnOld?: boolean;
  /** Handled by the HTTP layer (empty answer); accepted here. */
  silent?: boolean;
  /** Insert only: replace an existing document with the same key (unless `overwriteMode` says otherwise). */
  overwrite?: boolean;
  overwriteMode?: "ignore" | "replace" | "update" | "conflict";
  /** Update only (also insert with overwriteMode `update`): `false` removes attributes patched to null. */
  keepNull?: boolean;
  /** Update only: `true` (default) merges nested objects, `false` replaces them. */
  mergeObjects?: boolean;
  /** Default true. When `false`, a `_rev` in the replace/update body must match the stored one. */
  ignoreRevs?: boolean;
  /** Expected current `_rev` (the If-Match header). */
  ifMatch?: string;
  /** The write must be durable before it is acknowledged (a persistent store syncs its commit). */
  waitForSync?: boolean;
}

/** Answer of a document write. */
export interface WriteResult {
  _id: string;
  _key: string;
  _rev: string;
  _oldRev?: string;
  new?: Doc;
  old?: Doc;
}

/** One document change as the store applied it: `after` undefined = removed, `before` undefined = inserted. */
export interface DocChange {
  readonly collection: Collection;
  readonly key: string;
  readonly before: Doc | undefined;
  readonly after: Doc | undefined;
}

/**
 * What one atomic step wrote (a single write, or everything inside {@link Database.atomic}): handed to commit
 * listeners (persistence) once the step succeeded. `sync` is true when any write asked for `waitForSync` or hit a
 * `waitForSync` collection: the listener must make the batch durable before returning.
 */
export interface CommitBatch {
  readonly db: Database;
  readonly changes: readonly DocChange[];
  readonly sync: boolean;
}

/**
 * Secondary structures kept in step with a collection's documents (indexes). `apply` runs for every change before
 * it becomes visible and may throw (e.g. a unique violation): the store then rolls the change back. `revert` undoes
 * an applied change when an enclosing atomic step fails.
 */
export interface ChangeObserver {
  apply(change: DocChange): void;
  revert(change: DocChange): void;
  /** The collection was emptied at once (truncate). */
  clear(): void;
}

/** One item of `GET /collection` and the body of `GET /collection/{name}` and `PUT …/truncate` (sans error/code). */
export interface CollectionInfo {
  id: string;
  name: string;
  status: 3;
  type: 2 | 3;
  collectionModel: "DOC";
  isSpot: boolean;
  isLocal: boolean;
  hasStream: boolean;
  waitForSync: boolean;
  isSystem: boolean;
  globallyUniqueId: string;
  searchEnabled: boolean;
}

export interface KeyOptions {
  type?: "traditional" | "autoincrement" | "uuid" | "padded";
  allowUserKeys?: boolean;
  increment?: number;
  offset?: number;
}

/** The properties answer (`POST /collection`, `GET /collection/{name}/properties`), sans error/code. */
export interface CollectionProperties extends CollectionInfo {
  statusString: "loaded";
  cacheEnabled: boolean;
  objectId: string;
  keyOptions: { allowUserKeys: boolean; type: string; lastValue: number; increment?: number; offset?: number };
}

export interface CreateCollectionOptions {
  type?: 2 | 3;
  waitForSync?: boolean;
  isSystem?: boolean;
  isLocal?: boolean;
  isSpot?: boolean;
  stream?: boolean;
  keyOptions?: KeyOptions;
}

// ---------------------------------------------------------------------------------------------------
// ticks and revisions (process-wide, like ArangoDB's tick server and hybrid logical clock)

let lastTick = 780_000;
/** Next server tick: collection ids and generated keys share it, as in ArangoDB. */
function nextTick(): number {
  return ++lastTick;
}

const REV_CHARS = "-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
let revMs = 0;
let revCount = 0;
let revPrefix = "";
/**
 * A new `_rev`: ArangoDB's hybrid-logical-clock value (ms << 20 | counter) in its order-preserving base64
 * alphabet, e.g. `_fGkrcfm--_`. Unique and increasing (as HLC values, not as strings) within the process.
 */
export function newRevision(): string {
  const now = Date.now();
  if (now > revMs) {
    revMs = now;
    revCount = 0;
    revPrefix = "";
  } else if (++revCount >= 1 << 20) {
    revMs++;
    revCount = 0;
    revPrefix = "";
  }
  if (revPrefix === "") {
    // the digits above the low 24 bits only change with the millisecond
    for (let hi = Math.floor(revMs / 16); hi > 0; hi = Math.floor(hi / 64)) revPrefix = REV_CHARS[hi % 64]! + revPrefix;
  }
  return (
    revPrefix +
    REV_CHARS[(revCount >> 18) | ((revMs % 16) << 2)]! +
    REV_CHARS[(revCount >> 12) & 63]! +
    REV_CHARS[(revCount >> 6) & 63]! +
    REV_CHARS[revCount & 63]!
  );
}

const serverId = "h" + randomUUID().replace(/-/g, "").slice(0, 12).toUpperCase();

// ---------------------------------------------------------------------------------------------------
// validation

const KEY_RE = /^[a-zA-Z0-9_\-:.@()+,=;$!*'%]{1,254}$/;
/** ArangoDB's `_key` rules. */
export function isValidKey(key: unknown): key is string {
  return typeof key === "string" && KEY_RE.test(key);
}

const NAME_RE = /^[a-zA-Z][a-zA-Z0-9_-]{0,255}$/;
const SYSTEM_NAME_RE = /^_[a-zA-Z0-9_-]{1,255}$/;
/** ArangoDB's traditional collection-name rules (a leading `_` only for system collections). */
export function isValidCollectionName(name: unknown, isSystem = false): name is string {
  return typeof name === "string" && (NAME_RE.test(name) || (isSystem && SYSTEM_NAME_RE.test(name)));
}

/** `collection/key` with a legal collection name and key (edge `_from`/`_to`, DOCUMENT() ids). */
export function isValidDocumentId(id: unknown): id is string {
  if (typeof id !== "string") return false;
  const slash = id.indexOf("/");
  return slash > 0 && isValidCollectionName(id.slice(0, slash), true) && isValidKey(id.slice(slash + 1));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function hasSystemAttribute(o: object): boolean {
  return "_id" in o || "_key" in o || "_rev" in o;
}

/**
 * Deep copy of a nested value with object keys sorted (C8's answer order), frozen. C8 keeps `_id`, `_key` and
 * `_rev` only at the top level of a document: nested ones are dropped (recorded replace/update reads show it).
 */
function normalize(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  if (Array.isArray(v)) {
    if (Object.isFrozen(v)) return v;
    const a = new Array(v.length);
    for (let i = 0; i < v.length; i++) a[i] = normalize(v[i]);
    return Object.freeze(a);
  }
  if (Object.isFrozen(v) && !hasSystemAttribute(v)) return v;
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of sortedKeys(src)) {
    const x = src[k];
    if (x !== undefined && k !== "_id" && k !== "_key" && k !== "_rev") setOwn(out, k, normalize(x));
  }
  return Object.freeze(out);
}

function sortedKeys(o: object): string[] {
  const keys = Object.keys(o);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) return keys.sort();
  }
  return keys;
}

/** Builds the frozen stored document from its attributes and system attributes, keys sorted. */
function seal(attrs: Record<string, unknown>, key: string, id: string, rev: string): Doc {
  const keys = Object.keys(attrs);
  if (!Object.prototype.hasOwnProperty.call(attrs, "_id")) keys.push("_id");
  if (!Object.prototype.hasOwnProperty.call(attrs, "_key")) keys.push("_key");
  if (!Object.prototype.hasOwnProperty.call(attrs, "_rev")) keys.push("_rev");
  keys.sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (k === "_key") out._key = key;
    else if (k === "_id") out._id = id;
    else if (k === "_rev") out._rev = rev;
    else {
      const x = attrs[k];
      if (x !== undefined) setOwn(out, k, normalize(x));
    }
  }
  return Object.freeze(out) as Doc;
}

/** Recursive merge for update: `keepNull === false` drops nulls, `mergeObjects` merges nested objects. */
function mergePatch(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
  keepNull: boolean,
  mergeObjects: boolean,
): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === undefined) continue;
    if (v === null && !keepNull) {
      delete target[k];
    } else if (mergeObjects && isPlainObject(v)) {
      const old = getOwn(target, k);
      const sub: Record<string, unknown> = isPlainObject(old) ? { ...old } : {};
      mergePatch(sub, v, keepNull, mergeObjects);
      setOwn(target, k, sub);
    } else {
      setOwn(target, k, v);
    }
  }
}

function stripQuotes(rev: string): string {
  return rev.length >= 2 && rev.startsWith('"') && rev.endsWith('"') ? rev.slice(1, -1) : rev;
}

const notFound = () => new LocalError(404, 1202, "document not found");
const invalidType = () => new LocalError(400, 1227, "invalid document type");
const edgeInvalid = () => new LocalError(400, 1233, "edge attribute missing or invalid");
function preconditionFailed(doc: Doc): LocalError {
  return new LocalError(412, 1200, "precondition failed", { _id: doc._id, _key: doc._key, _rev: doc._rev });
}

// ---------------------------------------------------------------------------------------------------

/** One collection: a `Map` from `_key` to its frozen document. */
export class Collection {
  readonly id: string;
  readonly objectId: string;
  readonly globallyUniqueId: string;
  readonly type: 2 | 3;
  /** Changeable after creation (`configure`), like C8's `PUT …/properties`. */
  waitForSync: boolean;
  readonly isSystem: boolean;
  readonly isLocal: boolean;
  readonly isSpot: boolean;
  hasStream: boolean;
  cacheEnabled = false;
  private readonly docs = new Map<string, Doc>();
  /** Set by the owning {@link Database}; writes join its atomic step and commit listeners. */
  owner: Database | undefined;
  /** Index maintenance; see {@link ChangeObserver}. */
  readonly observers: ChangeObserver[] = [];
  /** Primary, edge and user-created indexes (src/local/indexes/); each is one of the observers. */
  readonly indexes: CollectionIndexes;
  private readonly keyType: "traditional" | "autoincrement" | "uuid" | "padded";
  private readonly allowUserKeys: boolean;
  private readonly increment: number;
  private readonly offset: number;
  private lastValue = 0;

  constructor(
    readonly name: string,
    opts: CreateCollectionOptions = {},
  ) {
    const objectId = nextTick();
    const id = nextTick();
    this.objectId = String(objectId);
    this.id = String(id);
    this.type = opts.type === 3 ? 3 : 2;
    this.waitForSync = opts.waitForSync === true;
    this.isSystem = opts.isSystem === true;
    this.isLocal = opts.isLocal === true;
    this.isSpot = opts.isSpot === true;
    this.hasStream = opts.stream === true;
    this.globallyUniqueId = this.isSystem ? name : `${serverId}/${this.id}`;
    const ko = opts.keyOptions ?? {};
    const keyType = ko.type ?? "traditional";
    if (!["traditional", "autoincrement", "uuid", "padded"].includes(keyType)) {
      throw new LocalError(400, 1232, "invalid key generator");
    }
    this.keyType = keyType;
    this.allowUserKeys = ko.allowUserKeys !== false;
    this.increment = Number.isInteger(ko.increment) && ko.increment! > 0 ? ko.increment! : 1;
    this.offset = Number.isInteger(ko.offset) && ko.offset! >= 0 ? ko.offset! : 0;
    this.indexes = new CollectionIndexes(this);
  }

  /** The list / get / truncate shape. */
  info(): CollectionInfo {
    return {
      id: this.id,
      name: this.name,
      status: 3,
      type: this.type,
      collectionModel: "DOC",
      isSpot: this.isSpot,
      isLocal: this.isLocal,
      hasStream: this.hasStream,
      waitForSync: this.waitForSync,
      isSystem: this.isSystem,
      globallyUniqueId: this.globallyUniqueId,
      searchEnabled: false,
    };
  }

  /** The create / properties shape. */
  properties(): CollectionProperties {
    const keyOptions: CollectionProperties["keyOptions"] = {
      allowUserKeys: this.allowUserKeys,
      type: this.keyType,
      lastValue: this.lastValue,
    };
    if (this.keyType === "autoincrement") {
      keyOptions.increment = this.increment;
      keyOptions.offset = this.offset;
    }
    return { ...this.info(), statusString: "loaded", cacheEnabled: this.cacheEnabled, objectId: this.objectId, keyOptions };
  }

  /** Changes the properties that may change after creation; absent ones keep their values. */
  configure(props: { waitForSync?: boolean | undefined; hasStream?: boolean | undefined; cacheEnabled?: boolean | undefined }): void {
    if (props.waitForSync !== undefined) this.waitForSync = props.waitForSync;
    if (props.hasStream !== undefined) this.hasStream = props.hasStream;
    if (props.cacheEnabled !== undefined) this.cacheEnabled = props.cacheEnabled;
  }

  /** The `/count` shape. */
  countInfo(): { name: string; isSystem: boolean; searchEnabled: boolean; id: string; globallyUniqueId: string; count: number } {
    return {
      name: this.name,
      isSystem: this.isSystem,
      searchEnabled: false,
      id: this.id,
      globallyUniqueId: this.globallyUniqueId,
      count: this.docs.size,
    };
  }

  /** The `/figures` shape (C8 reports `collectionModel` as 0 there). O(n): sizes documents on demand. */
  figures(): Record<string, unknown> {
    let documentsSize = 0;
    for (const d of this.docs.values()) documentsSize += JSON.stringify(d).length;
    const p = this.properties();
    return {
      waitForSync: p.waitForSync,
      statusString: p.statusString,
      cacheEnabled: p.cacheEnabled,
      collectionModel: 0,
      objectId: p.objectId,
      count: this.docs.size,
      globallyUniqueId: p.globallyUniqueId,
      keyOptions: p.keyOptions,
      searchEnabled: false,
      figures: {
        indexes: { count: this.indexes.list().length, size: 0 },
        viewIndexes: { count: 0, size: 0 },
        documentsSize,
        cacheInUse: false,
        cacheSize: 0,
        cacheUsage: 0,
      },
      hasStream: p.hasStream,
      id: p.id,
      isLocal: p.isLocal,
      isSpot: p.isSpot,
      isSystem: p.isSystem,
      name: p.name,
    };
  }

  count(): number {
    return this.docs.size;
  }

  truncate(): void {
    const db = this.owner;
    if (db === undefined || this.docs.size === 0) {
      this.docs.clear();
      for (const o of this.observers) o.clear();
      return;
    }
    db.atomic(() => {
      for (const [key, before] of [...this.docs]) this.write(key, before, undefined);
    });
  }

  /**
   * The one place a document changes: observers (indexes) first, so that a throwing observer leaves nothing
   * changed; then the map; then the owner's atomic step records it (undo log, commit batch).
   */
  write(key: string, before: Doc | undefined, after: Doc | undefined, opts: WriteOptions = {}): void {
    const change: DocChange = { collection: this, key, before, after };
    let i = 0;
    try {
      for (; i < this.observers.length; i++) this.observers[i]!.apply(change);
    } catch (e) {
      while (--i >= 0) this.observers[i]!.revert(change);
      throw e;
    }
    if (after === undefined) this.docs.delete(key);
    else this.docs.set(key, after);
    this.owner?.record(change, opts.waitForSync === true || this.waitForSync);
  }

  /** The indexes the query planner may use (the primary index first). */
  queryableIndexes(): readonly QueryableIndex[] {
    return this.indexes.queryable();
  }

  /** Undoes an applied change (rollback of an atomic step); never throws. */
  undo(change: DocChange): void {
    for (let i = this.observers.length - 1; i >= 0; i--) this.observers[i]!.revert(change);
    if (change.before === undefined) this.docs.delete(change.key);
    else this.docs.set(change.key, change.before);
  }

  /** Live iterator over the stored documents (insertion order). Snapshot it before writing while iterating. */
  all(): IterableIterator<Doc> {
    return this.docs.values();
  }

  /** The document or undefined, without errors (C8QL `DOCUMENT()`). */
  lookup(key: string): Doc | undefined {
    return this.docs.get(key);
  }

  has(key: string): boolean {
    return this.docs.has(key);
  }

  /** 404/1202 when missing; 304 (errorNum 0) when If-None-Match equals the rev; 412/1200 on If-Match mismatch. */
  get(key: string, opts: { ifMatch?: string; ifNoneMatch?: string } = {}): Doc {
    const doc = this.docs.get(key);
    if (doc === undefined) throw notFound();
    if (opts.ifNoneMatch !== undefined && stripQuotes(opts.ifNoneMatch) === doc._rev) {
      throw new LocalError(304, 0, "not modified");
    }
    if (opts.ifMatch !== undefined && stripQuotes(opts.ifMatch) !== doc._rev) throw preconditionFailed(doc);
    return doc;
  }

  insert(doc: unknown, opts: WriteOptions = {}): WriteResult {
    if (!isPlainObject(doc)) throw invalidType();
    const givenKey = doc._key;
    let key: string;
    if (givenKey !== undefined) {
      if (!isValidKey(givenKey)) throw new LocalError(400, 1221, "illegal document key");
      if (!this.allowUserKeys) throw new LocalError(400, 1222, "unexpected document key");
    }
    if (this.type === 3 && (!isValidDocumentId(doc._from) || !isValidDocumentId(doc._to))) throw edgeInvalid();
    if (givenKey !== undefined) {
      key = givenKey as string;
      const existing = this.docs.get(key);
      if (existing !== undefined) {
        const mode = opts.overwriteMode ?? (opts.overwrite === true ? "replace" : "conflict");
        if (mode === "ignore") return { _id: existing._id, _key: existing._key, _rev: existing._rev };
        if (mode === "replace") return this.replace(key, doc, { ...opts, ifMatch: undefined, ignoreRevs: true });
        if (mode === "update") return this.update(key, doc, { ...opts, ifMatch: undefined, ignoreRevs: true });
        throw new LocalError(
          409,
          1210,
          `Each document in a collection must have a unique key, and the provided one is already used in collection '${this.name}'.`,
        );
      }
      this.noteUserKey(key);
    } else {
      key = this.generateKey();
    }
    const stored = seal(doc, key, `${this.name}/${key}`, newRevision());
    this.write(key, undefined, stored, opts);
    const res: WriteResult = { _id: stored._id, _key: key, _rev: stored._rev };
    if (opts.returnNew) res.new = stored;
    return res;
  }

  replace(key: string, doc: unknown, opts: WriteOptions = {}): WriteResult {
    if (!isPlainObject(doc)) throw invalidType();
    const old = this.checkedCurrent(key, doc, opts);
    if (this.type === 3 && (typeof doc._from !== "string" || typeof doc._to !== "string")) throw edgeInvalid();
    return this.store(old, seal(doc, key, old._id, newRevision()), opts);
  }

  update(key: string, patch: unknown, opts: WriteOptions = {}): WriteResult {
    if (!isPlainObject(patch)) throw invalidType();
    const old = this.checkedCurrent(key, patch, opts);
    if (
      this.type === 3 &&
      ((patch._from !== undefined && typeof patch._from !== "string") ||
        (patch._to !== undefined && typeof patch._to !== "string"))
    ) {
      throw edgeInvalid();
    }
    const attrs: Record<string, unknown> = { ...old };
    const { _key, _id, _rev, ...rest } = patch;
    mergePatch(attrs, rest, opts.keepNull !== false, opts.mergeObjects !== false);
    return this.store(old, seal(attrs, key, old._id, newRevision()), opts);
  }

  remove(key: string, opts: WriteOptions = {}): WriteResult {
    const old = this.docs.get(key);
    if (old === undefined) throw notFound();
    if (opts.ifMatch !== undefined && stripQuotes(opts.ifMatch) !== old._rev) throw preconditionFailed(old);
    this.write(key, old, undefined, opts);
    const res: WriteResult = { _id: old._id, _key: old._key, _rev: old._rev };
    if (opts.returnOld) res.old = old;
    return res;
  }

  /** Current document of a replace/update, after If-Match and (`ignoreRevs === false`) body `_rev` checks. */
  private checkedCurrent(key: string, body: Record<string, unknown>, opts: WriteOptions): Doc {
    const old = this.docs.get(key);
    if (old === undefined) throw notFound();
    if (opts.ifMatch !== undefined && stripQuotes(opts.ifMatch) !== old._rev) throw preconditionFailed(old);
    if (opts.ignoreRevs === false && typeof body._rev === "string" && body._rev !== old._rev) {
      throw preconditionFailed(old);
    }
    return old;
  }

  private store(old: Doc, stored: Doc, opts: WriteOptions): WriteResult {
    this.write(stored._key, old, stored, opts);
    const res: WriteResult = { _id: stored._id, _key: stored._key, _rev: stored._rev, _oldRev: old._rev };
    if (opts.returnNew) res.new = stored;
    if (opts.returnOld) res.old = old;
    return res;
  }

  /** Traditional/autoincrement generators stay above numeric user keys, as ArangoDB's do. */
  private noteUserKey(key: string): void {
    if (this.keyType !== "traditional" && this.keyType !== "autoincrement") return;
    if (key.length > 15 || !/^[0-9]+$/.test(key)) return;
    const n = Number(key);
    if (n > this.lastValue) this.lastValue = n;
  }

  private generateKey(): string {
    for (;;) {
      let key: string;
      switch (this.keyType) {
        case "uuid":
          key = randomUUID();
          break;
        case "padded":
          this.lastValue++;
          key = this.lastValue.toString(16).padStart(16, "0");
          break;
        case "autoincrement": {
          let n = this.lastValue === 0 ? this.offset || this.increment : this.lastValue + this.increment;
          if (this.offset > n) n = this.offset;
          this.lastValue = n;
          key = String(n);
          break;
        }
        default: {
          const n = Math.max(nextTick(), this.lastValue + 1);
          if (n > lastTick) lastTick = n;
          this.lastValue = n;
          key = String(n);
        }
      }
      if (!this.docs.has(key)) return key;
    }
  }
}

/** The system collections every C8 fabric lists (copied from recorded `GET /collection`). */
const SYSTEM_COLLECTIONS: ReadonlyArray<[string, CreateCollectionOptions]> = [
  ["_graphs", { isSystem: true, stream: true }],
  ["_analyzers", { isSystem: true, stream: true }],
  ["_collections", { isSystem: true, isLocal: true }],
  ["_dynamo", { isSystem: true, stream: true }],
  ["_replicationTest", { isSystem: true, stream: true }],
];

/** One fabric's collections. */
export class Database {
  private readonly cols = new Map<string, Collection>();
  private readonly listeners: Array<(batch: CommitBatch) => void> = [];
  /** The open atomic step: its changes in order (the undo log) and whether it must sync. */
  private step: { changes: DocChange[]; sync: boolean } | undefined;

  /** `systemCollections` (default true) creates the system collections C8 lists in every fabric. */
  constructor(
    readonly name: string,
    opts: { systemCollections?: boolean } = {},
  ) {
    if (opts.systemCollections !== false) {
      for (const [n, o] of SYSTEM_COLLECTIONS) this.adopt(new Collection(n, o));
    }
  }

  private adopt(c: Collection): Collection {
    c.owner = this;
    this.cols.set(c.name, c);
    return c;
  }

  /**
   * Runs `fn` as one atomic step: every document write inside it (any collection of this fabric) is applied,
   * or — when `fn` throws — all of them are undone in reverse order and the error is rethrown. Listeners see one
   * {@link CommitBatch} per successful outermost step. Synchronous: nothing else runs in between. Nested calls
   * join the outer step.
   */
  atomic<T>(fn: () => T): T {
    if (this.step !== undefined) return fn();
    const step = { changes: [] as DocChange[], sync: false };
    this.step = step;
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this.step = undefined;
      for (let i = step.changes.length - 1; i >= 0; i--) step.changes[i]!.collection.undo(step.changes[i]!);
      throw e;
    }
    this.step = undefined;
    if (step.changes.length > 0) this.emit({ db: this, changes: step.changes, sync: step.sync });
    return result;
  }

  /** Called by {@link Collection.write}: joins the open step, or commits the single change at once. */
  record(change: DocChange, sync: boolean): void {
    if (this.step !== undefined) {
      this.step.changes.push(change);
      this.step.sync ||= sync;
    } else {
      this.emit({ db: this, changes: [change], sync });
    }
  }

  /** Subscribes to committed steps (persistence); returns the unsubscribe function. */
  onCommit(listener: (batch: CommitBatch) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private emit(batch: CommitBatch): void {
    for (const l of this.listeners) l(batch);
  }

  /** The recorded `GET /collection` list items. */
  collections(opts: { excludeSystem?: boolean } = {}): CollectionInfo[] {
    const out: CollectionInfo[] = [];
    for (const c of this.cols.values()) if (!(opts.excludeSystem && c.isSystem)) out.push(c.info());
    return out;
  }

  /** 400/1208 illegal name, 409/1207 duplicate name, 400/1218 bad type. */
  createCollection(name: string, opts: CreateCollectionOptions = {}): Collection {
    if (!isValidCollectionName(name, opts.isSystem === true)) throw new LocalError(400, 1208, "illegal name");
    if (opts.type !== undefined && opts.type !== 2 && opts.type !== 3) {
      throw new LocalError(400, 1218, "collection type invalid");
    }
    if (this.cols.has(name)) throw new LocalError(409, 1207, "duplicate name");
    return this.adopt(new Collection(name, opts));
  }

  /** 404/1203 when missing. */
  collection(name: string): Collection {
    const c = this.cols.get(name);
    if (c === undefined) throw new LocalError(404, 1203, "collection or view not found");
    return c;
  }

  hasCollection(name: string): boolean {
    return this.cols.has(name);
  }

  /** The collection or undefined (no error). */
  findCollection(name: string): Collection | undefined {
    return this.cols.get(name);
  }

  /** 404/1203 when missing; 403/11 for a system collection unless `isSystem` is passed (ArangoDB's rule). */
  dropCollection(name: string, opts: { isSystem?: boolean } = {}): void {
    const c = this.collection(name);
    if (c.isSystem && opts.isSystem !== true) throw new LocalError(403, 11, "forbidden");
    this.cols.delete(name);
  }
}
