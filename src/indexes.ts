/** Index types and the index calls of {@link Collection} (list, read, ensure, drop). */
import type { components } from "../generated/v1/schema.js";
import { perform, type Context, type Executor, type Outcome } from "./context.js";
import type { CallOptions } from "./deadline.js";
import { handler } from "./handlers.js";

/** The primary index on `_key` (every collection). */
export type PrimaryIndex = components["schemas"]["PrimaryIndex"];
/** The `_from`/`_to` index (every edge collection). */
export type EdgeIndex = components["schemas"]["EdgeIndex"];
/** A sorted index over one or more attributes (`hash` and `skiplist` are created as this). */
export type PersistentIndex = components["schemas"]["PersistentIndex"];
/** Removes documents `expireAfter` seconds after the date in its field. */
export type TtlIndex = components["schemas"]["TtlIndex"];
/** Points for NEAR / WITHIN / WITHIN_RECTANGLE. */
export type GeoIndex = components["schemas"]["GeoIndex"];
/** Words for FULLTEXT(). */
export type FulltextIndex = components["schemas"]["FulltextIndex"];
/** One index; narrow it by `type`. */
export type IndexDescription = PrimaryIndex | EdgeIndex | PersistentIndex | TtlIndex | GeoIndex | FulltextIndex;
/** What `ensureIndex` answers: the index, and whether this call created it. */
export type EnsuredIndex = IndexDescription & { isNewlyCreated: boolean };

/** What every `ensureIndex` definition has. */
export interface EnsureIndexBase {
  /** Attribute paths (`a.b`). */
  fields: readonly string[];
  /** Default `idx_<number>`. */
  name?: string;
}
/** The definition `ensureIndex` creates unless an index with it exists; one variant per `type`. */
export type EnsureIndexOptions =
  | (EnsureIndexBase & { type: "persistent" | "hash" | "skiplist"; unique?: boolean; sparse?: boolean; deduplicate?: boolean })
  | (EnsureIndexBase & { type: "ttl"; fields: readonly [string]; expireAfter: number })
  | (EnsureIndexBase & { type: "geo"; fields: readonly [string] | readonly [string, string]; geoJson?: boolean })
  | (EnsureIndexBase & { type: "fulltext"; fields: readonly [string]; minLength?: number });

const TYPES = ["persistent", "hash", "skiplist", "ttl", "geo", "fulltext"];

/** Client-side checks of what the server would reject anyway, so a bad call fails before it is sent. */
function checkDefinition(def: EnsureIndexOptions): EnsureIndexOptions {
  const f = def?.fields;
  if (!TYPES.includes(def?.type) || !Array.isArray(f) || !f.length || f.some((x) => typeof x !== "string" || !x) || (def.type === "ttl" && !(def.expireAfter >= 0))) {
    throw new TypeError(`invalid index definition: type (${TYPES.join("|")}), fields (non-empty names), ttl expireAfter (seconds >= 0)`);
  }
  return def;
}

/** @internal The calls behind `Collection.indexes()` & co. */
export function indexCalls<C extends Context>(exec: Executor<C>, collection: string) {
  const { session } = exec;
  const list = () => ({ path: { fabric: session.fabric }, query: { collection } });
  // the id's part after `collection/` (a number or a name); another collection's id is a TypeError
  const one = (id: string) => {
    const [c, n] = typeof id === "string" && id.includes("/") ? id.split("/", 2) : [collection, id];
    if (c !== collection || typeof n !== "string" || !n) throw new TypeError(`invalid index id for collection ${collection}: ${id}`);
    return { path: { fabric: session.fabric, collection, id: n } };
  };
  const described = <T>(v: unknown): T => {
    const { error: _e, code: _c, ...rest } = v as Record<string, unknown>;
    return rest as T;
  };
  return {
    list: (opts?: CallOptions): Promise<Outcome<C, IndexDescription[]>> =>
      perform(exec, "listIndexes", { params: list() }, opts, handler(session, "listIndexes", (v) => (v as { indexes: IndexDescription[] }).indexes)),
    get: (id: string, opts?: CallOptions): Promise<Outcome<C, IndexDescription>> =>
      perform(exec, "getIndex", { params: one(id) }, opts, handler(session, "getIndex", described<IndexDescription>)),
    ensure: (def: EnsureIndexOptions, opts?: CallOptions): Promise<Outcome<C, EnsuredIndex>> =>
      perform(exec, "createIndex", { params: list(), body: checkDefinition(def) as components["schemas"]["CreateIndexRequest"] }, opts, handler(session, "createIndex", described<EnsuredIndex>)),
    drop: (id: string, opts?: CallOptions): Promise<Outcome<C, string>> =>
      perform(exec, "deleteIndex", { params: one(id) }, opts, handler(session, "deleteIndex", (v) => (v as { id: string }).id)),
  };
}
