/**
 * Persistent index: a B-tree of `[field values…, _key]` tuples in C8QL's value order (what SORT uses), so that
 * equality prefixes and ranges are tree walks. `unique` is checked in `apply` (the store then rolls the write
 * back); `sparse` leaves out documents with a null or missing indexed attribute.
 */
import { equals } from "../c8ql/values.js";
import { LocalError } from "../errors.js";
import type { Collection, Doc, DocChange } from "../store.js";
import { BTree } from "./btree.js";
import type { PersistentDefinition } from "./definition.js";
import { compareTuples, HIGH, splitPath, valueAt } from "./keys.js";
import { SecondaryIndex } from "./secondary.js";
import type { IndexScan, QueryableIndex } from "./types.js";

/** Entries counted at most by {@link PersistentIndex.estimate} before it extrapolates. */
const ESTIMATE_SAMPLE = 256;

export class PersistentIndex extends SecondaryIndex<PersistentDefinition> implements QueryableIndex {
  readonly ordered = true;
  private readonly paths: string[][];
  private readonly tree = new BTree<unknown[], true>(undefined, compareTuples);

  constructor(collection: Collection, definition: PersistentDefinition) {
    super(collection, definition, {
      unique: definition.unique,
      sparse: definition.sparse,
      deduplicate: definition.deduplicate,
      estimates: definition.estimates,
    });
    this.paths = definition.fields.map(splitPath);
  }

  /** Number of indexed documents. */
  get size(): number {
    return this.tree.size;
  }

  /** The tuple of `doc`, or undefined when a sparse index leaves it out. */
  private entry(doc: Doc): unknown[] | undefined {
    const t: unknown[] = new Array(this.paths.length + 1);
    for (let i = 0; i < this.paths.length; i++) {
      const v = valueAt(doc, this.paths[i]!);
      if (v === undefined || v === null) {
        if (this.definition.sparse) return undefined;
        t[i] = null;
      } else {
        t[i] = v;
      }
    }
    t[this.paths.length] = doc._key;
    return t;
  }

  private sameValues(a: unknown[], b: unknown[]): boolean {
    for (let i = 0; i < this.paths.length; i++) if (!equals(a[i], b[i])) return false;
    return true;
  }

  apply(change: DocChange): void {
    const before = change.before && this.entry(change.before);
    const after = change.after && this.entry(change.after);
    if (before !== undefined && after !== undefined && compareTuples(before, after) === 0) return;
    if (before !== undefined) this.tree.delete(before);
    if (after !== undefined) {
      if (this.definition.unique) {
        const conflict = this.conflicting(after);
        if (conflict !== undefined) {
          if (before !== undefined) this.tree.set(before, true);
          throw new LocalError(
            409,
            1210,
            `unique constraint violated - in index ${this.definition.name} of type persistent over '${this.definition.fields.join(", ")}'; conflicting key: ${conflict}`,
          );
        }
      }
      this.tree.set(after, true);
    }
  }

  revert(change: DocChange): void {
    this.apply({ ...change, before: change.after, after: change.before });
  }

  clear(): void {
    this.tree.clear();
  }

  /** The `_key` of another document with the same values, if any. */
  private conflicting(t: unknown[]): string | undefined {
    const next = this.tree.nextHigherPair(t.slice(0, this.paths.length));
    if (next === undefined || !this.sameValues(next[0], t)) return undefined;
    const key = next[0][this.paths.length] as string;
    return key === t[this.paths.length] ? undefined : key;
  }

  scan(scan: IndexScan): Iterable<Doc> | undefined {
    const n = this.paths.length;
    if (scan.eq.length > n || (scan.eq.length === n && (scan.lower !== undefined || scan.upper !== undefined))) return undefined;
    if (this.definition.sparse && !this.coversSparse(scan)) return undefined;
    return this.walk(scan);
  }

  /** A sparse index holds no document with a null attribute: it answers only scans that exclude null everywhere. */
  private coversSparse(scan: IndexScan): boolean {
    if (scan.eq.some((v) => v === null || v === undefined)) return false;
    if (scan.eq.length === this.paths.length) return true;
    if (scan.eq.length < this.paths.length - 1) return false;
    const lo = scan.lower;
    return lo !== undefined && lo.value !== undefined && (lo.value !== null || !lo.inclusive);
  }

  estimate(scan: IndexScan): number {
    if (this.definition.unique && scan.eq.length === this.paths.length) return 1;
    if (scan.eq.length === 0 && scan.lower === undefined && scan.upper === undefined) return this.tree.size;
    let count = 0;
    for (const _ of this.walk(scan)) if (++count > ESTIMATE_SAMPLE) return Math.max(count, Math.ceil(this.tree.size / 4));
    return count;
  }

  private *walk(scan: IndexScan): Generator<Doc> {
    const eq = scan.eq;
    const k = eq.length;
    const { lower, upper } = scan;
    const prefixMatches = (t: unknown[]) => {
      for (let i = 0; i < k; i++) if (!equals(t[i], eq[i])) return false;
      return true;
    };
    const belowLower = (t: unknown[]) => {
      if (lower === undefined) return false;
      const c = compareTuples([t[k]], [lower.value]);
      return c < 0 || (c === 0 && !lower.inclusive);
    };
    const aboveUpper = (t: unknown[]) => {
      if (upper === undefined) return false;
      const c = compareTuples([t[k]], [upper.value]);
      return c > 0 || (c === 0 && !upper.inclusive);
    };
    let entries: Iterable<[unknown[], true]>;
    if (scan.reverse) {
      entries = this.tree.entriesReversed(upper !== undefined ? [...eq, upper.value, HIGH] : [...eq, HIGH]);
    } else {
      entries = this.tree.entries(lower !== undefined ? [...eq, lower.value] : [...eq]);
    }
    for (const [t] of entries) {
      if (!prefixMatches(t)) return;
      if (scan.reverse ? belowLower(t) : aboveUpper(t)) return;
      if (scan.reverse ? aboveUpper(t) : belowLower(t)) continue;
      const d = this.collection.lookup(t[t.length - 1] as string);
      if (d !== undefined) yield d;
    }
  }

  entries(): unknown[][] {
    return this.tree.keysArray();
  }
}
