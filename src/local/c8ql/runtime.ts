/**
 * State of one query run, shared by the compiled closures: the store, bind values, statistics,
 * warnings and the pending SLEEP delay.
 */
import { LocalError } from "../errors.js";
import type { Collection, Database } from "../store.js";
import type { FnContext } from "./functions.js";
import type { Value } from "./values.js";

/** A row of the pipeline: variable values by slot. */
export type Frame = Value[];
/** A compiled expression. */
export type Fn = (f: Frame) => Value;

export interface QueryStats {
  writesExecuted: number;
  writesIgnored: number;
  scannedFull: number;
  scannedIndex: number;
  filtered: number;
  httpRequests: number;
  fullCount?: number;
  executionTime: number;
  peakMemoryUsage: number;
}

export interface QueryWarning {
  code: number;
  message: string;
}

const MAX_WARNINGS = 10;

export class Runtime implements FnContext {
  readonly stats: QueryStats = {
    writesExecuted: 0,
    writesIgnored: 0,
    scannedFull: 0,
    scannedIndex: 0,
    filtered: 0,
    httpRequests: 0,
    executionTime: 0,
    peakMemoryUsage: 0,
  };
  readonly warnings: QueryWarning[] = [];
  delayMs = 0;
  /** rows that reached the last top-level LIMIT (for fullCount) */
  fullCount: number | undefined;
  /** rows held by SORT/COLLECT buffers at their peak (a rough memory figure) */
  bufferedRows = 0;

  constructor(
    readonly db: Database,
    readonly bind: Readonly<Record<string, unknown>>,
    /** collections written by this query: reads iterate a snapshot of them */
    readonly written: ReadonlySet<string>,
    /** the caller wants stats.fullCount (the last top-level LIMIT then counts every row) */
    readonly wantFullCount = false,
  ) {}

  warn(code: number, message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push({ code, message });
  }

  addDelay(ms: number): void {
    this.delayMs += ms;
  }

  now(): number {
    return Date.now() + this.delayMs;
  }

  /** A collection the query names; 404/1203 when missing. */
  collection(name: string): Collection {
    const c = this.db.findCollection(name);
    if (c === undefined) throw new LocalError(404, 1203, `collection or view not found: ${name}`);
    return c;
  }

  /** The collection a `@@param` (or a `@param` in INTO) names; 400/1553 unless the value is a string. */
  collectionParam(key: string): Collection {
    const v = this.bind[key];
    if (typeof v !== "string" || v.length === 0) {
      throw new LocalError(400, 1553, `bind parameter '${key}' has an invalid value or type`);
    }
    return this.collection(v);
  }
}
