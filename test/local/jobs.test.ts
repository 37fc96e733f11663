/** Async jobs (`x-c8-async`), exactly per PROTOCOL.md "Async jobs". */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, start, waitDone, type Client, type Started } from "./helpers.js";

let s: Started;
let c: Client;
const F = "/_fabric/_system/_api";

async function submit(client: Client, method: string, path: string, body?: unknown, mode = "store") {
  return client.call(method, path, { body, headers: { "x-c8-async": mode } });
}

async function submitId(client: Client, method: string, path: string, body?: unknown): Promise<string> {
  const res = await submit(client, method, path, body);
  expect(res.status).toBe(202);
  const id = res.headers.get("x-c8-async-id");
  expect(id).toMatch(/^[1-9][0-9]*$/);
  return id!;
}

beforeAll(async () => {
  s = await start({ jobWorkers: 4 });
  c = s.client;
  await c.post(`${F}/collection`, { name: "students" });
});
afterAll(() => s.fabric.close());

describe("submitting", () => {
  it("store → 202, empty body, x-c8-async-id (decimal, increasing)", async () => {
    const a = await submit(c, "POST", `${F}/document/students?returnNew=0&silent=0`, { _key: "Neal" });
    expect(a.status).toBe(202);
    expect(a.text).toBe("");
    const b = await submit(c, "POST", `${F}/document/students`, { _key: "Lily" });
    const ia = a.headers.get("x-c8-async-id")!;
    const ib = b.headers.get("x-c8-async-id")!;
    expect(ia).toMatch(/^[1-9][0-9]*$/);
    expect(BigInt(ib) > BigInt(ia)).toBe(true);
  });

  it("true → 202 without an id; the work still happens", async () => {
    const res = await submit(c, "POST", `${F}/document/students`, { _key: "fire" }, "true");
    expect(res.status).toBe(202);
    expect(res.headers.get("x-c8-async-id")).toBeNull();
    for (let i = 0; i < 100 && (await c.get(`${F}/document/students/fire`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await c.get(`${F}/document/students/fire`)).status).toBe(200);
  });

  it("any other value runs synchronously; job endpoints ignore the header", async () => {
    const res = await submit(c, "GET", `${F}/collection`, undefined, "later");
    expect(res.status).toBe(200);
    expect(res.body.result).toBeDefined();
    const list = await submit(c, "GET", `${F}/job/done`);
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
  });

  it("intake order: auth (401) → fabric (1228) → route (404/405) → then x-c8-async", async () => {
    const anon = await c.call("POST", `/_fabric/nope/_api/cursor`, { body: { query: "RETURN 1" }, headers: { "x-c8-async": "store" }, auth: null });
    expectError(anon, 401, 11);
    expectError(await submit(c, "POST", `/_fabric/nope/_api/cursor`, { query: "RETURN 1" }), 404, 1228);
    expectError(await submit(c, "GET", `${F}/nothing`), 404, 404);
    expectError(await submit(c, "PATCH", `${F}/cursor`), 405, 405);
  });

  it("a bad body is the job's stored answer, not a submission error", async () => {
    const id = await submitId(c, "POST", `${F}/collection`, { name: 12 });
    await waitDone(c, "_system", id);
    const res = await c.put(`${F}/job/${id}`);
    expectError(res, 400, 10);
    expect(res.headers.get("x-c8-async-id")).toBe(id);
  });
});

describe("the async example from pyC8's docs", () => {
  it("inserts, queries, a failing query, results, then cancel/delete of fetched jobs → 404", async () => {
    await c.put(`${F}/collection/students/truncate`);
    const job1 = await submitId(c, "POST", `${F}/document/students?returnNew=0&silent=0`, { _key: "Neal" });
    const job2 = await submitId(c, "POST", `${F}/document/students?returnNew=0&silent=0`, { _key: "Lily" });
    const job3 = await submitId(c, "POST", `${F}/cursor`, { query: "RETURN 100000", count: false });
    const job4 = await submitId(c, "POST", `${F}/cursor`, { query: "INVALID QUERY", count: false });
    for (const id of [job1, job2, job3, job4]) await waitDone(c, "_system", id);

    const r1 = await c.put(`${F}/job/${job1}`);
    expect(r1.status).toBe(202);
    expect(r1.body).toEqual({ _id: "students/Neal", _key: "Neal", _rev: expect.any(String) });
    expect(r1.headers.get("x-c8-async-id")).toBe(job1);
    expect(r1.headers.get("location")).toBe("/_tenant/mytenant/_fabric/_system/_api/document/students/Neal");
    expect(r1.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect((await c.put(`${F}/job/${job2}`)).body._id).toBe("students/Lily");
    const r3 = await c.put(`${F}/job/${job3}`);
    expect(r3.status).toBe(201);
    expect(r3.body).toMatchObject({ result: [100000], hasMore: false });
    const r4 = await c.put(`${F}/job/${job4}`);
    expectError(r4, 400, 1501);
    expect(r4.body.errorMessage).toContain("syntax error");
    expect(r4.headers.get("x-c8-async-id")).toBe(job4);

    const again = await c.put(`${F}/job/${job3}`);
    expectError(again, 404, 404);
    expect(again.headers.get("x-c8-async-id")).toBeNull();
    const cancel = await c.put(`${F}/job/${job3}/cancel`);
    expectError(cancel, 404, 404);
    expect(cancel.body.errorMessage).toMatch(new RegExp(`job ${job3} not found$`));
    const clear = await c.del(`${F}/job/${job4}`);
    expect(clear.body.errorMessage).toMatch(new RegExp(`job ${job4} not found$`));
  });
});

describe("job endpoints", () => {
  it("GET /job/{id}: 204 pending, 200 done (empty), 404 unknown; PUT: 204 pending without id header", async () => {
    const id = await submitId(c, "POST", `${F}/cursor`, { query: "RETURN SLEEP(0.5)" });
    const pending = await c.get(`${F}/job/${id}`);
    expect(pending.status).toBe(204);
    const early = await c.put(`${F}/job/${id}`);
    expect(early.status).toBe(204);
    expect(early.headers.get("x-c8-async-id")).toBeNull();
    expect((await c.get(`${F}/job/pending`)).body).toContain(id);
    await waitDone(c, "_system", id);
    const done = await c.get(`${F}/job/${id}`);
    expect(done.status).toBe(200);
    expect(done.text).toBe("");
    expect((await c.get(`${F}/job/${id}`)).status).toBe(200); // safe to repeat
    expect((await c.get(`${F}/job/done`)).body).toContain(id);
    expect((await c.put(`${F}/job/${id}`)).status).toBe(201);
    expectError(await c.get(`${F}/job/${id}`), 404, 404);
    expectError(await c.get(`${F}/job/999999999999999999999`), 404, 404);
  });

  it("GET /job/<word> other than done/pending → 400/400", async () => {
    expectError(await c.get(`${F}/job/finished`), 400, 400);
    expectError(await c.get(`${F}/job/0123`), 400, 400);
  });

  it("cancel a running job → done with 410/21 and its query aborted (the worker is free again)", async () => {
    const one = await start({ jobWorkers: 1 });
    try {
      const oc = one.client;
      const id = await submitId(oc, "POST", `${F}/cursor`, { query: "RETURN SLEEP(30)" });
      expect((await oc.get(`${F}/job/${id}`)).status).toBe(204);
      const res = await oc.put(`${F}/job/${id}/cancel`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: true });
      expect((await oc.get(`${F}/job/${id}`)).status).toBe(200);
      const result = await oc.put(`${F}/job/${id}`);
      expectError(result, 410, 21);
      expect(result.body.errorMessage).toBe("canceled request");
      expect(result.headers.get("x-c8-async-id")).toBe(id);
      // the only worker was released by the abort, so the next job runs at once
      const t0 = Date.now();
      const next = await submitId(oc, "POST", `${F}/cursor`, { query: "RETURN 1" });
      await waitDone(oc, "_system", next, 3000);
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      await one.fabric.close();
    }
  });

  it("cancel a queued job (all workers busy) → it never runs", async () => {
    const one = await start({ jobWorkers: 1 });
    try {
      const oc = one.client;
      await oc.post(`${F}/collection`, { name: "c" });
      const blocker = await submitId(oc, "POST", `${F}/cursor`, { query: "RETURN SLEEP(0.5)" });
      const queued = await submitId(oc, "POST", `${F}/document/c`, { _key: "never" });
      expect((await oc.get(`${F}/job/pending`)).body.sort()).toEqual([blocker, queued].sort());
      expect((await oc.put(`${F}/job/${queued}/cancel`)).status).toBe(200);
      expectError(await oc.put(`${F}/job/${queued}`), 410, 21);
      await waitDone(oc, "_system", blocker);
      expectError(await oc.get(`${F}/document/c/never`), 404, 1202);
      // cancelling a done job changes nothing
      expect((await oc.put(`${F}/job/${blocker}/cancel`)).status).toBe(200);
      expect((await oc.put(`${F}/job/${blocker}`)).status).toBe(201);
    } finally {
      await one.fabric.close();
    }
  });

  it("a sleeping job does not block the others", async () => {
    const sleeper = await submitId(c, "POST", `${F}/cursor`, { query: "RETURN SLEEP(2)" });
    const t0 = Date.now();
    const quick = await submitId(c, "GET", `${F}/collection`);
    await waitDone(c, "_system", quick);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect((await c.get(`${F}/job/${sleeper}`)).status).toBe(204);
    await c.put(`${F}/job/${sleeper}/cancel`);
  });

  it("done/pending lists honour count (default 100); bad count → 400", async () => {
    await c.del(`${F}/job/all`);
    const ids: string[] = [];
    for (let i = 0; i < 105; i++) ids.push(await submitId(c, "GET", `${F}/collection/students/count`));
    for (const id of ids) await waitDone(c, "_system", id);
    const all = await c.get(`${F}/job/done`);
    expect(all.body).toHaveLength(100);
    expect((await c.get(`${F}/job/done?count=1`)).body).toHaveLength(1);
    expect((await c.get(`${F}/job/done?count=1000`)).body.sort()).toEqual([...ids].sort());
    expect((await c.get(`${F}/job/pending?count=5`)).body).toEqual([]);
    expectError(await c.get(`${F}/job/done?count=lots`), 400, 400);
  });

  it("DELETE /job/{id}, /job/all, /job/expired?stamp=", async () => {
    await c.del(`${F}/job/all`);
    const a = await submitId(c, "GET", `${F}/collection`);
    await waitDone(c, "_system", a);
    expect((await c.del(`${F}/job/${a}`)).body).toEqual({ result: true });
    expectError(await c.get(`${F}/job/${a}`), 404, 404);
    expectError(await c.del(`${F}/job/${a}`), 404, 404);

    const b = await submitId(c, "GET", `${F}/collection`);
    await waitDone(c, "_system", b);
    const past = Date.now() / 1000 - 3600;
    expect((await c.del(`${F}/job/expired?stamp=${past}`)).body).toEqual({ result: true });
    expect((await c.get(`${F}/job/${b}`)).status).toBe(200); // a stamp in the past keeps it
    const future = Date.now() / 1000 + 3600;
    expect((await c.del(`${F}/job/expired?stamp=${future}`)).status).toBe(200);
    expectError(await c.get(`${F}/job/${b}`), 404, 404); // in the future removes it
    expectError(await c.del(`${F}/job/expired`), 400, 400);
    expectError(await c.del(`${F}/job/expired?stamp=soon`), 400, 400);

    const p = await submitId(c, "POST", `${F}/cursor`, { query: "RETURN SLEEP(0.2)" });
    const d = await submitId(c, "GET", `${F}/collection`);
    await waitDone(c, "_system", d);
    expect((await c.del(`${F}/job/all`)).body).toEqual({ result: true });
    for (const id of [p, d]) expectError(await c.get(`${F}/job/${id}`), 404, 404);
    expect((await c.del(`${F}/job/all`)).status).toBe(200); // also when nothing is there
  });

  it("a full queue → 503/21003 and nothing was queued", async () => {
    const tiny = await start({ jobWorkers: 1, maxQueuedJobs: 2 });
    try {
      const tc = tiny.client;
      await tc.post(`${F}/collection`, { name: "q" });
      // a free worker starts a job as soon as it is submitted
      const running = await submitId(tc, "POST", `${F}/cursor`, { query: "RETURN SLEEP(0.5)" });
      const q1 = await submitId(tc, "POST", `${F}/document/q`, { _key: "1" });
      const q2 = await submitId(tc, "POST", `${F}/document/q`, { _key: "2" });
      const full = await submit(tc, "POST", `${F}/document/q`, { _key: "3" });
      expectError(full, 503, 21003);
      expect(full.body.errorMessage).toBe("queue is full");
      expect(full.headers.get("x-c8-async-id")).toBeNull();
      expect((await tc.get(`${F}/job/pending`)).body.sort()).toEqual([running, q1, q2].sort());
      for (const id of [running, q1, q2]) await waitDone(tc, "_system", id);
      expectError(await tc.get(`${F}/document/q/3`), 404, 1202);
      expect((await tc.get(`${F}/collection/q/count`)).body.count).toBe(2);
      // room again: resubmitting is safe
      expect((await submit(tc, "POST", `${F}/document/q`, { _key: "3" })).status).toBe(202);
    } finally {
      await tiny.fabric.close();
    }
  });

  it("exactly once under concurrent submissions", async () => {
    await c.post(`${F}/collection`, { name: "once" });
    await c.del(`${F}/job/all`);
    const n = 400;
    const ids = await Promise.all(
      Array.from({ length: n }, (_, i) => submitId(c, "POST", `${F}/document/once`, { _key: String(i) })),
    );
    expect(new Set(ids).size).toBe(n);
    let done: string[] = [];
    for (let i = 0; i < 500 && done.length < n; i++) {
      done = (await c.get(`${F}/job/done?count=100000`)).body;
      if (done.length < n) await new Promise((r) => setTimeout(r, 10));
    }
    expect(done.sort()).toEqual([...ids].sort());
    const results = await Promise.all(ids.map((id) => c.put(`${F}/job/${id}`)));
    const keys = results.map((r) => {
      expect(r.status).toBe(202);
      return r.body._key as string;
    });
    expect(new Set(keys).size).toBe(n);
    expect((await c.get(`${F}/collection/once/count`)).body.count).toBe(n);
    // each result was handed out once
    const second = await Promise.all(ids.slice(0, 20).map((id) => c.put(`${F}/job/${id}`)));
    for (const r of second) expectError(r, 404, 404);
  });
});
