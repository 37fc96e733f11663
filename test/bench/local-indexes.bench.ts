/**
 * Indexes of the local fabric, in process (index work is CPU in the store; HTTP adds the same cost either way):
 *
 * 1. write throughput: inserting documents into collections with 0, 1 and 3 persistent indexes, interleaved
 *    rounds; the cost of one index as a ratio to no index.
 * 2. lookups through `QueryableIndex.scan` at 10k / 100k / 1M documents: `_key` equality (primary), `age`
 *    equality (persistent, ~10 documents per value at every size) and the top 10 by `score` (a reverse scan of a
 *    persistent index), each beside a full scan of the same collection (the baseline from the same run).
 * 3. the same three as C8QL queries (`FILTER d._key == @k`, `FILTER d.age == @a`, `SORT d.score DESC LIMIT 10`):
 *    what the engine does with them (until the planner uses the indexes, a full scan).
 *
 *   npx tsx test/bench/local-indexes.bench.ts [--rounds 5] [--sizes 10000,100000,1000000] [--writes 20000]
 */
import { runQuery } from "../../src/local/c8ql/index.js";
import type { IndexScan, QueryableIndex } from "../../src/local/indexes/types.js";
import { Database, type Collection } from "../../src/local/store.js";
import { fmt, median } from "./local-bench-lib.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const ROUNDS = Number(arg("rounds", "5"));
const SIZES = arg("sizes", "10000,100000,1000000").split(",").map(Number);
const WRITES = Number(arg("writes", "20000"));

const doc = (i: number, n: number) => ({ _key: `k${i}`, age: i % Math.max(1, Math.floor(n / 10)), score: (i * 7919) % 1_000_003, name: `n${i % 997}`, city: `c${i % 50}` });

function collection(indexFields: string[][], n = 0): Collection {
  const db = new Database("bench", { systemCollections: false });
  const c = db.createCollection("c");
  for (const fields of indexFields) c.indexes.ensure({ type: "persistent", fields });
  for (let i = 0; i < n; i++) c.insert(doc(i, n));
  return c;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. writes

const INDEX_SETS: Array<[string, string[][]]> = [
  ["0 indexes", []],
  ["1 index (age)", [["age"]]],
  ["3 indexes (age; score; city, name)", [["age"], ["score"], ["city", "name"]]],
];

function writeRun(fields: string[][]): number {
  const c = collection(fields);
  const t0 = performance.now();
  for (let i = 0; i < WRITES; i++) c.insert(doc(i, WRITES));
  return performance.now() - t0;
}

for (let w = 0; w < 2; w++) for (const [, f] of INDEX_SETS) writeRun(f);
const writeTimes = INDEX_SETS.map(() => [] as number[]);
for (let r = 0; r < ROUNDS; r++) INDEX_SETS.forEach(([, f], k) => writeTimes[k]!.push(writeRun(f)));
console.log(`\n1. inserting ${WRITES.toLocaleString("en")} documents (${ROUNDS} interleaved rounds, median [min–max]):`);
const base = median(writeTimes[0]!);
INDEX_SETS.forEach(([label], k) => {
  const t = writeTimes[k]!;
  const m = median(t);
  const nIdx = INDEX_SETS[k]![1].length;
  const per = nIdx === 0 ? "" : `, +${fmt(((m / base - 1) / nIdx) * 100, 0)}% per index`;
  console.log(
    `  ${label.padEnd(36)} ${fmt((WRITES / m) * 1000, 0).padStart(8)} docs/s  ${fmt(m, 1)} ms [${fmt(Math.min(...t), 1)}–${fmt(Math.max(...t), 1)}]  ${fmt(m / base, 2)}× of 0${per}`,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// 2. and 3. lookups

/** Median time of `fn` in microseconds over `reps` calls per round, rounds interleaved by the caller. */
function timeUs(fn: (i: number) => number, reps: number): number {
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) sink += fn(i);
  const us = ((performance.now() - t0) * 1000) / reps;
  if (sink < 0) console.log(sink);
  return us;
}

function count(it: Iterable<unknown> | undefined, limit = Infinity): number {
  if (it === undefined) throw new Error("index cannot answer the scan");
  let n = 0;
  for (const _ of it) if (++n >= limit) break;
  return n;
}

const rows: string[] = [];
for (const n of SIZES) {
  const t0 = performance.now();
  const c = collection([["age"], ["score"]], n);
  const build = performance.now() - t0;
  const [primary, byAge, byScore] = c.queryableIndexes() as [QueryableIndex, QueryableIndex, QueryableIndex];
  const ages = Math.max(1, Math.floor(n / 10));
  const scanKey = (i: number) => count(primary.scan({ eq: [`k${(i * 7877) % n}`] }));
  const scanAge = (i: number) => count(byAge.scan({ eq: [(i * 31) % ages] }));
  const top: IndexScan = { eq: [], reverse: true };
  const scanTop = () => count(byScore.scan(top), 10);
  const full = (i: number) => {
    const a = (i * 31) % ages;
    let m = 0;
    for (const d of c.all()) if (d["age"] === a) m++;
    return m;
  };
  const reps = n >= 1_000_000 ? 3 : n >= 100_000 ? 10 : 50;
  const t = { key: [] as number[], age: [] as number[], top: [] as number[], full: [] as number[], qKey: [] as number[], qAge: [] as number[], qTop: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    t.key.push(timeUs(scanKey, 2000));
    t.age.push(timeUs(scanAge, 2000));
    t.top.push(timeUs(scanTop, 2000));
    t.full.push(timeUs(full, reps));
    const q0 = performance.now();
    for (let k = 0; k < reps; k++) await runQuery("FOR d IN c FILTER d._key == @k RETURN d", { db: c.owner!, bindVars: { k: `k${(k * 7877) % n}` } });
    t.qKey.push(((performance.now() - q0) * 1000) / reps);
    const q1 = performance.now();
    for (let k = 0; k < reps; k++) await runQuery("FOR d IN c FILTER d.age == @a RETURN d", { db: c.owner!, bindVars: { a: (k * 31) % ages } });
    t.qAge.push(((performance.now() - q1) * 1000) / reps);
    const q2 = performance.now();
    for (let k = 0; k < reps; k++) await runQuery("FOR d IN c SORT d.score DESC LIMIT 10 RETURN d", { db: c.owner! });
    t.qTop.push(((performance.now() - q2) * 1000) / reps);
  }
  const m = (xs: number[]) => median(xs);
  const mem = process.memoryUsage().heapUsed / 2 ** 20;
  rows.push(
    [
      n.toLocaleString("en").padStart(9),
      `${fmt(build / 1000, 1)} s`.padStart(7),
      fmt(m(t.key), 2).padStart(7),
      fmt(m(t.age), 2).padStart(7),
      fmt(m(t.top), 2).padStart(7),
      fmt(m(t.full), 0).padStart(9),
      `${fmt(m(t.full) / m(t.age), 0)}×`.padStart(8),
      fmt(m(t.qKey), 0).padStart(9),
      fmt(m(t.qAge), 0).padStart(9),
      fmt(m(t.qTop), 0).padStart(9),
      `${fmt(mem, 0)} MiB`.padStart(9),
    ].join(" "),
  );
  console.log(`  measured ${n} documents`);
}
console.log(`\n2./3. lookups (µs per call, medians of ${ROUNDS} rounds; scan = QueryableIndex.scan, C8QL = runQuery in process):`);
console.log("     docs   load  key-eq  age-eq  top-10  full-scan index-vs  C8QL-key  C8QL-age  C8QL-top      heap");
console.log("                  (scan)  (scan)  (scan)  (age eq)  full-scan");
for (const r of rows) console.log(r);
