/**
 * C8QL engine of the local fabric: `parseQuery` (syntax tree, cached by text) and `runQuery`
 * (bind-parameter checks, compile to closures, synchronous evaluation, then the SLEEP delay).
 *
 * Data-modification statements write to the store as rows pass (no transaction, no rollback on a later
 * error). Reading a collection the same query modifies is allowed (ArangoDB would raise 1579): a FOR over
 * such a collection iterates a snapshot taken when the loop starts, so it never sees its own inserts.
 */
import { LocalError } from "../errors.js";
import type { Database } from "../store.js";
import type { Query } from "./ast.js";
import { compileBody } from "./pipeline.js";
import { parse } from "./parser.js";
import { Runtime, type QueryStats, type QueryWarning } from "./runtime.js";

export type { Query } from "./ast.js";
export type { QueryStats, QueryWarning } from "./runtime.js";

export interface QueryOptions {
  bindVars?: Record<string, unknown>;
  db: Database;
  /** Aborts the SLEEP wait; the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Report `stats.fullCount`: rows before the last top-level LIMIT. */
  fullCount?: boolean;
}

export interface QueryResult {
  result: unknown[];
  stats: QueryStats;
  /** Runtime warnings as ArangoDB reports them in `extra.warnings` (`{code, message}`). */
  warnings: QueryWarning[];
}

const cache = new Map<string, Query>();
const CACHE_SIZE = 500;

/** Parses (and caches) a query. Throws LocalError 400/1501 `syntax error, unexpected … near '…' at position L:C`. */
export function parseQuery(query: string): Query {
  let q = cache.get(query);
  if (q === undefined) {
    q = parse(query);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(query, q);
  }
  return q;
}

/** Checks bind parameters: 1551 missing, 1552 undeclared (all 400). */
function checkBindVars(q: Query, bind: Record<string, unknown>): void {
  for (const name of q.params) {
    if (!Object.prototype.hasOwnProperty.call(bind, name) || bind[name] === undefined) {
      throw new LocalError(400, 1551, `no value specified for declared bind parameter '${name}'`);
    }
  }
  for (const name of Object.keys(bind)) {
    if (!q.params.has(name)) throw new LocalError(400, 1552, `bind parameter '${name}' was not declared in the query`);
  }
}

/** Runtime errors read like C8's: "C8QL: <message> (while executing)". */
function executionError(e: unknown): unknown {
  if (e instanceof LocalError) {
    // C8 picks the index for FULLTEXT/NEAR while optimizing, so a missing one is reported from that phase
    const phase = e.errorNum === 1570 || e.errorNum === 1571 ? "while optimizing plan" : "while executing";
    return new LocalError(e.code, e.errorNum, `C8QL: ${e.message} (${phase})`, e.extra);
  }
  if (e instanceof RangeError) {
    return new LocalError(500, 4, `C8QL: ${e.message} (while executing)`);
  }
  return e;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs a query against one fabric. Parse-phase errors (1501, 1502, 1540, 1541, 1551–1553, 1203, 1568) keep
 * ArangoDB's plain message; errors while executing are prefixed "C8QL: " and suffixed " (while executing)".
 */
export async function runQuery(query: string, opts: QueryOptions): Promise<QueryResult> {
  if (opts.signal?.aborted) throw opts.signal.reason;
  const start = performance.now();
  const q = parseQuery(query);
  const bind = opts.bindVars ?? {};
  checkBindVars(q, bind);

  // collections named literally must exist; @@params must name existing collections
  const written = new Set<string>();
  const rt = new Runtime(opts.db, bind, written, opts.fullCount === true);
  for (const name of q.collections) rt.collection(name);
  for (const key of q.dsParams) rt.collectionParam(key);
  for (const ref of q.writes) written.add("name" in ref ? ref.name : rt.collectionParam(ref.param).name);

  const run = compileBody(q.body, rt, true);
  let result: unknown[];
  try {
    result = run(new Array(q.slots).fill(null));
  } catch (e) {
    throw executionError(e);
  }
  if (rt.delayMs > 0) await sleep(rt.delayMs, opts.signal);

  const s = rt.stats;
  const stats: QueryStats = {
    writesExecuted: s.writesExecuted,
    writesIgnored: s.writesIgnored,
    scannedFull: s.scannedFull,
    scannedIndex: s.scannedIndex,
    filtered: s.filtered,
    httpRequests: 0,
  } as QueryStats;
  if (opts.fullCount) stats.fullCount = rt.fullCount ?? result.length;
  stats.executionTime = (performance.now() - start) / 1000;
  // a rough figure in bytes: a base plus what the run held at once
  stats.peakMemoryUsage = 32768 + (result.length + rt.bufferedRows) * 64;
  return { result, stats, warnings: rt.warnings };
}
