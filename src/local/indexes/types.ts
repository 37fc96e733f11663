/**
 * What the query planner may ask of a collection's indexes. The index implementations (primary, edge,
 * persistent, ttl, geo, fulltext) live beside this file; the planner (`src/local/c8ql/`) only sees this contract.
 *
 * Values are compared with C8QL's ordering (null < bool < number < string < array < object), as `SORT` does.
 */
import type { Doc } from "../store.js";

export type IndexType = "primary" | "edge" | "persistent" | "ttl" | "geo" | "fulltext";

/** One end of a range on the next field after an equality prefix. */
export interface RangeBound {
  readonly value: unknown;
  readonly inclusive: boolean;
}

/** A lookup on an ordered index: equal values on the first `eq.length` fields, then an optional range. */
export interface IndexScan {
  readonly eq: readonly unknown[];
  readonly lower?: RangeBound;
  readonly upper?: RangeBound;
  /** Descending order of the scanned fields. */
  readonly reverse?: boolean;
}

/** The definition as `GET /_api/index` lists it (ArangoDB's shape). */
export interface IndexDescription {
  readonly id: string;
  readonly name: string;
  readonly type: IndexType;
  readonly fields: readonly string[];
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly [extra: string]: unknown;
}

/** An index the planner can use. */
export interface QueryableIndex {
  readonly description: IndexDescription;
  /** Ordered (primary by `_key`, persistent by its fields): `scan` returns documents in field order. */
  readonly ordered: boolean;
  /** Documents matching `scan`, in index order; `undefined` when this index cannot answer the scan. */
  scan(scan: IndexScan): Iterable<Doc> | undefined;
  /** Estimated number of documents `scan` yields (for choosing between indexes); cheap to call. */
  estimate(scan: IndexScan): number;
}
