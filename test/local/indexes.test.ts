/**
 * Index maintenance in the store: after random write sequences on every write path (insert, replace, update,
 * remove, truncate, multi-write atomic steps that may fail half-way, C8QL writes) every index equals one rebuilt
 * from scratch, unique constraints hold, and scans answer what a brute-force filter answers.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runQuery } from "../../src/local/c8ql/index.js";
import { compare } from "../../src/local/c8ql/values.js";
import { isLocalError } from "../../src/local/errors.js";
import type { SecondaryIndex } from "../../src/local/indexes/secondary.js";
import type { IndexScan, QueryableIndex } from "../../src/local/indexes/types.js";
import { Collection, Database, type Doc } from "../../src/local/store.js";

const KEYS = ["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"];
const small = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 3 }), fc.constantFrom("x", "y"), fc.constant(undefined));
const body = fc.record(
  {
    a: small,
    b: small,
    u: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 4 })),
    t: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 100 }), fc.constant("2020-01-01T00:00:00Z"), fc.constant("junk")),
    loc: fc.oneof(fc.constant(undefined), fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 })), fc.constant([200, 0])),
    txt: fc.oneof(fc.constant(undefined), fc.constantFrom("foo bar", "Foo", "barista baz", "a b", "", "x".repeat(50))),
  },
  { requiredKeys: [] },
);

type Op =
  | { op: "insert" | "replace" | "update"; key: string; doc: Record<string, unknown> }
  | { op: "remove"; key: string }
  | { op: "truncate" }
  | { op: "multi"; items: Array<{ key: string; doc: Record<string, unknown> }> }
  | { op: "c8ql"; query: string; bind: Record<string, unknown> };

const key = fc.constantFrom(...KEYS);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("insert" as const), key, doc: body }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("replace" as const), key, doc: body }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("update" as const), key, doc: body }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("remove" as const), key }) },
  { weight: 1, arbitrary: fc.constant({ op: "truncate" as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("multi" as const), items: fc.array(fc.record({ key, doc: body }), { maxLength: 4 }) }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({ op: fc.constant("c8ql" as const), query: fc.constant("FOR d IN c FILTER d.a == @v UPDATE d WITH { u: @u, a: @w } IN c"), bind: fc.record({ v: small.map((x) => x ?? null), u: fc.integer({ min: 0, max: 4 }), w: small.map((x) => x ?? null) }) }),
      fc.record({ op: fc.constant("c8ql" as const), query: fc.constant("FOR k IN @keys INSERT { _key: k, u: @u, loc: [1, 2], txt: 'foo' } INTO c"), bind: fc.record({ keys: fc.subarray(KEYS, { maxLength: 3 }), u: fc.integer({ min: 0, max: 4 }) }) }),
      fc.record({ op: fc.constant("c8ql" as const), query: fc.constant("FOR d IN c FILTER d.b == @v REMOVE d IN c"), bind: fc.record({ v: small.map((x) => x ?? null) }) }),
    ),
  },
);

function setup(): { db: Database; c: Collection } {
  const db = new Database("f", { systemCollections: false });
  const c = db.createCollection("c");
  c.indexes.ensure({ type: "persistent", fields: ["a"] });
  c.indexes.ensure({ type: "persistent", fields: ["a", "b"], sparse: true });
  c.indexes.ensure({ type: "persistent", fields: ["u"], unique: true, sparse: true });
  c.indexes.ensure({ type: "persistent", fields: ["b", "a"], unique: true });
  c.indexes.ensure({ type: "ttl", fields: ["t"], expireAfter: 10 });
  c.indexes.ensure({ type: "geo", fields: ["loc"] });
  c.indexes.ensure({ type: "fulltext", fields: ["txt"] });
  return { db, c };
}

async function apply(db: Database, c: Collection, o: Op): Promise<void> {
  try {
    switch (o.op) {
      case "insert":
        c.insert({ ...o.doc, _key: o.key });
        break;
      case "replace":
        c.replace(o.key, o.doc);
        break;
      case "update":
        c.update(o.key, o.doc, { keepNull: false });
        break;
      case "remove":
        c.remove(o.key);
        break;
      case "truncate":
        c.truncate();
        break;
      case "multi":
        db.atomic(() => {
          for (const it of o.items) c.insert({ ...it.doc, _key: it.key }, { overwriteMode: "update" });
        });
        break;
      case "c8ql":
        await runQuery(o.query, { db, bindVars: o.bind });
        break;
    }
  } catch (e) {
    if (!isLocalError(e)) throw e;
  }
}

function rebuilt(c: Collection, i: SecondaryIndex): SecondaryIndex {
  const fresh = new (i.constructor as new (c: Collection, d: unknown) => SecondaryIndex)(c, i.definition);
  fresh.build();
  return fresh;
}

const field = (d: Doc, f: string) => (d[f] === undefined ? null : d[f]);

/** What a brute-force filter answers for a scan of a persistent index over `fields`. */
function bruteForce(c: Collection, fields: readonly string[], scan: IndexScan): string[] {
  const out: Doc[] = [];
  for (const d of c.all()) {
    if (!scan.eq.every((v, i) => compare(field(d, fields[i]!), v) === 0)) continue;
    const x = field(d, fields[scan.eq.length] ?? "");
    if (scan.lower && (compare(x, scan.lower.value) < 0 || (!scan.lower.inclusive && compare(x, scan.lower.value) === 0))) continue;
    if (scan.upper && (compare(x, scan.upper.value) > 0 || (!scan.upper.inclusive && compare(x, scan.upper.value) === 0))) continue;
    out.push(d);
  }
  return out.map((d) => d._key).sort();
}

function check(c: Collection, scans: IndexScan[]): void {
  for (const i of c.indexes.all()) expect(i.entries(), i.description.name).toEqual(rebuilt(c, i).entries());
  const us = [...c.all()].map((d) => d["u"]).filter((u) => u !== undefined && u !== null);
  expect(new Set(us).size).toBe(us.length);
  const q = c.queryableIndexes();
  expect(q[0]!.description.type).toBe("primary");
  for (const s of scans) {
    for (const idx of q as QueryableIndex[]) {
      if (idx.description.type !== "persistent") continue;
      const fields = idx.description.fields;
      if (s.eq.length > fields.length) continue;
      const got = idx.scan(s);
      if (got === undefined) continue;
      const keys = [...got].map((d) => d._key);
      expect(keys.slice().sort(), `${idx.description.name} ${JSON.stringify(s)}`).toEqual(bruteForce(c, fields, s));
    }
  }
}

const bound = fc.record({ value: small.map((x) => x ?? null), inclusive: fc.boolean() });
const scan: fc.Arbitrary<IndexScan> = fc.record(
  { eq: fc.array(small.map((x) => x ?? null), { maxLength: 1 }), lower: bound, upper: bound, reverse: fc.boolean() },
  { requiredKeys: ["eq"] },
);

describe("index maintenance", () => {
  it("every index equals one rebuilt from scratch after random writes on every path", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), fc.array(scan, { maxLength: 6 }), async (ops, scans) => {
        const { db, c } = setup();
        for (const o of ops) await apply(db, c, o);
        check(c, scans);
      }),
      { numRuns: 150 },
    );
  });

  it("a unique violation rolls the write back, on every path", async () => {
    const { db, c } = setup();
    c.insert({ _key: "a", b: "a", u: 1 });
    expect(() => c.insert({ _key: "b", b: "b", u: 1 })).toThrow(/unique constraint violated - in index idx_\d+ of type persistent over 'u'; conflicting key: a/);
    expect(c.has("b")).toBe(false);
    c.insert({ _key: "b", b: "b", u: 2 });
    expect(() => c.update("b", { u: 1 })).toThrow(/unique constraint/);
    expect(c.lookup("b")!["u"]).toBe(2);
    expect(() =>
      db.atomic(() => {
        c.insert({ _key: "c", b: "c", u: 3 });
        c.insert({ _key: "d", b: "d", u: 3 });
      }),
    ).toThrow(/unique/);
    expect(c.has("c")).toBe(false);
    await expect(runQuery("INSERT { _key: 'e', b: 'e', u: 2 } INTO c", { db })).rejects.toMatchObject({ code: 409, errorNum: 1210 });
    expect(c.has("e")).toBe(false);
    check(c, []);
  });

  it("sparse indexes refuse scans that would miss null values; primary and edge lookups", () => {
    const db = new Database("f", { systemCollections: false });
    const c = db.createCollection("c");
    const { description } = c.indexes.ensure({ type: "persistent", fields: ["a"], sparse: true });
    const idx = c.queryableIndexes().find((i) => i.description.id === description.id)!;
    for (let i = 0; i < 10; i++) c.insert({ _key: `k${i}`, a: i % 3 === 0 ? null : i });
    expect(idx.scan({ eq: [null] })).toBeUndefined();
    expect(idx.scan({ eq: [], upper: { value: 5, inclusive: true } })).toBeUndefined();
    expect([...idx.scan({ eq: [], lower: { value: 4, inclusive: true }, upper: { value: 7, inclusive: false } })!].map((d) => d["a"])).toEqual([4, 5]);
    const primary = c.queryableIndexes()[0]!;
    expect([...primary.scan({ eq: ["k3"] })!].map((d) => d._key)).toEqual(["k3"]);
    expect([...primary.scan({ eq: [], lower: { value: "k7", inclusive: false }, reverse: true })!].map((d) => d._key)).toEqual(["k9", "k8"]);
    c.insert({ _key: "k10", a: 1 });
    expect([...primary.scan({ eq: [], lower: { value: "k1", inclusive: true }, upper: { value: "k2", inclusive: false } })!].map((d) => d._key)).toEqual(["k1", "k10"]);
    const e = db.createCollection("e", { type: 3 });
    e.insert({ _key: "1", _from: "c/k1", _to: "c/k2" });
    e.insert({ _key: "2", _from: "c/k1", _to: "c/k3" });
    const [, from, to] = e.queryableIndexes();
    expect([...from!.scan({ eq: ["c/k1"] })!].map((d) => d._key)).toEqual(["1", "2"]);
    expect([...to!.scan({ eq: ["c/k3"] })!].map((d) => d._key)).toEqual(["2"]);
    e.remove("2");
    expect(to!.estimate({ eq: ["c/k3"] })).toBe(0);
  });

  it("definitions serialize and recreate the same indexes", () => {
    const { c } = setup();
    for (let i = 0; i < 20; i++) c.insert({ _key: `d${i}`, a: i % 4, b: i, loc: [i % 5, 1], txt: `w${i % 3} common`, t: i });
    const defs = JSON.parse(JSON.stringify(c.indexes.definitions()));
    const db2 = new Database("g", { systemCollections: false });
    const c2 = db2.createCollection("c");
    c2.indexes.restore(defs);
    for (const d of c.all()) c2.insert({ ...d });
    expect(c2.indexes.list().map((d) => d.id.split("/")[1])).toEqual(c.indexes.list().map((d) => d.id.split("/")[1]));
    expect(c2.indexes.all().map((i) => i.entries().length)).toEqual(c.indexes.all().map((i) => i.entries().length));
  });
});
