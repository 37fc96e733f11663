/**
 * The primary index on `_key`. Point lookups use the collection's own map; the ordered view (key ranges, key order)
 * is a B-tree built on the first ordered scan and kept up to date from then on, so that collections never scanned
 * by key range pay nothing for it on writes.
 */
import { compare } from "../c8ql/values.js";
import type { ChangeObserver, Collection, Doc, DocChange } from "../store.js";
import { BTree } from "./btree.js";
import type { IndexDescription, IndexScan, QueryableIndex } from "./types.js";

export class PrimaryIndex implements QueryableIndex, ChangeObserver {
  readonly ordered = true;
  readonly description: IndexDescription;
  private sorted: BTree<string, true> | undefined;

  constructor(private readonly collection: Collection) {
    this.description = Object.freeze({
      id: `${collection.name}/0`,
      name: "primary",
      type: "primary",
      fields: Object.freeze(["_key"]),
      unique: true,
      sparse: false,
      selectivityEstimate: 1,
    });
  }

  apply(change: DocChange): void {
    if (this.sorted === undefined || (change.before !== undefined) === (change.after !== undefined)) return;
    if (change.after === undefined) this.sorted.delete(change.key);
    else this.sorted.set(change.key, true);
  }

  revert(change: DocChange): void {
    if (this.sorted === undefined || (change.before !== undefined) === (change.after !== undefined)) return;
    if (change.after === undefined) this.sorted.set(change.key, true);
    else this.sorted.delete(change.key);
  }

  clear(): void {
    this.sorted?.clear();
  }

  scan(scan: IndexScan): Iterable<Doc> | undefined {
    if (scan.eq.length > 1) return undefined;
    if (scan.eq.length === 1) {
      const k = scan.eq[0];
      const d = typeof k === "string" ? this.collection.lookup(k) : undefined;
      return d === undefined ? [] : [d];
    }
    return this.range(scan);
  }

  estimate(scan: IndexScan): number {
    if (scan.eq.length === 1) return 1;
    const n = this.collection.count();
    return scan.lower !== undefined || scan.upper !== undefined ? Math.max(1, Math.ceil(n / 4)) : n;
  }

  private *range(scan: IndexScan): Generator<Doc> {
    const tree = this.tree();
    const { lower, upper } = scan;
    // keys are strings: a bound of another type is wholly below or above every key (C8QL type order)
    const inRange = (k: string): boolean => {
      if (lower !== undefined) {
        const c = compare(k, lower.value);
        if (c < 0 || (c === 0 && !lower.inclusive)) return false;
      }
      if (upper !== undefined) {
        const c = compare(k, upper.value);
        if (c > 0 || (c === 0 && !upper.inclusive)) return false;
      }
      return true;
    };
    const beyond = scan.reverse
      ? (k: string) => lower !== undefined && compare(k, lower.value) < 0
      : (k: string) => upper !== undefined && compare(k, upper.value) > 0;
    const start = scan.reverse ? (typeof upper?.value === "string" ? upper.value : undefined) : typeof lower?.value === "string" ? lower.value : undefined;
    const keys = scan.reverse ? tree.entriesReversed(start) : tree.entries(start);
    for (const [k] of keys) {
      if (beyond(k)) return;
      if (!inRange(k)) continue;
      const d = this.collection.lookup(k);
      if (d !== undefined) yield d;
    }
  }

  private tree(): BTree<string, true> {
    if (this.sorted === undefined) {
      const t = new BTree<string, true>(undefined, (a: string, b: string) => compare(a, b));
      for (const d of this.collection.all()) t.set(d._key, true);
      this.sorted = t;
    }
    return this.sorted;
  }
}
