/**
 * TTL index: documents by expiry time (`date attribute + expireAfter` seconds), so that the background sweep
 * ({@link TtlSweeper}) finds the expired ones without a scan. The date is seconds since the epoch or an ISO 8601
 * string, as in ArangoDB; documents with anything else in the attribute never expire.
 */
import type { Collection, Doc, DocChange } from "../store.js";
import { BTree } from "./btree.js";
import type { TtlDefinition } from "./definition.js";
import { compareTuples, splitPath, valueAt } from "./keys.js";
import { SecondaryIndex } from "./secondary.js";

export class TtlIndex extends SecondaryIndex<TtlDefinition> {
  private readonly path: string[];
  private readonly byExpiry = new BTree<[number, string], true>(undefined, compareTuples);

  constructor(collection: Collection, definition: TtlDefinition) {
    super(collection, definition, { expireAfter: definition.expireAfter });
    this.path = splitPath(definition.fields[0]!);
  }

  /** Epoch milliseconds at which `doc` expires, or undefined. */
  expiryOf(doc: Doc): number | undefined {
    const v = valueAt(doc, this.path);
    let ms: number;
    if (typeof v === "number" && Number.isFinite(v)) ms = v * 1000;
    else if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v)) ms = Date.parse(v);
    else return undefined;
    return Number.isFinite(ms) ? ms + this.definition.expireAfter * 1000 : undefined;
  }

  apply(change: DocChange): void {
    const b = change.before && this.expiryOf(change.before);
    const a = change.after && this.expiryOf(change.after);
    if (b !== undefined) this.byExpiry.delete([b, change.key]);
    if (a !== undefined) this.byExpiry.set([a, change.key], true);
  }

  revert(change: DocChange): void {
    this.apply({ ...change, before: change.after, after: change.before });
  }

  clear(): void {
    this.byExpiry.clear();
  }

  /** Keys of documents expired at `now` (at most `limit`), oldest first. */
  expired(now: number, limit: number): string[] {
    const out: string[] = [];
    for (const [[at, key]] of this.byExpiry.entries()) {
      if (at >= now || out.length >= limit) break;
      out.push(key);
    }
    return out;
  }

  entries(): unknown[] {
    return this.byExpiry.keysArray();
  }

  get size(): number {
    return this.byExpiry.size;
  }
}
