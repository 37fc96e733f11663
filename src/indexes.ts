/** Index types and the index calls of {@link Collection} (list, read, ensure, drop). */
import type { components } from "../generated/v1/schema.js";
import { perform, type Context, type Executor, type Outcome } from "./context.js";
import type { CallOptions } from "./deadline.js";
import { handler } from "./handlers.js";

type S = components["schemas"];
/** The primary index on `_key` (every collection). */
export type PrimaryIndex = S["PrimaryIndex"];
/** The `_from`/`_to` index (every edge collection). */
export type EdgeIndex = S["EdgeIndex"];
/** A sorted index over one or more attributes (`hash` and `skiplist` are created as this). */
export type PersistentIndex = S["PersistentIndex"];
/** Removes documents `expireAfter` seconds after the date in its field. */
export type TtlIndex = S["TtlIndex"];
/** Points for NEAR / WITHIN / WITHIN_RECTANGLE. */
export type GeoIndex = S["GeoIndex"];
/** Words for FULLTEXT(). */
export type FulltextIndex = S["FulltextIndex"];
/** One index; narrow it by `type`. */
export type IndexDescription = PrimaryIndex | EdgeIndex | PersistentIndex | TtlIndex | GeoIndex | FulltextIndex;
/** What `ensureIndex` answers: the index, and whether this call created it. */
export type EnsuredIndex = IndexDescription & { isNewlyCreated: boolean };

interface EnsureBase {
  /** Attribute paths (`a.b`). */
  fields: readonly string[];
  /** Default `idx_<number>`. */
  name?: string;
}
/** The definition `ensureIndex` creates unless an index with it exists; one variant per `type`. */
export type EnsureIndexOptions =
  | (EnsureBase & { type: "persistent" | "hash" | "skiplist"; unique?: boolean; sparse?: boolean; deduplicate?: boolean })
  | (EnsureBase & { type: "ttl"; fields: readonly [string]; expireAfter: number })
  | (EnsureBase & { type: "geo"; fields: readonly [string] | readonly [string, string]; geoJson?: boolean })
  | (EnsureBase & { type: "fulltext"; fields: readonly [string]; minLength?: number });

const TYPES = new Set(["persistent", "hash", "skiplist", "ttl", "geo", "fulltext"]);

function checkDefinition(def: EnsureIndexOptions): EnsureIndexOptions {
  if (typeof def !== "object" || def === null) throw new TypeError("index definition must be an object");
  if (!TYPES.has(def.type)) throw new TypeError(`index type must be one of ${[...TYPES].join(", ")}`);
  if (!Array.isArray(def.fields) || def.fields.length === 0 || def.fields.some((f) => typeof f !== "string" || f === "")) {
    throw new TypeError("index fields must be a non-empty array of attribute names");
  }
  if (def.type === "ttl" && (typeof def.expireAfter !== "number" || !(def.expireAfter >= 0))) {
    throw new TypeError("a ttl index needs expireAfter, a number of seconds >= 0");
  }
  return def;
}

/** The id's part after `collection/` (a number or a name); a foreign collection's id is a TypeError. */
function indexSegment(collection: string, id: string): string {
  if (typeof id !== "string" || id === "") throw new TypeError("index id must be a non-empty string");
  const slash = id.indexOf("/");
  if (slash < 0) return id;
  if (id.slice(0, slash) !== collection) throw new TypeError(`index ${id} belongs to another collection than ${collection}`);
  return id.slice(slash + 1);
}

function description<T>(v: unknown): T {
  const { error: _e, code: _c, ...rest } = v as Record<string, unknown>;
  return rest as T;
}

/** @internal The calls behind `Collection.indexes()` & co. */
export class IndexCalls<C extends Context> {
  constructor(
    private readonly exec: Executor<C>,
    private readonly collection: string,
  ) {}

  list(opts?: CallOptions): Promise<Outcome<C, IndexDescription[]>> {
    const params = { path: { fabric: this.exec.session.fabric }, query: { collection: this.collection } };
    const handle = handler(this.exec.session, "listIndexes", (v) => (v as { indexes: IndexDescription[] }).indexes);
    return perform(this.exec, "listIndexes", { params }, opts, handle);
  }

  get(id: string, opts?: CallOptions): Promise<Outcome<C, IndexDescription>> {
    const path = { fabric: this.exec.session.fabric, collection: this.collection, id: indexSegment(this.collection, id) };
    return perform(this.exec, "getIndex", { params: { path } }, opts, handler(this.exec.session, "getIndex", description<IndexDescription>));
  }

  ensure(def: EnsureIndexOptions, opts?: CallOptions): Promise<Outcome<C, EnsuredIndex>> {
    const body = checkDefinition(def) as components["schemas"]["CreateIndexRequest"];
    const params = { path: { fabric: this.exec.session.fabric }, query: { collection: this.collection } };
    return perform(this.exec, "createIndex", { params, body }, opts, handler(this.exec.session, "createIndex", description<EnsuredIndex>));
  }

  drop(id: string, opts?: CallOptions): Promise<Outcome<C, string>> {
    const path = { fabric: this.exec.session.fabric, collection: this.collection, id: indexSegment(this.collection, id) };
    const handle = handler(this.exec.session, "deleteIndex", (v) => (v as { id: string }).id);
    return perform(this.exec, "deleteIndex", { params: { path } }, opts, handle);
  }
}
