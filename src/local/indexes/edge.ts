/** The edge index of an edge collection: the documents by `_from` and by `_to` (hash lookups, unordered). */
import type { ChangeObserver, Collection, Doc, DocChange } from "../store.js";
import type { IndexDescription, IndexScan, QueryableIndex } from "./types.js";

type Side = "_from" | "_to";

/** One side of the edge index as the planner sees it: an equality lookup on `_from` or on `_to`. */
class EdgeSide implements QueryableIndex {
  readonly ordered = false;
  readonly description: IndexDescription;

  constructor(
    private readonly edges: EdgeIndex,
    private readonly side: Side,
  ) {
    this.description = Object.freeze({ ...edges.description, fields: Object.freeze([side]) });
  }

  scan(scan: IndexScan): Iterable<Doc> | undefined {
    if (scan.eq.length !== 1 || scan.lower !== undefined || scan.upper !== undefined) return undefined;
    return this.edges.lookup(this.side, scan.eq[0]);
  }

  estimate(scan: IndexScan): number {
    return scan.eq.length === 1 ? this.edges.count(this.side, scan.eq[0]) : Infinity;
  }
}

export class EdgeIndex implements ChangeObserver {
  readonly description: IndexDescription;
  private readonly from = new Map<string, Set<string>>();
  private readonly to = new Map<string, Set<string>>();
  /** What the planner uses: `_from` and `_to` lookups (`GET /_api/index` lists the one index). */
  readonly sides: readonly QueryableIndex[];

  constructor(private readonly collection: Collection) {
    this.description = Object.freeze({
      id: `${collection.name}/1`,
      name: "edge",
      type: "edge",
      fields: Object.freeze(["_from", "_to"]),
      unique: false,
      sparse: false,
      selectivityEstimate: 1,
    });
    this.sides = [new EdgeSide(this, "_from"), new EdgeSide(this, "_to")];
    for (const d of collection.all()) this.add(d);
  }

  lookup(side: Side, value: unknown): Doc[] {
    const keys = typeof value === "string" ? (side === "_from" ? this.from : this.to).get(value) : undefined;
    const out: Doc[] = [];
    if (keys !== undefined) {
      for (const k of keys) {
        const d = this.collection.lookup(k);
        if (d !== undefined) out.push(d);
      }
    }
    return out;
  }

  count(side: Side, value: unknown): number {
    return typeof value === "string" ? ((side === "_from" ? this.from : this.to).get(value)?.size ?? 0) : 0;
  }

  apply(change: DocChange): void {
    if (change.before !== undefined) this.remove(change.before);
    if (change.after !== undefined) this.add(change.after);
  }

  revert(change: DocChange): void {
    if (change.after !== undefined) this.remove(change.after);
    if (change.before !== undefined) this.add(change.before);
  }

  clear(): void {
    this.from.clear();
    this.to.clear();
  }

  private add(d: Doc): void {
    for (const [map, v] of [[this.from, d["_from"]], [this.to, d["_to"]]] as const) {
      if (typeof v !== "string") continue;
      let s = map.get(v);
      if (s === undefined) map.set(v, (s = new Set()));
      s.add(d._key);
    }
  }

  private remove(d: Doc): void {
    for (const [map, v] of [[this.from, d["_from"]], [this.to, d["_to"]]] as const) {
      if (typeof v !== "string") continue;
      const s = map.get(v);
      if (s === undefined) continue;
      s.delete(d._key);
      if (s.size === 0) map.delete(v);
    }
  }
}
