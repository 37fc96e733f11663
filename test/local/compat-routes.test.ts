/**
 * Routes real clients other than pyC8 rely on (found by the jsC8 cross-check, test/crosscheck/jsc8.test.ts):
 * fabric paths without `_api`, the server version, the detailed fabric list, changing collection properties,
 * ArangoDB's `POST /_api/document?collection=` insert, and bulk import with `primaryKey`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, start, type Started } from "./helpers.js";

let s: Started;

beforeAll(async () => {
  s = await start();
  const c = s.client;
  expect((await c.post("/_fabric/_system/_api/database", { name: "compat", options: { dcList: "" } })).status).toBe(201);
  expect((await c.post("/_fabric/compat/_api/collection", { name: "docs" })).status).toBe(200);
  expect((await c.post("/_fabric/compat/_api/collection", { name: "links", type: 3 })).status).toBe(200);
});
afterAll(() => s.fabric.close());

describe("fabric paths without _api", () => {
  it("answer exactly as the _api paths do, also under /_tenant/{tenant}", async () => {
    const c = s.client;
    const canonical = await c.get("/_fabric/compat/_api/collection?excludeSystem=true");
    const short = await c.get("/_fabric/compat/collection?excludeSystem=true");
    expect(short.status).toBe(200);
    expect(short.body).toEqual(canonical.body);
    expect((await c.get("/_tenant/mytenant/_fabric/compat/collection/docs")).body).toMatchObject({ name: "docs", type: 2 });

    const saved = await c.post("/_fabric/compat/document/docs?returnNew=true", { _key: "a", n: 1 });
    expect(saved.status).toBe(202);
    expect(saved.body).toMatchObject({ _id: "docs/a", _key: "a", new: { n: 1 } });
    expect((await c.get("/_fabric/compat/document/docs/a")).body).toMatchObject({ _key: "a", n: 1 });
    const cursor = await c.post("/_fabric/compat/cursor", { query: "FOR d IN docs RETURN d.n", batchSize: 1 });
    expect(cursor.status).toBe(201);
    expect(cursor.body.result).toEqual([1]);
  });

  it("keep the fabric check, 404 for unknown paths, and leave _-prefixed segments alone", async () => {
    const c = s.client;
    expectError(await c.get("/_fabric/nope/collection"), 404, 1228);
    expectError(await c.get("/_fabric/compat/no-such-api"), 404, 404);
    // `_admin` is not rewritten to `_api/_admin`
    const admin = await c.get("/_fabric/compat/_admin/user");
    expectError(admin, 404, 404);
    expect(admin.body.errorMessage).toBe("unknown path '/_fabric/compat/_admin/user'");
    expectError(await c.get("/_fabric/compat/collection", { auth: null }), 401, 11);
  });
});

describe("server version", () => {
  it("GET /_api/version and /_fabric/{fabric}/_api/version answer name, version and license", async () => {
    const c = s.client;
    const plain = await c.get("/_api/version");
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual({ server: "C8DB", version: expect.stringMatching(/^\d+\.\d+\.\d+/), license: "Macrometa" });
    expect((await c.get("/_fabric/compat/_api/version?details=false")).body).toEqual(plain.body);
    const detailed = await c.get("/_fabric/compat/_api/version?details=true");
    expect(detailed.body).toMatchObject({ ...plain.body, details: { "server-version": plain.body.version } });
    expectError(await c.get("/_api/version?details=maybe"), 400, 10);
    expectError(await c.get("/_fabric/nope/_api/version"), 404, 1228);
    expectError(await c.get("/_api/version", { auth: null }), 401, 11);
  });
});

describe("fabrics with details", () => {
  it("GET /database/user lists every fabric as /database/current describes it", async () => {
    const c = s.client;
    const res = await c.get("/_fabric/compat/_api/database/user");
    expect(res.status).toBe(200);
    const current = (await c.get("/_fabric/compat/_api/database/current")).body.result;
    const system = (await c.get("/_fabric/_system/_api/database/current")).body.result;
    expect(res.body).toEqual({ error: false, code: 200, result: [system, current] });
  });
});

describe("collection properties", () => {
  it("PUT /properties changes waitForSync, hasStream and cacheEnabled; waitForSync then makes writes answer 201", async () => {
    const c = s.client;
    const res = await c.put("/_fabric/compat/_api/collection/docs/properties", { waitForSync: true, hasStream: true, cacheEnabled: true });
    expect(res.status).toBe(200);
    const changed = { waitForSync: true, hasStream: true, cacheEnabled: true };
    expect(res.body).toMatchObject({ error: false, code: 200, name: "docs", ...changed, keyOptions: expect.any(Object) });
    expect((await c.get("/_fabric/compat/_api/collection/docs/properties")).body).toMatchObject(changed);
    expect((await c.post("/_fabric/compat/_api/document/docs", { _key: "synced" })).status).toBe(201);

    const back = await c.put("/_fabric/compat/_api/collection/docs/properties", { waitForSync: false });
    expect(back.body).toMatchObject({ waitForSync: false, hasStream: true });
    expect((await c.post("/_fabric/compat/_api/document/docs", { _key: "unsynced" })).status).toBe(202);

    expectError(await c.put("/_fabric/compat/_api/collection/docs/properties", { waitForSync: "yes" }), 400, 10);
    expectError(await c.put("/_fabric/compat/_api/collection/ghost/properties", { waitForSync: true }), 404, 1203);
  });
});

describe("POST /_api/document?collection=", () => {
  it("inserts like POST /_api/document/{collection}: one, many, edges, flags, Location", async () => {
    const c = s.client;
    const one = await c.post("/_fabric/compat/_api/document?collection=docs&returnNew=1", { _key: "q1", v: 1 });
    expect(one.status).toBe(202);
    expect(one.body).toMatchObject({ _id: "docs/q1", _key: "q1", new: { v: 1 } });
    expect(one.headers.get("location")).toBe("/_tenant/mytenant/_fabric/compat/_api/document/docs/q1");

    const many = await c.post("/_fabric/compat/_api/document?collection=docs", [{ _key: "q2" }, { _key: "q1" }]);
    expect(many.status).toBe(202);
    expect(many.body[0]).toMatchObject({ _id: "docs/q2" });
    expect(many.body[1]).toMatchObject({ error: true, errorNum: 1210 });
    expect(many.headers.get("x-c8-error-codes")).toBe('{"1210":1}');

    const edge = await c.post("/_fabric/compat/_api/document?collection=links", { _from: "docs/q1", _to: "docs/q2" });
    expect(edge.body).toMatchObject({ _id: expect.stringMatching(/^links\//) });
    expectError(await c.post("/_fabric/compat/_api/document?collection=links", { x: 1 }), 400, 1233);
    expectError(await c.post("/_fabric/compat/_api/document?collection=docs", { _key: "q1" }), 409, 1210);
  });

  it("answers 400/1204 without a collection and 404/1203 for an unknown one", async () => {
    const c = s.client;
    const missing = await c.post("/_fabric/compat/_api/document", { x: 1 });
    expectError(missing, 400, 1204);
    expect(missing.body.errorMessage).toBe(
      "'collection' is missing, expecting /_api/document/<collectionname> or query parameter 'collection'",
    );
    expectError(await c.post("/_fabric/compat/_api/document?collection=", { x: 1 }), 400, 1204);
    expectError(await c.post("/_fabric/compat/_api/document?collection=ghost", { x: 1 }), 404, 1203);
  });
});

describe("bulk import with primaryKey", () => {
  it("uses the attribute as _key (as a string) and keeps a previous _key as old_key", async () => {
    const c = s.client;
    const res = await c.post("/_fabric/compat/_api/import/docs", {
      data: [{ name: "ann", _key: "k1" }, { name: 7 }, { other: true }],
      primaryKey: "name",
      details: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.result).toMatchObject({ created: 3, errors: 0 });
    expect((await c.get("/_fabric/compat/_api/document/docs/ann")).body).toMatchObject({ name: "ann", old_key: "k1" });
    expect((await c.get("/_fabric/compat/_api/document/docs/7")).body).toMatchObject({ name: 7 });
    const dup = await c.post("/_fabric/compat/_api/import/docs", { data: [{ name: "ann" }], primaryKey: "name", details: true });
    expect(dup.body.result).toMatchObject({ created: 0, errors: 1 });
    const auto = await c.post("/_fabric/compat/_api/import/docs", { data: [{ name: "ann" }], primaryKey: "auto" });
    expect(auto.body.result).toMatchObject({ created: 1, errors: 0 });
  });
});
