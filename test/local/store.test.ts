import { describe, expect, it } from "vitest";
import { LocalError } from "../../src/local/errors.js";
import { Database, isValidKey, newRevision, type Doc } from "../../src/local/store.js";

/** Runs `fn`, expecting a LocalError; returns it. */
function err(fn: () => unknown): LocalError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LocalError);
    return e as LocalError;
  }
  throw new Error("expected a LocalError");
}

const REV_ALPHABET = "-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function decodeRev(rev: string): bigint {
  let v = 0n;
  for (const c of rev) v = v * 64n + BigInt(REV_ALPHABET.indexOf(c));
  return v;
}

function setup() {
  const db = new Database("test_fabric_1");
  const col = db.createCollection("test_collection_1");
  const edges = db.createCollection("test_edges", { type: 3 });
  return { db, col, edges };
}

describe("LocalError", () => {
  it("carries status, errorNum, message and extra fields into its body", () => {
    const e = new LocalError(412, 1200, "precondition failed", { _rev: "x" });
    expect(e.toBody()).toEqual({ error: true, code: 412, errorNum: 1200, errorMessage: "precondition failed", _rev: "x" });
    expect(e.message).toBe("precondition failed");
  });
});

describe("revisions", () => {
  it("look like C8's, are unique and increase (in HLC order, like ArangoDB)", () => {
    const revs = Array.from({ length: 5000 }, () => newRevision());
    expect(new Set(revs).size).toBe(revs.length);
    for (const r of revs) expect(r).toMatch(/^_[-_A-Za-z0-9]{10}$/);
    for (let i = 1; i < revs.length; i++) expect(decodeRev(revs[i]!) > decodeRev(revs[i - 1]!)).toBe(true);
    // the high bits are the wall clock in ms, as in the recorded `_fGkrcfm--_` (Nov 2022)
    const ms = Number(decodeRev(revs[0]!) >> 20n);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
    expect(new Date(Number(decodeRev("_fGkrcfm--_") >> 20n)).getUTCFullYear()).toBe(2022);
  });
});

describe("keys", () => {
  it("follow ArangoDB's rules", () => {
    for (const k of ["1", "abc", "a-b_c:d.e@f(g)h+i,j=k;l$m!n*o'p%q", "x".repeat(254)]) expect(isValidKey(k)).toBe(true);
    for (const k of ["", "a/b", "a b", "ä", "x".repeat(255), 1, null, "a#b", "a?b", "a&b"]) {
      expect(isValidKey(k)).toBe(false);
    }
  });
});

describe("Database collections", () => {
  it("lists the system collections plus created ones in the recorded shape", () => {
    const { db } = setup();
    const list = db.collections();
    expect(list.map((c) => c.name)).toEqual([
      "_graphs",
      "_analyzers",
      "_collections",
      "_dynamo",
      "_replicationTest",
      "test_collection_1",
      "test_edges",
    ]);
    const item = list.find((c) => c.name === "test_collection_1")!;
    expect(Object.keys(item).sort()).toEqual(
      [
        "id",
        "name",
        "status",
        "type",
        "collectionModel",
        "isSpot",
        "isLocal",
        "hasStream",
        "waitForSync",
        "isSystem",
        "globallyUniqueId",
        "searchEnabled",
      ].sort(),
    );
    expect(item).toMatchObject({ status: 3, type: 2, collectionModel: "DOC", isSystem: false, searchEnabled: false });
    expect(item.id).toMatch(/^[0-9]+$/);
    expect(item.globallyUniqueId).toMatch(new RegExp(`^h[0-9A-F]{12}/${item.id}$`));
    const graphs = list.find((c) => c.name === "_graphs")!;
    expect(graphs).toMatchObject({ isSystem: true, hasStream: true, globallyUniqueId: "_graphs" });
    expect(list.find((c) => c.name === "_collections")).toMatchObject({ isLocal: true, hasStream: false });
    expect(db.collections({ excludeSystem: true }).map((c) => c.name)).toEqual(["test_collection_1", "test_edges"]);
    expect(new Database("x", { systemCollections: false }).collections()).toEqual([]);
  });

  it("creates with the recorded properties shape and options", () => {
    const db = new Database("f");
    const c = db.createCollection("c1", { waitForSync: true, isLocal: true, isSpot: true, stream: true });
    const p = c.properties();
    expect(p).toMatchObject({
      name: "c1",
      waitForSync: true,
      statusString: "loaded",
      cacheEnabled: false,
      collectionModel: "DOC",
      hasStream: true,
      isLocal: true,
      isSpot: true,
      isSystem: false,
      status: 3,
      type: 2,
      keyOptions: { allowUserKeys: true, type: "traditional", lastValue: 0 },
    });
    expect(Number(p.objectId)).toBe(Number(p.id) - 1);
    expect(db.createCollection("e1", { type: 3 }).info().type).toBe(3);
    const ids = db.collections().map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("rejects illegal names (400/1208), duplicates (409/1207) and bad types (400/1218)", () => {
    const { db } = setup();
    for (const n of ["", "1abc", "a b", "a/b", "_x", "ä", "x".repeat(257)]) {
      const e = err(() => db.createCollection(n));
      expect([e.code, e.errorNum, e.message]).toEqual([400, 1208, "illegal name"]);
    }
    expect(db.createCollection("_mine", { isSystem: true }).isSystem).toBe(true);
    const d = err(() => db.createCollection("test_collection_1"));
    expect([d.code, d.errorNum, d.message]).toEqual([409, 1207, "duplicate name"]);
    const t = err(() => db.createCollection("typed", { type: 4 as 2 }));
    expect([t.code, t.errorNum]).toEqual([400, 1218]);
  });

  it("finds, checks and drops collections (404/1203 when missing, 403/11 for system)", () => {
    const { db } = setup();
    expect(db.hasCollection("test_collection_1")).toBe(true);
    expect(db.collection("test_collection_1").name).toBe("test_collection_1");
    const e = err(() => db.collection("nope"));
    expect([e.code, e.errorNum, e.message]).toEqual([404, 1203, "collection or view not found"]);
    db.dropCollection("test_collection_1");
    expect(db.hasCollection("test_collection_1")).toBe(false);
    expect(err(() => db.dropCollection("test_collection_1")).errorNum).toBe(1203);
    const s = err(() => db.dropCollection("_graphs"));
    expect([s.code, s.errorNum]).toEqual([403, 11]);
    db.dropCollection("_graphs", { isSystem: true });
    expect(db.hasCollection("_graphs")).toBe(false);
  });

  it("answers info, count, figures and truncate in the recorded shapes", () => {
    const { col } = setup();
    col.insert({ _key: "1", a: 1 });
    col.insert({ _key: "2", a: 2 });
    expect(col.count()).toBe(2);
    expect(col.countInfo()).toEqual({
      name: "test_collection_1",
      isSystem: false,
      searchEnabled: false,
      id: col.id,
      globallyUniqueId: col.globallyUniqueId,
      count: 2,
    });
    const f = col.figures();
    expect(f).toMatchObject({ collectionModel: 0, count: 2, statusString: "loaded", name: "test_collection_1" });
    expect((f.figures as { documentsSize: number }).documentsSize).toBeGreaterThan(0);
    expect(Object.keys(f.figures as object).sort()).toEqual(
      ["indexes", "viewIndexes", "documentsSize", "cacheInUse", "cacheSize", "cacheUsage"].sort(),
    );
    col.truncate();
    expect(col.count()).toBe(0);
    expect([...col.all()]).toEqual([]);
    expect(col.info()).toEqual({
      id: col.id,
      name: "test_collection_1",
      status: 3,
      type: 2,
      collectionModel: "DOC",
      isSpot: false,
      isLocal: false,
      hasStream: false,
      waitForSync: false,
      isSystem: false,
      globallyUniqueId: col.globallyUniqueId,
      searchEnabled: false,
    });
  });
});

describe("insert", () => {
  it("stores the document with _id/_key/_rev and sorted, frozen attributes", () => {
    const { col } = setup();
    const r = col.insert({ _key: "1", val: 1, text: "foo", loc: [1, 1], nested: { z: 1, a: { y: 2, b: 3 } } });
    expect(r).toEqual({ _id: "test_collection_1/1", _key: "1", _rev: r._rev });
    expect(r.new).toBeUndefined();
    const d = col.get("1");
    expect(Object.keys(d)).toEqual(["_id", "_key", "_rev", "loc", "nested", "text", "val"]);
    expect(Object.keys(d.nested as object)).toEqual(["a", "z"]);
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.loc)).toBe(true);
    expect(Object.isFrozen((d.nested as { a: object }).a)).toBe(true);
    expect(col.get("1")).toBe(d); // no copy on read
  });

  it("drops _id/_key/_rev inside nested values, like C8, also from stored documents", () => {
    const { col } = setup();
    const first = col.insert({ _key: "a", v: 1 }, { returnNew: true }).new!;
    col.insert({ _key: "b", nested: { _key: "x", _id: "c/x", _rev: "r", keep: [{ _rev: "r", y: 2 }] }, copy: first });
    const b = col.get("b");
    expect(b.nested).toEqual({ keep: [{ y: 2 }] });
    expect(b.copy).toEqual({ v: 1 });
    expect(b._key).toBe("b");
  });

  it("does not keep a reference to the caller's object", () => {
    const { col } = setup();
    const input = { _key: "k", list: [1, 2], obj: { a: 1 } };
    col.insert(input);
    input.list.push(3);
    input.obj.a = 2;
    expect(col.get("k")).toMatchObject({ list: [1, 2], obj: { a: 1 } });
  });

  it("returns new when asked, and ignores given _id and _rev", () => {
    const { col } = setup();
    const r = col.insert({ _key: "3", _id: "other/9", _rev: "bogus", val: 3 }, { returnNew: true });
    expect(r.new).toEqual({ _id: "test_collection_1/3", _key: "3", _rev: r._rev, val: 3 });
    expect(r._rev).not.toBe("bogus");
  });

  it("generates increasing numeric-string keys when none is given", () => {
    const { col } = setup();
    const a = col.insert({});
    const b = col.insert({});
    expect(a._key).toMatch(/^[0-9]+$/);
    expect(Number(b._key)).toBeGreaterThan(Number(a._key));
    expect(a._id).toBe(`test_collection_1/${a._key}`);
    // stays above numeric user keys, like ArangoDB's traditional generator
    col.insert({ _key: "999999999" });
    expect(Number(col.insert({})._key)).toBeGreaterThan(999999999);
    expect(col.properties().keyOptions.lastValue).toBeGreaterThan(999999999);
  });

  it("supports the other key generators and allowUserKeys=false (400/1222)", () => {
    const db = new Database("f");
    const auto = db.createCollection("auto", { keyOptions: { type: "autoincrement", increment: 5, offset: 10 } });
    expect([auto.insert({})._key, auto.insert({})._key]).toEqual(["10", "15"]);
    const padded = db.createCollection("padded", { keyOptions: { type: "padded" } });
    expect(padded.insert({})._key).toBe("0000000000000001");
    const uuid = db.createCollection("uuid", { keyOptions: { type: "uuid" } });
    expect(uuid.insert({})._key).toMatch(/^[0-9a-f-]{36}$/);
    const nokeys = db.createCollection("nokeys", { keyOptions: { allowUserKeys: false } });
    const e = err(() => nokeys.insert({ _key: "mine" }));
    expect([e.code, e.errorNum, e.message]).toEqual([400, 1222, "unexpected document key"]);
    const g = err(() => db.createCollection("badgen", { keyOptions: { type: "nope" as "uuid" } }));
    expect([g.code, g.errorNum]).toEqual([400, 1232]);
  });

  it("rejects illegal keys with 400/1221", () => {
    const { col } = setup();
    for (const k of ["a b", "", "x/y", 5, null, "x".repeat(255)]) {
      const e = err(() => col.insert({ _key: k }));
      expect([e.code, e.errorNum, e.message]).toEqual([400, 1221, "illegal document key"]);
    }
  });

  it("rejects non-objects with 400/1227", () => {
    const { col } = setup();
    for (const d of [null, 1, "x", [1], true, undefined]) {
      const e = err(() => col.insert(d));
      expect([e.code, e.errorNum, e.message]).toEqual([400, 1227, "invalid document type"]);
    }
    expect(err(() => col.update("1", [])).errorNum).toBe(1227);
    expect(err(() => col.replace("1", "x")).errorNum).toBe(1227);
  });

  it("rejects a duplicate key with the recorded 409/1210 message", () => {
    const { col } = setup();
    col.insert({ _key: "5", val: 5 });
    const e = err(() => col.insert({ _key: "5", val: 6 }));
    expect([e.code, e.errorNum, e.message]).toEqual([
      409,
      1210,
      "Each document in a collection must have a unique key, and the provided one is already used in collection 'test_collection_1'.",
    ]);
    expect(col.get("5").val).toBe(5);
  });

  it("overwrites: overwrite=true replaces; overwriteMode ignore/replace/update/conflict", () => {
    const { col } = setup();
    const first = col.insert({ _key: "o", a: 1, nested: { x: 1 } });
    const r1 = col.insert({ _key: "o", b: 2 }, { overwrite: true, returnOld: true, returnNew: true });
    expect(r1._oldRev).toBe(first._rev);
    expect(r1.old).toMatchObject({ a: 1 });
    expect(r1.new).toEqual({ _id: "test_collection_1/o", _key: "o", _rev: r1._rev, b: 2 });

    const ign = col.insert({ _key: "o", c: 3 }, { overwriteMode: "ignore" });
    expect(ign).toEqual({ _id: "test_collection_1/o", _key: "o", _rev: r1._rev });
    expect(col.get("o")).not.toHaveProperty("c");

    const up = col.insert({ _key: "o", c: 3, b: null }, { overwriteMode: "update", keepNull: false });
    expect(up._oldRev).toBe(r1._rev);
    expect(col.get("o")).toEqual({ _id: "test_collection_1/o", _key: "o", _rev: up._rev, c: 3 });

    const rep = col.insert({ _key: "o", d: 4 }, { overwriteMode: "replace" });
    expect(col.get("o")).toEqual({ _id: "test_collection_1/o", _key: "o", _rev: rep._rev, d: 4 });

    expect(err(() => col.insert({ _key: "o" }, { overwriteMode: "conflict", overwrite: true })).errorNum).toBe(1210);
    // overwriteMode on a fresh key is a plain insert
    expect(col.insert({ _key: "fresh" }, { overwriteMode: "update" })._oldRev).toBeUndefined();
  });

  it("requires valid _from/_to on edge inserts (400/1233)", () => {
    const { edges } = setup();
    for (const d of [{}, { _from: "a/1" }, { _from: "foo", _to: "bar" }, { _from: 1, _to: "b/2" }, { _from: "a/1", _to: "b/ 2" }]) {
      const e = err(() => edges.insert(d));
      expect([e.code, e.errorNum, e.message]).toEqual([400, 1233, "edge attribute missing or invalid"]);
    }
    const r = edges.insert({ _key: "1", _from: "test_collection_4/1", _to: "test_collection_5/4" }, { returnNew: true });
    expect(r.new).toEqual({
      _from: "test_collection_4/1",
      _id: "test_edges/1",
      _key: "1",
      _rev: r._rev,
      _to: "test_collection_5/4",
    });
    expect(Object.keys(r.new!)).toEqual(["_from", "_id", "_key", "_rev", "_to"]);
  });
});

describe("get", () => {
  it("returns the document, 404/1202 when missing", () => {
    const { col } = setup();
    col.insert({ _key: "1" });
    expect(col.get("1")._key).toBe("1");
    const e = err(() => col.get("444555"));
    expect([e.code, e.errorNum, e.message]).toEqual([404, 1202, "document not found"]);
  });

  it("checks If-Match (412/1200 with the current _id/_key/_rev) and If-None-Match (304)", () => {
    const { col } = setup();
    const { _rev } = col.insert({ _key: "1" });
    expect(col.get("1", { ifMatch: _rev })._rev).toBe(_rev);
    expect(col.get("1", { ifMatch: `"${_rev}"` })._rev).toBe(_rev);
    const e = err(() => col.get("1", { ifMatch: _rev + "0" }));
    expect([e.code, e.errorNum, e.message]).toEqual([412, 1200, "precondition failed"]);
    expect(e.extra).toEqual({ _id: "test_collection_1/1", _key: "1", _rev });
    expect(e.toBody()).toEqual({
      error: true,
      code: 412,
      errorNum: 1200,
      errorMessage: "precondition failed",
      _id: "test_collection_1/1",
      _key: "1",
      _rev,
    });
    expect(err(() => col.get("1", { ifNoneMatch: _rev })).code).toBe(304);
    expect(col.get("1", { ifNoneMatch: "other" })._rev).toBe(_rev);
    expect(col.lookup("1")).toBe(col.get("1"));
    expect(col.lookup("2")).toBeUndefined();
    expect(col.has("1")).toBe(true);
  });
});

describe("update", () => {
  it("merges, returns _oldRev, keeps _key/_id and ignores system attributes in the patch", () => {
    const { col } = setup();
    const first = col.insert({ _key: "1", val: 1, text: "foo", loc: [1, 1] });
    const r = col.update("1", { _key: "zzz", _id: "x/y", _rev: "bogus", val: { foo: 1 } });
    expect(r).toEqual({ _id: "test_collection_1/1", _key: "1", _rev: r._rev, _oldRev: first._rev });
    expect(r._rev).not.toBe(first._rev);
    expect(col.get("1")).toEqual({ _id: "test_collection_1/1", _key: "1", _rev: r._rev, loc: [1, 1], text: "foo", val: { foo: 1 } });
  });

  it("merges nested objects unless mergeObjects=false (recorded sequence)", () => {
    const { col } = setup();
    col.insert({ _key: "1", val: { foo: 1 } });
    col.update("1", { val: { bar: 2 } }, { mergeObjects: true, keepNull: true });
    expect(col.get("1").val).toEqual({ bar: 2, foo: 1 });
    expect(Object.keys(col.get("1").val as object)).toEqual(["bar", "foo"]);
    col.update("1", { val: { baz: 3 } }, { mergeObjects: false });
    expect(col.get("1").val).toEqual({ baz: 3 });
    col.update("1", { deep: { a: { b: 1 } } });
    col.update("1", { deep: { a: { c: 2 } } });
    expect(col.get("1").deep).toEqual({ a: { b: 1, c: 2 } });
  });

  it("keeps nulls by default and removes them with keepNull=false (also nested)", () => {
    const { col } = setup();
    col.insert({ _key: "1", val: 1, o: { a: 1, b: 2 } });
    col.update("1", { val: null });
    expect(col.get("1")).toHaveProperty("val", null);
    col.update("1", { val: null, o: { a: null }, n: { x: null, y: 1 } }, { keepNull: false });
    const d = col.get("1");
    expect(d).not.toHaveProperty("val");
    expect(d.o).toEqual({ b: 2 });
    expect(d.n).toEqual({ y: 1 });
  });

  it("checks revisions: If-Match always, body _rev only when ignoreRevs=false (412/1200)", () => {
    const { col } = setup();
    const { _rev } = col.insert({ _key: "1" });
    const e = err(() => col.update("1", { _rev: _rev + "0", val: 5 }, { ignoreRevs: false }));
    expect([e.code, e.errorNum]).toEqual([412, 1200]);
    expect(e.extra).toEqual({ _id: "test_collection_1/1", _key: "1", _rev });
    const ok = col.update("1", { _rev: _rev + "0", val: 5 }); // ignoreRevs defaults to true
    expect(ok._oldRev).toBe(_rev);
    const ok2 = col.update("1", { _rev: ok._rev, val: 6 }, { ignoreRevs: false });
    expect(ok2._oldRev).toBe(ok._rev);
    expect(err(() => col.update("1", { val: 7 }, { ifMatch: "nope" })).code).toBe(412);
    expect(col.update("1", { val: 7 }, { ifMatch: ok2._rev })._oldRev).toBe(ok2._rev);
  });

  it("returns old and new when asked; 404/1202 for a missing document", () => {
    const { col } = setup();
    col.insert({ _key: "1", val: 1 });
    const r = col.update("1", { val: 3 }, { returnNew: true, returnOld: true, silent: true, waitForSync: true });
    expect(r.old).toMatchObject({ val: 1 });
    expect(r.new).toMatchObject({ val: 3, _rev: r._rev });
    const e = err(() => col.update("2", { val: 2 }));
    expect([e.code, e.errorNum, e.message]).toEqual([404, 1202, "document not found"]);
  });

  it("accepts any string _from/_to on edges (as recorded C8 does) but not other types", () => {
    const { edges } = setup();
    edges.insert({ _key: "1", _from: "a/1", _to: "b/2" });
    const r = edges.update("1", { _from: "foo", _to: "bar" }, { returnNew: true });
    expect(r.new).toMatchObject({ _from: "foo", _to: "bar" });
    expect(err(() => edges.update("1", { _from: 5 })).errorNum).toBe(1233);
  });
});

describe("replace", () => {
  it("replaces the whole body, keeps _key/_id, new _rev and _oldRev", () => {
    const { col } = setup();
    const first = col.insert({ _key: "1", val: 1, text: "foo" });
    const r = col.replace("1", { _key: "other", text: "bar", foo: 2 }, { returnOld: true, returnNew: true });
    expect(r._oldRev).toBe(first._rev);
    expect(r.old).toMatchObject({ val: 1, text: "foo" });
    expect(r.new).toEqual({ _id: "test_collection_1/1", _key: "1", _rev: r._rev, foo: 2, text: "bar" });
    expect(col.get("1")).toBe(r.new);
  });

  it("404/1202 when missing, 412 on revision mismatch (ignoreRevs=false or If-Match)", () => {
    const { col } = setup();
    expect(err(() => col.replace("2", { val: 2 })).errorNum).toBe(1202);
    const { _rev } = col.insert({ _key: "1" });
    expect(err(() => col.replace("1", { _rev: "x" }, { ignoreRevs: false })).errorNum).toBe(1200);
    expect(err(() => col.replace("1", {}, { ifMatch: "x" })).extra).toEqual({ _id: "test_collection_1/1", _key: "1", _rev });
    expect(col.replace("1", { _rev: "x" })._oldRev).toBe(_rev);
  });

  it("requires string _from/_to on edges", () => {
    const { edges } = setup();
    edges.insert({ _key: "1", _from: "a/1", _to: "b/2" });
    expect(err(() => edges.replace("1", { x: 1 })).errorNum).toBe(1233);
    expect(edges.replace("1", { _from: "baz", _to: "qux" }, { returnNew: true }).new).toMatchObject({ _from: "baz", _to: "qux" });
  });
});

describe("remove", () => {
  it("deletes and answers with the removed revision, old when asked", () => {
    const { col } = setup();
    const { _rev } = col.insert({ _key: "2", val: 2 });
    const r = col.remove("2", { returnOld: true });
    expect(r).toEqual({ _id: "test_collection_1/2", _key: "2", _rev, old: { _id: "test_collection_1/2", _key: "2", _rev, val: 2 } });
    expect(col.count()).toBe(0);
    const e = err(() => col.remove("2"));
    expect([e.code, e.errorNum, e.message]).toEqual([404, 1202, "document not found"]);
  });

  it("checks If-Match (412 with the current revision)", () => {
    const { col } = setup();
    const { _rev } = col.insert({ _key: "4" });
    const e = err(() => col.remove("4", { ifMatch: _rev + "0" }));
    expect([e.code, e.errorNum, e.extra]).toEqual([412, 1200, { _id: "test_collection_1/4", _key: "4", _rev }]);
    expect(col.has("4")).toBe(true);
    expect(col.remove("4", { ifMatch: _rev })._rev).toBe(_rev);
  });
});

describe("all", () => {
  it("iterates the stored documents in insertion order", () => {
    const { col } = setup();
    for (let i = 1; i <= 3; i++) col.insert({ _key: String(i), i });
    const docs: Doc[] = [...col.all()];
    expect(docs.map((d) => d.i)).toEqual([1, 2, 3]);
  });

  it("is fast enough for bulk work (100k inserts well under a second)", () => {
    const db = new Database("f");
    const c = db.createCollection("bulk");
    const t = performance.now();
    for (let i = 0; i < 100_000; i++) c.insert({ i, name: "n" + i, tags: ["a", "b"] });
    expect(c.count()).toBe(100_000);
    expect(performance.now() - t).toBeLessThan(2000);
  });
});

describe("atomic steps", () => {
  it("undoes every write of a failed step, in every collection, and commits a successful one as one batch", () => {
    const db = new Database("f", { systemCollections: false });
    const a = db.createCollection("a");
    const b = db.createCollection("b");
    a.insert({ _key: "keep", v: 1 });
    const batches: number[] = [];
    db.onCommit((batch) => batches.push(batch.changes.length));
    expect(() =>
      db.atomic(() => {
        a.update("keep", { v: 2 });
        b.insert({ _key: "new" });
        a.insert({ _key: "keep" }); // 409: the whole step rolls back
      }),
    ).toThrow(/unique/);
    expect(a.get("keep").v).toBe(1);
    expect(b.count()).toBe(0);
    expect(batches).toEqual([]);
    db.atomic(() => {
      b.insert({ _key: "x" });
      b.insert({ _key: "y", }, { waitForSync: true });
    });
    a.remove("keep");
    expect(batches).toEqual([2, 1]);
  });
});
