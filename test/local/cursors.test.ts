/** C8QL cursors: batches, hasMore, id, count, extra, ttl, next batch by PUT and POST, delete. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, sleep, start, type Client, type Started } from "./helpers.js";

let s: Started;
let c: Client;
const cursor = "/_fabric/_system/_api/cursor";

beforeAll(async () => {
  s = await start();
  c = s.client;
});
afterAll(() => s.fabric.close());

const STATS_KEYS = ["executionTime", "filtered", "httpRequests", "peakMemoryUsage", "scannedFull", "scannedIndex", "writesExecuted", "writesIgnored"];

describe("cursors", () => {
  it("a small result: one batch, no id, no count unless asked, extra.stats + warnings, cached false", async () => {
    const res = await c.post(cursor, { query: "RETURN 100000", count: false });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      result: [100000],
      hasMore: false,
      extra: { stats: expect.any(Object), warnings: [] },
      cached: false,
      error: false,
      code: 201,
    });
    expect(Object.keys(res.body.extra.stats).sort()).toEqual(STATS_KEYS);
  });

  it("batches: id only while hasMore, count when asked, next via PUT and POST, then 404/1600", async () => {
    const first = await c.post(cursor, { query: "FOR i IN 1..5 RETURN i", batchSize: 2, count: true });
    expect(first.body).toMatchObject({ result: [1, 2], hasMore: true, count: 5, code: 201 });
    const id = first.body.id;
    expect(id).toMatch(/^[0-9]+$/);
    const second = await c.put(`${cursor}/${id}`);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ result: [3, 4], hasMore: true, id, count: 5, cached: false, error: false, code: 200 });
    expect(second.body.extra).toEqual(first.body.extra);
    const last = await c.post(`${cursor}/${id}`);
    expect(last.body).toMatchObject({ result: [5], hasMore: false, count: 5, code: 200 });
    expect(last.body).not.toHaveProperty("id");
    expectError(await c.put(`${cursor}/${id}`), 404, 1600);
    const del = await c.del(`${cursor}/${id}`);
    expectError(del, 404, 1600);
    expect(del.body.errorMessage).toBe("cursor not found");
  });

  it("default batch size 100, at most 1000; a bad batchSize is 400/10", async () => {
    const res = await c.post(cursor, { query: "FOR i IN 1..2500 RETURN i" });
    expect(res.body.result).toHaveLength(100);
    const big = await c.post(cursor, { query: "FOR i IN 1..2500 RETURN i", batchSize: 5000 });
    expect(big.body.result).toHaveLength(1000);
    expectError(await c.post(cursor, { query: "RETURN 1", batchSize: 0 }), 400, 10);
  });

  it("delete an open cursor → 202 {id, error, code}", async () => {
    const first = await c.post(cursor, { query: "FOR i IN 1..5 RETURN i", batchSize: 1 });
    const res = await c.del(`${cursor}/${first.body.id}`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: first.body.id, error: false, code: 202 });
    expectError(await c.put(`${cursor}/${first.body.id}`), 404, 1600);
  });

  it("a malformed cursor id: PUT → 400/400 invalid cursor ID", async () => {
    const res = await c.put(`${cursor}/not-a-number`);
    expectError(res, 400, 400);
    expect(res.body.errorMessage).toBe("invalid cursor ID");
    expectError(await c.del(`${cursor}/not-a-number`), 404, 1600);
  });

  it("ttl: an idle cursor expires; reading refreshes it", async () => {
    const first = await c.post(cursor, { query: "FOR i IN 1..10 RETURN i", batchSize: 1, ttl: 0.6 });
    await sleep(250);
    expect((await c.put(`${cursor}/${first.body.id}`)).status).toBe(200);
    await sleep(350); // 600 ms after creation, but only 350 ms after the last read
    expect((await c.put(`${cursor}/${first.body.id}`)).status).toBe(200);
    await sleep(900);
    expectError(await c.put(`${cursor}/${first.body.id}`), 404, 1600);
  });

  it("cursors are per fabric", async () => {
    await c.post("/_fabric/_system/_api/database", { name: "other" });
    const first = await c.post(cursor, { query: "FOR i IN 1..3 RETURN i", batchSize: 1 });
    expectError(await c.put(`/_fabric/other/_api/cursor/${first.body.id}`), 404, 1600);
    expect((await c.put(`${cursor}/${first.body.id}`)).status).toBe(200);
  });

  it("options: fullCount in stats, profile in extra (also when sent at the top level, as pyC8 does)", async () => {
    const plain = await c.post(cursor, { query: "FOR i IN 1..3 RETURN i" });
    expect(plain.body.extra.stats).not.toHaveProperty("fullCount");
    expect(plain.body.extra).not.toHaveProperty("profile");
    const full = await c.post(cursor, { query: "FOR i IN 1..3 RETURN i", options: { fullCount: true, profile: true } });
    expect(full.body.extra.stats.fullCount).toEqual(expect.any(Number));
    expect(Object.keys(full.body.extra.profile)).toEqual([
      "initializing",
      "parsing",
      "optimizing ast",
      "loading collections",
      "instantiating plan",
      "optimizing plan",
      "executing",
      "finalizing",
    ]);
    const top = await c.post(cursor, { query: "FOR i IN 1..3 RETURN i", options: {}, profile: true, fullCount: true });
    expect(top.body.extra).toHaveProperty("profile");
    expect(top.body.extra.stats).toHaveProperty("fullCount");
  });

  it("a C8QL syntax error → 400/1501 in ArangoDB's words", async () => {
    const res = await c.post(cursor, { query: "INVALID QUERY", count: false });
    expectError(res, 400, 1501);
    expect(res.body.errorMessage).toBe("syntax error, unexpected identifier near 'INVALID QUERY' at position 1:1");
  });
});
