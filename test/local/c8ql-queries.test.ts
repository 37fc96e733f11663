import { describe, expect, it } from "vitest";
import { runQuery } from "../../src/local/c8ql/index.js";
import { Database } from "../../src/local/store.js";
import { fails, fixture, q, run } from "./c8ql-helpers.js";

describe("FOR, FILTER, LET, RETURN", () => {
  it("iterates collections, arrays and ranges, nested", async () => {
    const db = fixture();
    expect(await q(db, "FOR u IN users FILTER u.group == 'a' RETURN u.name")).toEqual(["ann", "bob", "cid"]);
    expect(await q(db, "FOR x IN [3, 1] FOR y IN 1..2 RETURN [x, y]")).toEqual([[3, 1], [3, 2], [1, 1], [1, 2]]);
    expect(await q(db, "FOR i IN 3..1 RETURN i")).toEqual([3, 2, 1]);
    expect(await q(db, "FOR u IN empty RETURN u")).toEqual([]);
  });

  it("returns stored documents with their system attributes", async () => {
    const db = fixture();
    const [d] = (await q(db, "FOR u IN users FILTER u._key == '1' RETURN u")) as Record<string, unknown>[];
    expect(d).toMatchObject({ _id: "users/1", _key: "1", name: "ann", age: 25 });
    expect(typeof d!._rev).toBe("string");
  });

  it("combines several FILTERs and LETs (also LET a = …, b = …)", async () => {
    const db = fixture();
    expect(
      await q(db, "FOR u IN users LET decade = FLOOR(u.age / 10) * 10, n = UPPER(u.name) FILTER decade == 30 FILTER u.age > 30 RETURN {n, decade}"),
    ).toEqual([{ n: "CID", decade: 30 }]);
  });

  it("RETURN DISTINCT drops duplicate values", async () => {
    const db = fixture();
    expect(await q(db, "FOR u IN users RETURN DISTINCT u.group")).toEqual(["a", "b"]);
    expect(await q(db, "FOR x IN [[1], [1], {a: 1}, {a: 1}, 1, '1'] RETURN DISTINCT x")).toEqual([[1], { a: 1 }, 1, "1"]);
  });

  it("runs subqueries per row, seeing outer variables", async () => {
    const db = fixture();
    expect(
      await q(db, "FOR g IN ['a', 'b'] LET names = (FOR u IN users FILTER u.group == g SORT u.age DESC LIMIT 2 RETURN u.name) RETURN {g, names}"),
    ).toEqual([
      { g: "a", names: ["cid", "bob"] },
      { g: "b", names: ["fay", "eve"] },
    ]);
    expect(await q(db, "RETURN (FOR i IN 1..3 RETURN i)[1]")).toEqual([2]);
  });

  it("rejects FOR over a non-array value (1563) as an execution error", async () => {
    const e = await fails(fixture(), "LET x = {a: 1} FOR i IN x RETURN i");
    expect([e.code, e.errorNum]).toEqual([400, 1563]);
    expect(e.message).toBe(
      "C8QL: collection or array expected as operand to FOR loop; you specified type 'object' with content '{\"a\":1}' (while executing)",
    );
  });
});

describe("SORT and LIMIT", () => {
  it("sorts by several criteria ASC/DESC with AQL ordering", async () => {
    const db = fixture();
    expect(await q(db, "FOR u IN users SORT u.group DESC, u.age ASC RETURN u.name")).toEqual(["dan", "eve", "fay", "ann", "bob", "cid"]);
    expect(await q(db, "FOR x IN [3, null, 'b', 'A', 'a', [1], {}, true, 1] SORT x RETURN x")).toEqual([
      null, true, 1, 3, "a", "A", "b", [1], {},
    ]);
  });

  it("limits with and without offset, also from bind parameters and LET variables", async () => {
    const db = fixture();
    expect(await q(db, "FOR i IN 1..10 LIMIT 3 RETURN i")).toEqual([1, 2, 3]);
    expect(await q(db, "FOR i IN 1..10 LIMIT 8, 5 RETURN i")).toEqual([9, 10]);
    expect(await q(db, "FOR i IN 1..10 LIMIT @o, @c RETURN i", { o: 1, c: 2 })).toEqual([2, 3]);
    expect(await q(db, "LET n = 2 FOR i IN 1..10 LIMIT n RETURN i")).toEqual([1, 2]);
    expect(await q(db, "FOR i IN 1..10 LIMIT 0 RETURN i")).toEqual([]);
    const e = await fails(db, "FOR i IN 1..10 LIMIT -1 RETURN i");
    expect(e.errorNum).toBe(1504);
  });

  it("stops scanning early once a LIMIT is satisfied", async () => {
    const db = fixture();
    const r = await run(db, "FOR u IN users LIMIT 2 RETURN u._key");
    expect(r.result).toEqual(["1", "2"]);
    expect(r.stats.scannedFull).toBe(2);
  });
});

describe("COLLECT", () => {
  it("groups (sorted by group value) with INTO and WITH COUNT", async () => {
    const db = fixture();
    expect(await q(db, "FOR u IN users COLLECT g = u.group WITH COUNT INTO n RETURN {g, n}")).toEqual([
      { g: "a", n: 3 },
      { g: "b", n: 3 },
    ]);
    expect(await q(db, "FOR u IN users COLLECT g = u.group INTO members RETURN {g, names: members[*].u.name}")).toEqual([
      { g: "a", names: ["ann", "bob", "cid"] },
      { g: "b", names: ["dan", "eve", "fay"] },
    ]);
    expect(await q(db, "FOR u IN users COLLECT g = u.group INTO ages = u.age RETURN {g, ages}")).toEqual([
      { g: "a", ages: [25, 30, 35] },
      { g: "b", ages: [40, 45, 50] },
    ]);
  });

  it("groups by several values", async () => {
    const db = fixture();
    expect(await q(db, "FOR u IN users COLLECT g = u.group, t = u.tags[0] RETURN [g, t]")).toEqual([
      ["a", "t0"],
      ["a", "t1"],
      ["b", "t0"],
      ["b", "t1"],
    ]);
  });

  it("counts everything with COLLECT WITH COUNT INTO (one row, also when empty)", async () => {
    const db = fixture();
    expect(await q(db, "FOR u IN users COLLECT WITH COUNT INTO n RETURN n")).toEqual([6]);
    expect(await q(db, "FOR u IN empty COLLECT WITH COUNT INTO n RETURN n")).toEqual([0]);
    expect(await q(db, "FOR u IN empty COLLECT g = u.group RETURN g")).toEqual([]);
  });

  it("aggregates with AGGREGATE", async () => {
    const db = fixture();
    expect(
      await q(db, "FOR u IN users COLLECT g = u.group AGGREGATE n = COUNT(1), total = SUM(u.age), lo = MIN(u.age), hi = MAX(u.age), avg = AVG(u.age), names = PUSH(u.name) RETURN {g, n, total, lo, hi, avg, names}"),
    ).toEqual([
      { g: "a", n: 3, total: 90, lo: 25, hi: 35, avg: 30, names: ["ann", "bob", "cid"] },
      { g: "b", n: 3, total: 135, lo: 40, hi: 50, avg: 45, names: ["dan", "eve", "fay"] },
    ]);
    expect(await q(db, "FOR u IN users COLLECT AGGREGATE m = MAX(u.age), d = COUNT_DISTINCT(u.group) RETURN [m, d]")).toEqual([[50, 2]]);
  });

  it("KEEPs only the listed variables in INTO groups", async () => {
    const db = fixture();
    expect(await q(db, "FOR u IN users LET a = u.age FILTER a < 35 COLLECT g = u.group INTO grp KEEP a RETURN grp")).toEqual([[{ a: 25 }, { a: 30 }]]);
  });

  it("hides the variables of the FOR scopes after COLLECT", async () => {
    const db = fixture();
    const e = await fails(db, "FOR u IN users COLLECT g = u.group RETURN u");
    expect([e.code, e.errorNum, e.message]).toEqual([404, 1203, "collection or view not found: u"]);
    expect(await q(db, "LET k = 10 FOR u IN users COLLECT g = u.group RETURN [g, k]")).toEqual([["a", 10], ["b", 10]]);
  });
});

describe("data modification", () => {
  it("INSERT … INTO with RETURN NEW, generated keys and stats", async () => {
    const db = fixture();
    const r = await run(db, "FOR i IN 1..3 INSERT {n: i} INTO empty RETURN NEW");
    expect(r.result).toHaveLength(3);
    const docs = r.result as Record<string, unknown>[];
    expect(docs.map((d) => d.n)).toEqual([1, 2, 3]);
    for (const d of docs) expect(d._id).toBe(`empty/${d._key as string}`);
    expect(r.stats.writesExecuted).toBe(3);
    expect(db.collection("empty").count()).toBe(3);
    expect(await q(db, "INSERT {_key: 'x'} IN empty")).toEqual([]);
  });

  it("INSERT of an existing key fails with 409/1210 unless OPTIONS say otherwise", async () => {
    const db = fixture();
    const e = await fails(db, "INSERT {_key: '1'} INTO users");
    expect([e.code, e.errorNum]).toEqual([409, 1210]);
    expect(e.message).toBe(
      "C8QL: Each document in a collection must have a unique key, and the provided one is already used in collection 'users'. (while executing)",
    );
    const r = await run(db, "INSERT {_key: '1', x: 1} INTO users OPTIONS {ignoreErrors: true} RETURN NEW");
    expect(r.result).toEqual([]);
    expect(r.stats.writesIgnored).toBe(1);
    expect(await q(db, "INSERT {_key: '1', name: 'ANN'} INTO users OPTIONS {overwriteMode: 'update'} RETURN [OLD.name, NEW.name, NEW.age]")).toEqual([
      ["ann", "ANN", 25],
    ]);
    expect(await q(db, "INSERT {_key: '1', only: true} INTO users OPTIONS {overwrite: true} RETURN NEW.name")).toEqual([null]);
  });

  it("UPDATE key WITH patch / UPDATE doc, merging like the document API", async () => {
    const db = fixture();
    const r = await run(db, "FOR u IN users UPDATE {_key: u._key, _val: @val} IN users RETURN NEW", { bindVars: { val: 42 }, fullCount: true });
    expect(r.result).toHaveLength(6);
    expect((r.result as { _val: number }[]).every((d) => d._val === 42)).toBe(true);
    expect(r.stats.writesExecuted).toBe(6);
    expect(r.stats.fullCount).toBe(6);
    expect(await q(db, "UPDATE '2' WITH {name: null, extra: {a: 1}} IN users OPTIONS {keepNull: false} RETURN [OLD.name, HAS(NEW, 'name'), NEW.extra]")).toEqual([
      ["bob", false, { a: 1 }],
    ]);
    expect(await q(db, "UPDATE {_key: '2'} WITH {extra: {b: 2}} IN users RETURN NEW.extra")).toEqual([{ a: 1, b: 2 }]);
    expect(await q(db, "UPDATE 'users/2' WITH {extra: {c: 3}} IN users OPTIONS {mergeObjects: false} RETURN NEW.extra")).toEqual([{ c: 3 }]);
  });

  it("REPLACE keeps only the new body", async () => {
    const db = fixture();
    expect(await q(db, "REPLACE '3' WITH {only: 1} IN users RETURN [OLD.name, NEW]")).toEqual([
      ["cid", expect.objectContaining({ _key: "3", _id: "users/3", only: 1 })],
    ]);
    const [newDoc] = (await q(db, "FOR u IN users FILTER u._key == '3' REPLACE u WITH {x: 2} IN users RETURN NEW")) as Record<string, unknown>[];
    expect(Object.keys(newDoc!).sort()).toEqual(["_id", "_key", "_rev", "x"]);
  });

  it("REMOVE by key, id or document, with RETURN OLD", async () => {
    const db = fixture();
    expect(await q(db, "REMOVE '1' IN users RETURN OLD.name")).toEqual(["ann"]);
    expect(await q(db, "REMOVE {_key: '2'} IN users RETURN OLD.name")).toEqual(["bob"]);
    expect(await q(db, "FOR u IN users FILTER u.group == 'b' REMOVE u IN users")).toEqual([]);
    expect(await q(db, "FOR u IN users RETURN u._key")).toEqual(["3"]);
    const e = await fails(db, "REMOVE 'nope' IN users");
    expect([e.code, e.errorNum, e.message]).toEqual([404, 1202, "C8QL: document not found (while executing)"]);
    expect((await fails(db, "REMOVE {a: 1} IN users")).errorNum).toBe(1226);
    expect((await fails(db, "REMOVE 5 IN users")).errorNum).toBe(1227);
  });

  it("checks _rev when ignoreRevs is false (412/1200)", async () => {
    const db = fixture();
    const e = await fails(db, "UPDATE {_key: '1', _rev: 'bogus'} WITH {a: 1} IN users OPTIONS {ignoreRevs: false}");
    expect([e.code, e.errorNum]).toEqual([412, 1200]);
    expect(await q(db, "UPDATE {_key: '1', _rev: 'bogus'} WITH {a: 1} IN users RETURN NEW.a")).toEqual([1]);
  });

  it("UPSERT inserts when nothing matches, else updates (OLD visible)", async () => {
    const db = fixture();
    const upsert = "UPSERT {name: @n} INSERT {name: @n, visits: 1} UPDATE {visits: OLD.visits + 1} IN empty RETURN NEW.visits";
    expect(await q(db, upsert, { n: "x" })).toEqual([1]);
    expect(await q(db, upsert, { n: "x" })).toEqual([2]);
    expect(await q(db, upsert, { n: "y" })).toEqual([1]);
    expect(db.collection("empty").count()).toBe(2);
  });

  it("reads a collection it modifies from a snapshot (no endless loop)", async () => {
    const db = fixture();
    const r = await run(db, "FOR u IN users INSERT {name: u.name} INTO users");
    expect(r.stats.writesExecuted).toBe(6);
    expect(db.collection("users").count()).toBe(12);
  });

  it("supports @@collection and @collection in INTO, with 1553 for a bad value", async () => {
    const db = fixture();
    expect(await q(db, "INSERT {a: 1} INTO @@c RETURN NEW.a", { "@c": "empty" })).toEqual([1]);
    expect(await q(db, "INSERT {a: 2} INTO @c RETURN NEW.a", { c: "empty" })).toEqual([2]);
    expect((await fails(db, "INSERT {} INTO @@c", { "@c": 1 })).errorNum).toBe(1553);
  });

  it("validates documents and edges (1227, 1233)", async () => {
    const db = fixture();
    expect((await fails(db, "INSERT 'x' INTO empty")).errorNum).toBe(1227);
    expect((await fails(db, "INSERT {a: 1} INTO knows")).errorNum).toBe(1233);
    expect(await q(db, "INSERT {_from: 'users/1', _to: 'users/2'} INTO knows RETURN NEW._from")).toEqual(["users/1"]);
  });

  it("rejects OPTIONS that are not constant (1575)", async () => {
    const db = fixture();
    expect((await fails(db, "FOR u IN users INSERT {} INTO empty OPTIONS {overwrite: u.x}")).errorNum).toBe(1575);
  });
});

describe("bind parameters", () => {
  it("binds values, attribute names and collections", async () => {
    const db = fixture();
    expect(
      await q(db, "FOR d IN @@collection FILTER d.@field >= @lower && d.@field < @upper LIMIT @skip, @limit RETURN d._key", {
        "@collection": "users",
        field: "age",
        lower: 30,
        upper: 45,
        skip: 1,
        limit: 2147483647,
      }),
    ).toEqual(["3", "4"]);
    expect(await q(db, "RETURN [@a, @b, @c]", { a: [1, { x: 2 }], b: null, c: "s" })).toEqual([[[1, { x: 2 }], null, "s"]]);
  });

  it("1551 when a declared parameter has no value", async () => {
    const e = await fails(fixture(), "RETURN @x");
    expect([e.code, e.errorNum, e.message]).toEqual([400, 1551, "no value specified for declared bind parameter 'x'"]);
    const c = await fails(fixture(), "FOR d IN @@coll RETURN d", { coll: "users" });
    expect(c.message).toBe("no value specified for declared bind parameter '@coll'");
  });

  it("1552 when a passed parameter is not used", async () => {
    const e = await fails(fixture(), "RETURN 1", { x: 1 });
    expect([e.code, e.errorNum, e.message]).toEqual([400, 1552, "bind parameter 'x' was not declared in the query"]);
  });

  it("1553 when a collection parameter is not a string, or an attribute parameter is not a name", async () => {
    const e = await fails(fixture(), "FOR d IN @@c RETURN d", { "@c": 42 });
    expect([e.code, e.errorNum, e.message]).toEqual([400, 1553, "bind parameter '@c' has an invalid value or type"]);
    expect((await fails(fixture(), "RETURN {}.@a", { a: 1 })).errorNum).toBe(1553);
  });

  it("1203 when a collection parameter names a missing collection", async () => {
    const e = await fails(fixture(), "FOR d IN @@c RETURN d", { "@c": "nope" });
    expect([e.code, e.errorNum, e.message]).toEqual([404, 1203, "collection or view not found: nope"]);
  });
});

describe("collections in queries", () => {
  it("404/1203 for an unknown collection (also a misspelled variable)", async () => {
    const e = await fails(fixture(), "FOR x IN nope RETURN x");
    expect([e.code, e.errorNum, e.message]).toEqual([404, 1203, "collection or view not found: nope"]);
    expect((await fails(fixture(), "FOR u IN users RETURN usr.name")).errorNum).toBe(1203);
    expect((await fails(fixture(), "INSERT {} INTO nope")).errorNum).toBe(1203);
  });

  it("1568 when a collection is used as a value", async () => {
    const e = await fails(fixture(), "RETURN users");
    expect([e.code, e.errorNum, e.message]).toEqual([400, 1568, "collection 'users' used as expression operand"]);
  });
});

describe("stats", () => {
  it("counts scannedFull, filtered, writes; scannedIndex for the primary-key sort", async () => {
    const db = fixture();
    const r = await run(db, "FOR u IN users FILTER u.age > 30 RETURN u.name");
    expect(r.stats).toMatchObject({ writesExecuted: 0, writesIgnored: 0, scannedFull: 6, scannedIndex: 0, filtered: 2, httpRequests: 0 });
    expect(r.stats).not.toHaveProperty("fullCount");
    expect(Object.keys(r.stats)).toEqual([
      "writesExecuted", "writesIgnored", "scannedFull", "scannedIndex", "filtered", "httpRequests", "executionTime", "peakMemoryUsage",
    ]);
    expect(r.stats.executionTime).toBeGreaterThan(0);
    expect(r.stats.peakMemoryUsage).toBeGreaterThan(0);
    const s = await run(db, "FOR d IN users SORT d._key RETURN d");
    expect(s.stats).toMatchObject({ scannedFull: 0, scannedIndex: 6 });
  });

  it("fullCount counts the rows before the last top-level LIMIT", async () => {
    const db = fixture();
    const r = await run(db, "FOR i IN 1..100 FILTER i % 2 == 0 LIMIT 5, 3 RETURN i", { fullCount: true });
    expect(r.result).toEqual([12, 14, 16]);
    expect(r.stats.fullCount).toBe(50);
    expect(Object.keys(r.stats)).toContain("fullCount");
    const sub = await run(db, "FOR i IN 1..4 LET s = (FOR j IN 1..10 LIMIT 1 RETURN j) RETURN s", { fullCount: true });
    expect(sub.stats.fullCount).toBe(4);
  });
});

describe("speed", () => {
  it("runs FOR i IN 1..100000 FILTER i % 2 == 0 RETURN i in a few tens of ms", async () => {
    const db = new Database("f", { systemCollections: false });
    const query = "FOR i IN 1..100000 FILTER i % 2 == 0 RETURN i";
    await runQuery(query, { db });
    const times: number[] = [];
    for (let k = 0; k < 7; k++) {
      const t = performance.now();
      const r = await runQuery(query, { db });
      times.push(performance.now() - t);
      expect(r.result).toHaveLength(50_000);
    }
    times.sort((a, b) => a - b);
    expect(times[3]).toBeLessThan(50);
  });

  it("scans, filters and sorts 20k documents quickly", async () => {
    const db = new Database("f", { systemCollections: false });
    const c = db.createCollection("big");
    for (let i = 0; i < 20_000; i++) c.insert({ i, g: i % 10, s: "k" + (i % 97) });
    const t = performance.now();
    const r = await runQuery("FOR d IN big FILTER d.g == 3 SORT d.s, d.i DESC COLLECT s = d.s WITH COUNT INTO n RETURN {s, n}", { db });
    expect(r.result).toHaveLength(97);
    expect(performance.now() - t).toBeLessThan(500);
  });
});
