/**
 * The indexes of one collection: the primary index (and the edge index of an edge collection), always there, and
 * the secondary ones users create. Every index is one of the collection's change observers, so every write path
 * keeps it current. Definitions are serializable (`definitions()` / `restore()`) for persistence.
 */
import { LocalError } from "../errors.js";
import type { Collection } from "../store.js";
import { parseIndexRequest, sameDefinition, type IndexDefinition, type IndexRequest } from "./definition.js";
import { EdgeIndex } from "./edge.js";
import { FulltextIndex } from "./fulltext.js";
import { GeoIndex } from "./geo.js";
import { PersistentIndex } from "./persistent.js";
import { PrimaryIndex } from "./primary.js";
import type { SecondaryIndex } from "./secondary.js";
import { TtlIndex } from "./ttl.js";
import type { IndexDescription, QueryableIndex } from "./types.js";

/** Secondary indexes per collection: a bound on user-created structures (ArangoDB allows 64 in all). */
const MAX_INDEXES = 64;

export type AnyIndex = PersistentIndex | TtlIndex | GeoIndex | FulltextIndex;

let lastIndexId = 0;
/** Index ids are unique numbers within the process (ArangoDB takes them from its tick). */
function nextIndexId(): string {
  lastIndexId = Math.max(lastIndexId + 1, Date.now() % 1e9);
  return String(lastIndexId);
}

const notFound = () => new LocalError(404, 1212, "index not found");

export class CollectionIndexes {
  readonly primary: PrimaryIndex;
  readonly edge: EdgeIndex | undefined;
  private readonly secondary: AnyIndex[] = [];

  constructor(private readonly collection: Collection) {
    this.primary = new PrimaryIndex(collection);
    collection.observers.push(this.primary);
    if (collection.type === 3) {
      this.edge = new EdgeIndex(collection);
      collection.observers.push(this.edge);
    }
  }

  /** `GET /_api/index`: primary, edge, then the others in creation order. */
  list(): IndexDescription[] {
    const out = [this.primary.description];
    if (this.edge !== undefined) out.push(this.edge.description);
    for (const i of this.secondary) out.push(i.description);
    return out;
  }

  /** By number (`123`), full id (`coll/123`) or name; 404/1212 when there is none. */
  get(idOrName: string): IndexDescription {
    const d = this.find(idOrName);
    if (d === undefined) throw notFound();
    return d;
  }

  private find(idOrName: string): IndexDescription | undefined {
    const slash = idOrName.indexOf("/");
    if (slash >= 0) {
      if (idOrName.slice(0, slash) !== this.collection.name) return undefined;
      idOrName = idOrName.slice(slash + 1);
    }
    const full = `${this.collection.name}/${idOrName}`;
    return this.list().find((d) => d.id === full || d.name === idOrName);
  }

  /**
   * Creates the index unless one with the same definition exists (`created: false`, the existing one). 400/10 bad
   * definition, 409/1207 name taken by another index, 409/1210 existing documents violate `unique`.
   */
  ensure(body: Record<string, unknown>, typeInPath?: string): { description: IndexDescription; created: boolean } {
    return this.ensureRequest(parseIndexRequest(body, typeInPath));
  }

  ensureRequest(req: IndexRequest, id?: string): { description: IndexDescription; created: boolean } {
    for (const i of this.secondary) {
      if (sameDefinition(i.definition, req) && (req.name === undefined || req.name === i.definition.name)) {
        return { description: i.description, created: false };
      }
    }
    if (req.name !== undefined && this.find(req.name) !== undefined) throw new LocalError(409, 1207, "duplicate name");
    if (req.type === "ttl" && this.ttl() !== undefined) {
      throw new LocalError(400, 10, "bad parameter: there can only be one ttl index per collection");
    }
    if (this.secondary.length >= MAX_INDEXES) throw new LocalError(400, 10, `bad parameter: at most ${MAX_INDEXES} indexes per collection`);
    const num = id ?? nextIndexId();
    const def = { ...req, id: num, name: req.name ?? `idx_${num}` } as IndexDefinition;
    const index = build(this.collection, def);
    index.build();
    this.secondary.push(index);
    this.collection.observers.push(index);
    return { description: index.description, created: true };
  }

  /** Drops by number, id or name; 403/11 for the primary and edge indexes, 404/1212 when unknown. */
  drop(idOrName: string): string {
    const d = this.get(idOrName);
    if (d.type === "primary" || d.type === "edge") throw new LocalError(403, 11, "cannot drop primary or edge index");
    const i = this.secondary.findIndex((x) => x.description === d);
    const [index] = this.secondary.splice(i, 1);
    const o = this.collection.observers.indexOf(index!);
    if (o >= 0) this.collection.observers.splice(o, 1);
    return d.id;
  }

  /** The user-created indexes as they are persisted (JSON-serializable, ids kept). */
  definitions(): IndexDefinition[] {
    return this.secondary.map((i) => i.definition);
  }

  /** Recreates persisted indexes (after the documents are loaded, or before: both work). */
  restore(defs: readonly IndexDefinition[]): void {
    for (const d of defs) {
      const { id, ...req } = d;
      this.ensureRequest(req as IndexRequest, id);
      const n = Number(id);
      if (Number.isSafeInteger(n) && n > lastIndexId) lastIndexId = n;
    }
  }

  /** For the planner: primary first, then the edge lookups, then persistent indexes. */
  queryable(): QueryableIndex[] {
    const out: QueryableIndex[] = [this.primary];
    if (this.edge !== undefined) out.push(...this.edge.sides);
    for (const i of this.secondary) if (i instanceof PersistentIndex) out.push(i);
    return out;
  }

  ttl(): TtlIndex | undefined {
    return this.secondary.find((i): i is TtlIndex => i instanceof TtlIndex);
  }

  /** The geo index over `field` (any geo index when omitted). */
  geo(field?: string): GeoIndex | undefined {
    return this.secondary.find((i): i is GeoIndex => i instanceof GeoIndex && (field === undefined || i.definition.fields.includes(field)));
  }

  /** The fulltext index over `field`. */
  fulltext(field: string): FulltextIndex | undefined {
    return this.secondary.find((i): i is FulltextIndex => i instanceof FulltextIndex && i.definition.fields[0] === field);
  }

  /** Every secondary index (tests compare each with one rebuilt from scratch). */
  all(): readonly SecondaryIndex[] {
    return this.secondary;
  }
}

function build(c: Collection, def: IndexDefinition): AnyIndex {
  switch (def.type) {
    case "persistent":
      return new PersistentIndex(c, def);
    case "ttl":
      return new TtlIndex(c, def);
    case "geo":
      return new GeoIndex(c, def);
    case "fulltext":
      return new FulltextIndex(c, def);
  }
}
