/** Documents: single and multi-document writes with C8's statuses, headers and per-item errors; bulk import. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectError, start, type Client, type Started } from "./helpers.js";

let s: Started;
let c: Client;
const doc = "/_fabric/_system/_api/document";

beforeAll(async () => {
  s = await start();
  c = s.client;
  await c.post("/_fabric/_system/_api/collection", { name: "col" });
  await c.post("/_fabric/_system/_api/collection", { name: "edges", type: 3 });
  await c.post("/_fabric/_system/_api/collection", { name: "synced", waitForSync: true });
});
afterAll(() => s.fabric.close());
beforeEach(async () => {
  await c.put("/_fabric/_system/_api/collection/col/truncate");
});

describe("single-document writes", () => {
  it("insert → 202 {_id,_key,_rev} + Location; waitForSync → 201", async () => {
    const res = await c.post(`${doc}/col?returnNew=0&silent=0`, { _key: "1", val: 1 });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ _id: "col/1", _key: "1", _rev: expect.stringMatching(/^_/) });
    expect(res.headers.get("location")).toBe("/_tenant/mytenant/_fabric/_system/_api/document/col/1");
    const synced = await c.post(`${doc}/col?waitForSync=1`, { _key: "2" });
    expect(synced.status).toBe(201);
    // a collection created with waitForSync syncs every write
    expect((await c.post(`${doc}/synced`, {})).status).toBe(201);
  });

  it("generates keys, returnNew, silent → {} without Location", async () => {
    const gen = await c.post(`${doc}/col?returnNew=true`, { a: 1 });
    expect(gen.body._key).toMatch(/^[0-9]+$/);
    expect(gen.body.new).toEqual({ _id: gen.body._id, _key: gen.body._key, _rev: gen.body._rev, a: 1 });
    const silent = await c.post(`${doc}/col?silent=1`, { _key: "s" });
    expect(silent.status).toBe(202);
    expect(silent.body).toEqual({});
    expect(silent.headers.get("location")).toBeNull();
  });

  it("1210 duplicate key, 1221 illegal key, 1233 edge attributes", async () => {
    await c.post(`${doc}/col`, { _key: "dup" });
    const dup = await c.post(`${doc}/col`, { _key: "dup" });
    expectError(dup, 409, 1210);
    expect(dup.body.errorMessage).toBe(
      "Each document in a collection must have a unique key, and the provided one is already used in collection 'col'.",
    );
    expectError(await c.post(`${doc}/col`, { _key: "bad key/" }), 400, 1221);
    expectError(await c.post(`${doc}/edges`, { _key: "e" }), 400, 1233);
    expect((await c.post(`${doc}/edges`, { _from: "col/a", _to: "col/b" })).status).toBe(202);
    expectError(await c.post(`${doc}/ghost`, {}), 404, 1203);
  });

  it("overwrite and overwriteMode", async () => {
    await c.post(`${doc}/col`, { _key: "o", a: 1, nested: { x: 1 } });
    const replaced = await c.post(`${doc}/col?overwrite=true&returnOld=true&returnNew=true`, { _key: "o", b: 2 });
    expect(replaced.status).toBe(202);
    expect(replaced.body._oldRev).toBe(replaced.body.old._rev);
    expect(replaced.body.new).toMatchObject({ b: 2 });
    expect(replaced.body.new.a).toBeUndefined();
    const updated = await c.post(`${doc}/col?overwriteMode=update&returnNew=1`, { _key: "o", c: 3 });
    expect(updated.body.new).toMatchObject({ b: 2, c: 3 });
    const ignored = await c.post(`${doc}/col?overwriteMode=ignore`, { _key: "o", d: 4 });
    expect(ignored.status).toBe(202);
    expect((await c.get(`${doc}/col/o`)).body.d).toBeUndefined();
    expectError(await c.post(`${doc}/col?overwriteMode=conflict`, { _key: "o" }), 409, 1210);
    expectError(await c.post(`${doc}/col?overwriteMode=bogus`, { _key: "o" }), 400, 10);
  });

  it("get, If-Match (412 with the current revision), If-None-Match (304), etag", async () => {
    const ins = await c.post(`${doc}/col`, { _key: "g", v: 1 });
    const got = await c.get(`${doc}/col/g`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ _id: "col/g", _key: "g", _rev: ins.body._rev, v: 1 });
    expect(got.headers.get("etag")).toBe(`"${ins.body._rev}"`);
    const pre = await c.get(`${doc}/col/g`, { headers: { "if-match": `${ins.body._rev}0` } });
    expectError(pre, 412, 1200);
    expect(pre.body).toMatchObject({ errorMessage: "precondition failed", _id: "col/g", _key: "g", _rev: ins.body._rev });
    expect((await c.get(`${doc}/col/g`, { headers: { "if-match": ins.body._rev } })).status).toBe(200);
    const nm = await c.get(`${doc}/col/g`, { headers: { "if-none-match": `"${ins.body._rev}"` } });
    expect(nm.status).toBe(304);
    expect(nm.text).toBe("");
    expectError(await c.get(`${doc}/col/missing`), 404, 1202);
  });

  it("replace and update (keepNull, mergeObjects), with _oldRev / old / new", async () => {
    await c.post(`${doc}/col`, { _key: "u", a: 1, obj: { x: 1, y: 2 } });
    const rep = await c.put(`${doc}/col/u?returnOld=1&returnNew=1`, { b: 2 });
    expect(rep.status).toBe(202);
    expect(rep.headers.get("location")).toBe("/_tenant/mytenant/_fabric/_system/_api/document/col/u");
    expect(rep.body.old).toMatchObject({ a: 1 });
    expect(rep.body.new).toEqual({ _id: "col/u", _key: "u", _rev: rep.body._rev, b: 2 });
    expect(rep.body._oldRev).toBe(rep.body.old._rev);

    await c.put(`${doc}/col/u`, { obj: { x: 1, y: 2 }, keep: 1 });
    const merged = await c.patch(`${doc}/col/u?returnNew=1`, { obj: { z: 3 } });
    expect(merged.body.new.obj).toEqual({ x: 1, y: 2, z: 3 });
    const notMerged = await c.patch(`${doc}/col/u?returnNew=1&mergeObjects=false`, { obj: { z: 3 } });
    expect(notMerged.body.new.obj).toEqual({ z: 3 });
    const keptNull = await c.patch(`${doc}/col/u?returnNew=1`, { keep: null });
    expect(keptNull.body.new).toHaveProperty("keep", null);
    const droppedNull = await c.patch(`${doc}/col/u?returnNew=1&keepNull=false`, { keep: null });
    expect(droppedNull.body.new).not.toHaveProperty("keep");
    expect((await c.patch(`${doc}/col/u?waitForSync=true`, { w: 1 })).status).toBe(201);
    expect((await c.put(`${doc}/col/u?silent=true`, { w: 1 })).body).toEqual({});
    expectError(await c.patch(`${doc}/col/nope`, { a: 1 }), 404, 1202);
    expectError(await c.put(`${doc}/col/nope`, { a: 1 }), 404, 1202);
  });

  it("revision checks: If-Match header, and a body _rev with ignoreRevs=false", async () => {
    const ins = await c.post(`${doc}/col`, { _key: "r" });
    expectError(await c.put(`${doc}/col/r`, { a: 1 }, { headers: { "if-match": "_wrong" } }), 412, 1200);
    expectError(await c.put(`${doc}/col/r?ignoreRevs=0`, { _rev: "_wrong", a: 1 }), 412, 1200);
    expect((await c.put(`${doc}/col/r?ignoreRevs=1`, { _rev: "_wrong", a: 1 })).status).toBe(202);
    expectError(await c.patch(`${doc}/col/r?ignoreRevs=false`, { _rev: ins.body._rev, a: 2 }), 412, 1200);
    expectError(await c.del(`${doc}/col/r`, { headers: { "if-match": ins.body._rev } }), 412, 1200);
  });

  it("delete → 202 (200 with waitForSync), returnOld, silent, 404", async () => {
    await c.post(`${doc}/col`, [{ _key: "d1" }, { _key: "d2" }, { _key: "d3" }]);
    const d1 = await c.del(`${doc}/col/d1?returnOld=1`);
    expect(d1.status).toBe(202);
    expect(d1.body).toMatchObject({ _id: "col/d1", _key: "d1", old: { _key: "d1" } });
    expect(d1.headers.get("location")).toBe("/_tenant/mytenant/_fabric/_system/_api/document/col/d1");
    expect((await c.del(`${doc}/col/d2?waitForSync=1`)).status).toBe(200);
    const d3 = await c.del(`${doc}/col/d3?silent=1`);
    expect(d3.body).toEqual({});
    expectError(await c.del(`${doc}/col/d3`), 404, 1202);
    expect((await c.get("/_fabric/_system/_api/collection/col/count")).body.count).toBe(0);
  });
});

describe("multi-document writes", () => {
  it("insert an array: per-item results, failures in place with x-c8-error-codes", async () => {
    const ok = await c.post(`${doc}/col`, [{ _key: "1" }, { _key: "2" }]);
    expect(ok.status).toBe(202);
    expect(ok.body).toEqual([
      { _id: "col/1", _key: "1", _rev: expect.any(String) },
      { _id: "col/2", _key: "2", _rev: expect.any(String) },
    ]);
    expect(ok.headers.get("x-c8-error-codes")).toBeNull();
    expect(ok.headers.get("location")).toBeNull();
    const mixed = await c.post(`${doc}/col?waitForSync=1`, [{ _key: "1" }, { _key: "3" }, { _key: "2" }, { _key: "bad/" }]);
    expect(mixed.status).toBe(201);
    expect(mixed.headers.get("x-c8-error-codes")).toBe('{"1210":2,"1221":1}');
    expect(mixed.body[0]).toEqual({ error: true, errorNum: 1210, errorMessage: expect.stringContaining("unique key") });
    expect(mixed.body[1]).toMatchObject({ _key: "3" });
    expect(mixed.body[3]).toMatchObject({ error: true, errorNum: 1221 });
    const silent = await c.post(`${doc}/col?silent=true`, [{ _key: "4" }, { _key: "5" }]);
    expect(silent.body).toEqual({});
  });

  it("edge collection: all items fail → still 202 with {\"1233\":n}", async () => {
    const res = await c.post(`${doc}/edges`, [{ a: 1 }, { b: 2 }]);
    expect(res.status).toBe(202);
    expect(res.headers.get("x-c8-error-codes")).toBe('{"1233":2}');
    expect(res.body).toEqual([
      { error: true, errorNum: 1233, errorMessage: "edge attribute missing or invalid" },
      { error: true, errorNum: 1233, errorMessage: "edge attribute missing or invalid" },
    ]);
  });

  it("replace / update / delete by array", async () => {
    await c.post(`${doc}/col`, [{ _key: "a", n: 1 }, { _key: "b", n: 1 }]);
    const rep = await c.put(`${doc}/col?returnNew=1`, [{ _key: "a", n: 2 }, { _key: "zz", n: 2 }, { n: 3 }]);
    expect(rep.status).toBe(202);
    expect(rep.body[0].new).toMatchObject({ n: 2 });
    expect(rep.body[1]).toEqual({ error: true, errorNum: 1202, errorMessage: "document not found" });
    expect(rep.body[2]).toMatchObject({ error: true, errorNum: 1205 });
    expect(rep.headers.get("x-c8-error-codes")).toBe('{"1202":1,"1205":1}');
    const upd = await c.patch(`${doc}/col?waitForSync=1&returnNew=1`, [{ _id: "col/b", m: 1 }]);
    expect(upd.status).toBe(201);
    expect(upd.body[0].new).toMatchObject({ n: 1, m: 1 });
    const del = await c.call("DELETE", `${doc}/col?returnOld=1`, { body: ["a", { _key: "b" }, "nope"] });
    expect(del.status).toBe(202);
    expect(del.body[0].old).toMatchObject({ _key: "a" });
    expect(del.body[1]).toMatchObject({ _key: "b" });
    expect(del.body[2]).toMatchObject({ error: true, errorNum: 1202 });
    expect(del.headers.get("x-c8-error-codes")).toBe('{"1202":1}');
    expect((await c.call("DELETE", `${doc}/col?waitForSync=true`, { body: [] })).status).toBe(200);
  });

  it("multi delete checks item _rev when ignoreRevs=false", async () => {
    const ins = await c.post(`${doc}/col`, { _key: "rv" });
    const bad = await c.call("DELETE", `${doc}/col?ignoreRevs=false`, { body: [{ _key: "rv", _rev: "_nope" }] });
    // only the error: no _id/_key/_rev that a client could read as success
    expect(bad.body[0]).toEqual({ error: true, errorNum: 1200, errorMessage: "conflict" });
    const good = await c.call("DELETE", `${doc}/col?ignoreRevs=false`, { body: [{ _key: "rv", _rev: ins.body._rev }] });
    expect(good.body[0]).toMatchObject({ _key: "rv" });
  });
});

describe("multi-document bodies: bad items fail alone", () => {
  it("a revision conflict in multi replace / update is only {error, errorNum: 1200, errorMessage: conflict}", async () => {
    const ins = await c.post(`${doc}/col`, { _key: "c1", n: 1 });
    const conflict = { error: true, errorNum: 1200, errorMessage: "conflict" };
    const rep = await c.put(`${doc}/col?ignoreRevs=false`, [{ _key: "c1", _rev: "_stale", n: 2 }, { _key: "c1", _rev: ins.body._rev, n: 3 }]);
    expect(rep.status).toBe(202);
    expect(rep.body[0]).toEqual(conflict);
    expect(rep.body[1]).toMatchObject({ _key: "c1", _oldRev: ins.body._rev });
    expect(rep.headers.get("x-c8-error-codes")).toBe('{"1200":1}');
    const upd = await c.patch(`${doc}/col?ignoreRevs=false`, [{ _key: "c1", _rev: "_stale", n: 4 }]);
    expect(upd.body).toEqual([conflict]);
    expect((await c.get(`${doc}/col/c1`)).body.n).toBe(3);
  });

  it("insert: a string, an array, a number _key are per-item errors; the rest is written", async () => {
    const res = await c.post(`${doc}/col`, ["oops", { _key: 1 }, [1], { _key: "ok1" }, null]);
    expect(res.status).toBe(202);
    expect(res.body).toEqual([
      { error: true, errorNum: 1227, errorMessage: "invalid document type" },
      { error: true, errorNum: 1221, errorMessage: "illegal document key" },
      { error: true, errorNum: 1227, errorMessage: "invalid document type" },
      { _id: "col/ok1", _key: "ok1", _rev: expect.any(String) },
      { error: true, errorNum: 1227, errorMessage: "invalid document type" },
    ]);
    expect(res.headers.get("x-c8-error-codes")).toBe('{"1221":1,"1227":3}');
    expect((await c.get(`${doc}/col/ok1`)).status).toBe(200);
  });

  it("replace / update / delete: bad items fail alone", async () => {
    await c.post(`${doc}/col`, [{ _key: "g1" }, { _key: "g2" }, { _key: "g3" }]);
    const rep = await c.put(`${doc}/col`, ["g1", { _key: 7 }, { _key: "g1", v: 1 }]);
    expect(rep.status).toBe(202);
    expect(rep.body.slice(0, 2)).toEqual([
      { error: true, errorNum: 1227, errorMessage: "invalid document type" },
      { error: true, errorNum: 1221, errorMessage: "illegal document key" },
    ]);
    expect(rep.body[2]).toMatchObject({ _key: "g1" });
    const upd = await c.patch(`${doc}/col`, [42, { _key: "g2", v: 2 }]);
    expect(upd.body[0]).toEqual({ error: true, errorNum: 1227, errorMessage: "invalid document type" });
    expect(upd.body[1]).toMatchObject({ _key: "g2" });
    const del = await c.call("DELETE", `${doc}/col`, { body: [true, { _key: 3 }, "g3"] });
    expect(del.status).toBe(202);
    expect(del.body.slice(0, 2)).toEqual([
      { error: true, errorNum: 1227, errorMessage: "invalid document type" },
      { error: true, errorNum: 1221, errorMessage: "illegal document key" },
    ]);
    expect(del.body[2]).toMatchObject({ _key: "g3" });
    expect((await c.get(`${doc}/col/g3`)).status).toBe(404);
  });

  it("only a body that is not an array fails as a whole; a single document stays strict", async () => {
    expectError(await c.put(`${doc}/col`, { _key: "x" }), 400, 10);
    expectError(await c.patch(`${doc}/col`, "x"), 400, 10);
    expectError(await c.call("DELETE", `${doc}/col`, { body: { _key: "x" } }), 400, 10);
    expectError(await c.post(`${doc}/col`, "just a string"), 400, 10);
    expectError(await c.put(`${doc}/col/x`, [1]), 400, 10);
  });
});

describe("POST /_api/import/{collection}", () => {
  it("imports, counting failures instead of failing (recorded shape)", async () => {
    const data = [{ _key: "1", v: 1 }, { _key: "2", v: 2 }];
    const first = await c.post("/_fabric/_system/_api/import/col", { data, details: true, replace: false });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      error: false,
      code: 200,
      result: { created: 2, errors: 0, unprocessed: 0, details: { errors: [], unprocessed: [] } },
    });
    const again = await c.post("/_fabric/_system/_api/import/col", { data, details: true, replace: false });
    expect(again.headers.get("x-c8-error-codes")).toBe('{"1210":2}');
    expect(again.body.result).toMatchObject({ created: 0, errors: 2, unprocessed: 0 });
    expect(again.body.result.details.errors[0]).toEqual({
      document: { _key: "1", v: 1 },
      errorNumber: 1210,
      errorMessage: "1: Each document in a collection must have a unique key, and the provided one is already used in collection 'col'.",
    });
    const replaced = await c.post("/_fabric/_system/_api/import/col", { data: [{ _key: "1", v: 9 }], replace: true });
    expect(replaced.body.result).toEqual({ created: 1, errors: 0, unprocessed: 0 });
    expect((await c.get(`${doc}/col/1`)).body.v).toBe(9);
    const edges = await c.post("/_fabric/_system/_api/import/edges", { data: [{ _from: "foo", _to: "bar" }], details: true });
    expect(edges.body.result.details.errors[0]).toMatchObject({ errorNumber: 1233, errorMessage: "1: edge attribute missing or invalid" });
    expectError(await c.post("/_fabric/_system/_api/import/ghost", { data: [] }), 404, 1203);
  });
});
