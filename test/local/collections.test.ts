/** Collections: create (document/edge), list, get, properties, count, figures, truncate, delete. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, start, type Started } from "./helpers.js";

let s: Started;
const base = "/_fabric/_system/_api/collection";

beforeAll(async () => {
  s = await start();
});
afterAll(() => s.fabric.close());

const LIST_ITEM_KEYS = [
  "collectionModel",
  "globallyUniqueId",
  "hasStream",
  "id",
  "isLocal",
  "isSpot",
  "isSystem",
  "name",
  "searchEnabled",
  "status",
  "type",
  "waitForSync",
];

describe("collections", () => {
  it("creates a document collection → 200 with its properties", async () => {
    const res = await s.client.post(base, {
      name: "people",
      waitForSync: false,
      keyOptions: { type: "traditional", allowUserKeys: true },
      type: 2,
      isSpot: false,
      isLocal: false,
      isSystem: false,
      stream: false,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      error: false,
      code: 200,
      name: "people",
      type: 2,
      status: 3,
      statusString: "loaded",
      collectionModel: "DOC",
      isSystem: false,
      keyOptions: { allowUserKeys: true, type: "traditional", lastValue: 0 },
    });
    expect(res.body.id).toMatch(/^[0-9]+$/);
  });

  it("creates an edge collection (type 3)", async () => {
    const res = await s.client.post(base, { name: "knows", type: 3 });
    expect(res.body.type).toBe(3);
  });

  it("duplicate → 409/1207, illegal name → 400/1208, bad type → 400", async () => {
    expectError(await s.client.post(base, { name: "people" }), 409, 1207);
    expectError(await s.client.post(base, { name: "1-bad name" }), 400, 1208);
    expect((await s.client.post(base, { name: "typed", type: 7 })).status).toBe(400);
  });

  it("lists in the recorded shape; excludeSystem leaves out system collections", async () => {
    const all = await s.client.get(base);
    expect(all.body.error).toBe(false);
    const names = all.body.result.map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(["people", "knows", "_graphs"]));
    for (const item of all.body.result) expect(Object.keys(item).sort()).toEqual(LIST_ITEM_KEYS);
    const user = await s.client.get(`${base}?excludeSystem=true`);
    expect(user.body.result.map((c: { name: string }) => c.name).sort()).toEqual(["knows", "people"]);
    expect((await s.client.get(`${base}?excludeSystem=1`)).body.result).toHaveLength(2);
  });

  it("get, properties, count, figures", async () => {
    await s.client.post("/_fabric/_system/_api/document/people", [{ _key: "a" }, { _key: "b" }]);
    const get = await s.client.get(`${base}/people`);
    expect(get.body).toMatchObject({ error: false, code: 200, name: "people", type: 2 });
    expect(Object.keys(get.body).sort()).toEqual([...LIST_ITEM_KEYS, "code", "error"].sort());
    const props = await s.client.get(`${base}/people/properties`);
    expect(props.body).toMatchObject({ name: "people", keyOptions: { type: "traditional" }, statusString: "loaded" });
    const count = await s.client.get(`${base}/people/count`);
    expect(count.body).toEqual({
      error: false,
      code: 200,
      name: "people",
      isSystem: false,
      searchEnabled: false,
      id: get.body.id,
      globallyUniqueId: get.body.globallyUniqueId,
      count: 2,
    });
    const figures = await s.client.get(`${base}/people/figures`);
    expect(figures.body).toMatchObject({ count: 2, collectionModel: 0, figures: { indexes: { count: expect.any(Number) } } });
  });

  it("truncate → 200 with the collection info, count 0", async () => {
    const res = await s.client.put(`${base}/people/truncate`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ error: false, code: 200, name: "people" });
    expect((await s.client.get(`${base}/people/count`)).body.count).toBe(0);
  });

  it("unknown collection → 404/1203 everywhere", async () => {
    for (const p of ["", "/properties", "/count", "/figures"]) expectError(await s.client.get(`${base}/ghost${p}`), 404, 1203);
    expectError(await s.client.put(`${base}/ghost/truncate`), 404, 1203);
    expectError(await s.client.del(`${base}/ghost`), 404, 1203);
  });

  it("delete → 200 with the id; system collections need isSystem=true", async () => {
    const id = (await s.client.get(`${base}/knows`)).body.id;
    const res = await s.client.del(`${base}/knows`);
    expect(res.body).toEqual({ error: false, code: 200, id });
    expectError(await s.client.get(`${base}/knows`), 404, 1203);
    expectError(await s.client.del(`${base}/_graphs`), 403, 11);
    expect((await s.client.del(`${base}/_graphs?isSystem=true`)).status).toBe(200);
  });
});
