/** Fabrics: current / list / create / delete, and the fabric check that precedes everything else. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, start, type Started } from "./helpers.js";

let s: Started;

beforeAll(async () => {
  s = await start();
});
afterAll(() => s.fabric.close());

describe("fabrics", () => {
  it("every tenant starts with _system only", async () => {
    const res = await s.client.get("/_fabric/_system/_api/database");
    expect(res.body).toEqual({ error: false, code: 200, result: ["_system"] });
  });

  it("describes the current fabric in the recorded shape", async () => {
    const res = await s.client.get("/_fabric/_system/_api/database/current");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      error: false,
      code: 200,
      result: {
        name: "_system",
        isSystem: true,
        options: {
          associated_regions: [expect.any(String)],
          clusters: [expect.any(String)],
          dcList: expect.any(String),
          dynamo_local_tables: false,
          metadata: null,
          name: "mytenant._system",
          realTime: true,
          spotDc: "",
          status: "available",
          tenant: "mytenant",
        },
      },
    });
  });

  it("create → 201, duplicate → 409/1207, list, delete → 200, then 404/1228", async () => {
    const c = s.client;
    const created = await c.post("/_fabric/_system/_api/database", { name: "fab1", options: { dcList: "", metadata: { a: 1 } } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ error: false, code: 201, result: true });
    const dup = await c.post("/_fabric/_system/_api/database", { name: "fab1", options: { dcList: "" } });
    expectError(dup, 409, 1207);
    expect(dup.body.errorMessage).toBe("duplicate database name 'mytenant.fab1'");
    expect((await c.get("/_fabric/_system/_api/database")).body.result).toEqual(["_system", "fab1"]);
    const current = await c.get("/_fabric/fab1/_api/database/current");
    expect(current.body.result).toMatchObject({ name: "fab1", isSystem: false, options: { metadata: { a: 1 } } });
    // listing also works from a non-system fabric
    expect((await c.get("/_fabric/fab1/_api/database")).body.result).toEqual(["_system", "fab1"]);

    expectError(await c.post("/_fabric/fab1/_api/database", { name: "fab2" }), 403, 1230);
    expectError(await c.del("/_fabric/fab1/_api/database/fab1"), 403, 1230);
    const deleted = await c.del("/_fabric/_system/_api/database/fab1");
    expect(deleted.body).toEqual({ error: false, code: 200, result: true });
    expectError(await c.del("/_fabric/_system/_api/database/fab1"), 404, 1228);
    expectError(await c.get("/_fabric/fab1/_api/database/current"), 404, 1228);
    expectError(await c.del("/_fabric/_system/_api/database/_system"), 403, 1230);
  });

  it("rejects illegal fabric names with 400/1229", async () => {
    expectError(await s.client.post("/_fabric/_system/_api/database", { name: "1bad" }), 400, 1229);
    expectError(await s.client.post("/_fabric/_system/_api/database", { name: "has space" }), 400, 1229);
  });

  it("an unknown fabric answers 404/1228 before anything route-specific", async () => {
    const c = s.client;
    for (const [method, path] of [
      ["POST", "/_fabric/nope/_api/database"],
      ["DELETE", "/_fabric/nope/_api/database/x"],
      ["GET", "/_fabric/nope/_api/database/metadata"], // not even a route of ours
      ["GET", "/_fabric/nope/_api/query/current"],
      ["PATCH", "/_fabric/nope/_api/collection"], // wrong method
      ["GET", "/_fabric/nope/_api/job/done"],
      ["PUT", "/_fabric/nope/_api/job/1"],
      ["DELETE", "/_fabric/nope/_api/job/all"],
    ] as const) {
      expectError(await c.call(method, path), 404, 1228);
    }
    // also for async submissions: nothing is queued
    const res = await c.call("POST", "/_fabric/nope/_api/cursor", { body: { query: "RETURN 1" }, headers: { "x-c8-async": "store" } });
    expectError(res, 404, 1228);
    expect(res.headers.get("x-c8-async-id")).toBeNull();
  });

  it("a fabric deleted while a job waits makes the job answer 1228", async () => {
    const c = s.client;
    await c.post("/_fabric/_system/_api/database", { name: "doomed" });
    // hold the only worker with a sleeping job so the next one stays queued
    const other = await start({ jobWorkers: 1 });
    try {
      const oc = other.client;
      await oc.post("/_fabric/_system/_api/database", { name: "doomed" });
      const sleeper = await oc.call("POST", "/_fabric/_system/_api/cursor", {
        body: { query: "RETURN SLEEP(0.5)" },
        headers: { "x-c8-async": "store" },
      });
      expect(sleeper.status).toBe(202);
      const queued = await oc.call("GET", "/_fabric/doomed/_api/collection", { headers: { "x-c8-async": "store" } });
      const id = queued.headers.get("x-c8-async-id")!;
      expect((await oc.del("/_fabric/_system/_api/database/doomed")).status).toBe(200);
      let result;
      for (;;) {
        result = await oc.put(`/_fabric/_system/_api/job/${id}`);
        if (result.status !== 204) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expectError(result, 404, 1228);
      expect(result.headers.get("x-c8-async-id")).toBe(id);
    } finally {
      await other.fabric.close();
    }
  });
});
