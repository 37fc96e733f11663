/** The async context and AsyncJob over real HTTP against a local fabric. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AsyncExecuteError,
  AsyncJob,
  AsyncJobCancelError,
  AsyncJobClearError,
  AsyncJobResultError,
  AsyncJobStatusError,
  C8QLQueryExecuteError,
  C8TimeoutError,
  Collection,
  Cursor,
  DocumentInsertError,
  type AsyncFabric,
  type Fabric,
} from "../../src/index.js";
import { startLocal } from "./helpers.js";

let env: Awaited<ReturnType<typeof startLocal>>;
let fabric: Fabric;
let asyncFabric: AsyncFabric;
beforeAll(async () => {
  env = await startLocal();
  fabric = await env.newFabric("jobs");
  await fabric.createCollection("students");
  asyncFabric = fabric.beginAsyncExecution();
});
afterAll(() => env.close());

const lastSent = () => env.sent.at(-1)!;
const jobPath = (id: string) => `/_fabric/${fabric.name}/_api/job/${id}`;

describe("the async context", () => {
  it("every wrapper reports context 'async'", () => {
    expect(asyncFabric.context).toBe("async");
    expect(asyncFabric.c8ql.context).toBe("async");
    expect(asyncFabric.collection("students").context).toBe("async");
    expect(asyncFabric.name).toBe(fabric.name);
  });

  it("each async-capable method answers a job whose result is the synchronous answer", async () => {
    const col = fabric.collection("students");
    await col.truncate();
    await col.insert({ _key: "base", n: 1 });
    const acol = asyncFabric.collection("students");
    // [name, sync call, async call, normalise]
    const cases: Array<[string, () => Promise<unknown>, () => Promise<AsyncJob<unknown>>, (v: unknown) => unknown]> = [
      ["get", () => col.get("base"), () => acol.get("base"), (v) => v],
      ["has", () => col.has("base"), () => acol.has("base"), (v) => v],
      ["count", () => col.count(), () => acol.count(), (v) => v],
      ["properties", () => col.properties(), () => acol.properties(), (v) => v],
      ["info", () => col.info(), () => acol.info(), (v) => v],
      ["figures", () => col.figures(), () => acol.figures(), (v) => (v as { name: string }).name],
      ["collections", () => fabric.collections(), () => asyncFabric.collections(), (v) => v],
      ["hasCollection", () => fabric.hasCollection("students"), () => asyncFabric.hasCollection("students"), (v) => v],
      ["fabrics", () => fabric.fabrics(), () => asyncFabric.fabrics(), (v) => v],
      ["hasFabric", () => fabric.hasFabric(fabric.name), () => asyncFabric.hasFabric(fabric.name), (v) => v],
      ["properties (fabric)", () => fabric.properties(), () => asyncFabric.properties(), (v) => v],
      ["c8ql", () => fabric.c8ql.execute("FOR i IN 1..3 RETURN i"), () => asyncFabric.c8ql.execute("FOR i IN 1..3 RETURN i"), (v) => (v as Cursor).batch],
      ["all", () => col.all(), () => acol.all(), (v) => (v as Cursor).batch],
    ];
    for (const [name, sync, async, norm] of cases) {
      const expected = norm(await sync());
      const job = await async();
      expect(job, name).toBeInstanceOf(AsyncJob);
      expect(lastSent().headers.get("x-c8-async"), name).toBe("store");
      expect(norm(await job.wait()), name).toEqual(expected);
    }
  });

  it("writes run as jobs: insert, update, replace, delete, many-variants, import, truncate, collection and fabric management", async () => {
    const acol = asyncFabric.collection<{ n: number }>("students");
    const meta = await (await acol.insert({ _key: "w", n: 1 }, { returnNew: true })).wait();
    expect(meta).toMatchObject({ _id: "students/w", new: { n: 1 } });
    expect(await (await acol.update("w", { n: 2 })).wait()).toMatchObject({ _key: "w" });
    expect(await (await acol.replace("w", { n: 3 })).wait()).toMatchObject({ _key: "w" });
    expect(await fabric.collection("students").get("w")).toMatchObject({ n: 3 });
    expect(await (await acol.insert([{ _key: "w1", n: 1 }, { _key: "w2", n: 2 }])).wait()).toHaveLength(2);
    expect(await (await acol.updateMany([{ _key: "w1", n: 10 }])).wait()).toMatchObject([{ _key: "w1" }]);
    expect(await (await acol.replaceMany([{ _key: "w2", n: 20 }])).wait()).toMatchObject([{ _key: "w2" }]);
    expect(await (await acol.deleteMany(["w1", "w2"])).wait()).toMatchObject([{ _key: "w1" }, { _key: "w2" }]);
    expect(await (await acol.delete("w")).wait()).toMatchObject({ _key: "w" });
    expect(await (await acol.delete("w", { ignoreMissing: true })).wait()).toBe(false);
    expect(await (await acol.import([{ n: 5 }])).wait()).toMatchObject({ created: 1 });
    expect(await (await acol.truncate()).wait()).toMatchObject({ name: "students" });
    const made = await (await asyncFabric.createCollection("async_made")).wait();
    expect(made).toBeInstanceOf(Collection);
    expect(made.context).toBe("async");
    expect(await (await asyncFabric.deleteCollection("async_made")).wait()).toBe(true);
    const name = `async_fabric_${process.pid}`;
    expect(await (await asyncFabric.createFabric(name)).wait()).toBe(true);
    expect(await (await asyncFabric.deleteFabric(name)).wait()).toBe(true);
  });

  it("a failing job throws the operation's own error class from result()", async () => {
    const acol = asyncFabric.collection("students");
    await fabric.collection("students").insert({ _key: "dup" }, { overwriteMode: "ignore" });
    const job = await acol.insert({ _key: "dup" });
    const err = await job.wait().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentInsertError);
    expect(err).toMatchObject({ httpCode: 409, errorCode: 1210, method: "PUT", url: `${env.url}${jobPath(job.id)}` });
    await expect((await acol.get("nobody")).wait()).rejects.toMatchObject({ name: "DocumentGetError", httpCode: 404, errorCode: 1202 });
    expect(await (await acol.get("nobody", { ignoreMissing: true })).wait()).toBeNull();
    expect(await (await acol.has("nobody")).wait()).toBe(false);
  });

  it("returnResult: false sends x-c8-async: true and answers undefined; the work still happens", async () => {
    const fire = fabric.beginAsyncExecution({ returnResult: false });
    expect(fire.context).toBe("async");
    expect(await fire.collection("students").insert({ _key: "fired" })).toBeUndefined();
    expect(lastSent().headers.get("x-c8-async")).toBe("true");
    const col = fabric.collection("students");
    for (let i = 0; i < 100 && !(await col.has("fired")); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await col.has("fired")).toBe(true);
  });

  it("job management never runs as a job, in any context", async () => {
    const before = env.sent.length;
    expect(Array.isArray(await asyncFabric.asyncJobs())).toBe(true);
    expect(await asyncFabric.clearAsyncJobs({ before: 0 })).toBe(true);
    const sent = env.sent.slice(before);
    expect(sent).toHaveLength(2);
    expect(sent.every((r) => !r.headers.has("x-c8-async"))).toBe(true);
  });

  it("a submission the server refuses → AsyncExecuteError (no job)", async () => {
    const missing = env.client.fabric({ tenant: "mytenant", username: "root", password: "passwd", name: "no_such_fabric" });
    const err = await missing.beginAsyncExecution().collection("c").count().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AsyncExecuteError);
    expect(err).toMatchObject({ httpCode: 404, errorCode: 1228 });
  });
});

describe("AsyncJob", () => {
  it("status(): pending while running, done after; result() reads once and keeps the outcome", async () => {
    const job = await asyncFabric.c8ql.execute<number>("RETURN SLEEP(0.2) || 7");
    expect(job.id).toMatch(/^[1-9]\d*$/);
    expect(job.fabric).toBe(fabric.name);
    expect(job.operation).toBe("createCursor");
    expect(await job.status()).toBe("pending");
    const early = await job.result().catch((e: unknown) => e);
    expect(early).toBeInstanceOf(AsyncJobResultError);
    expect(early).toMatchObject({ httpCode: 204, message: `[HTTP 204] job ${job.id} not done` });
    while ((await job.status()) === "pending") await new Promise((r) => setTimeout(r, 20));
    const cursor = await job.result();
    expect(await cursor.next()).toBe(7);
    const before = env.sent.length;
    expect(await job.result()).toBe(cursor); // cached: same object, no request
    expect(await job.status()).toBe("done"); // answered from the kept outcome
    expect(env.sent.length).toBe(before);
    // The server has forgotten it (one-shot read).
    const rebuilt = fabric.job(job.id);
    await expect(rebuilt.status()).rejects.toMatchObject({ name: "AsyncJobStatusError", message: `[HTTP 404][ERR 404] job ${job.id} not found` });
  });

  it("a failed outcome is kept too and never fetched again", async () => {
    const job = await asyncFabric.c8ql.execute("INVALID QUERY");
    const first = await job.wait().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(C8QLQueryExecuteError);
    expect(first).toMatchObject({ httpCode: 400, errorCode: 1501 });
    const before = env.sent.length;
    expect(await job.result().catch((e: unknown) => e)).toBe(first);
    expect(env.sent.length).toBe(before);
  });

  it("unknown jobs: status, result, cancel, clear name the job", async () => {
    const ghost = fabric.job("987654321987654321987"); // ids are opaque and may exceed 2^53
    await expect(ghost.status()).rejects.toBeInstanceOf(AsyncJobStatusError);
    const result = await ghost.result().catch((e: unknown) => e);
    expect(result).toBeInstanceOf(AsyncJobResultError);
    expect((result as Error).message.endsWith(`job ${ghost.id} not found`)).toBe(true);
    const cancel = await ghost.cancel().catch((e: unknown) => e);
    expect(cancel).toBeInstanceOf(AsyncJobCancelError);
    expect(cancel).toMatchObject({ httpCode: 404, message: `[HTTP 404][ERR 404] job ${ghost.id} not found` });
    const clear = await ghost.clear().catch((e: unknown) => e);
    expect(clear).toBeInstanceOf(AsyncJobClearError);
    expect((clear as Error).message.endsWith(`job ${ghost.id} not found`)).toBe(true);
    expect(await ghost.cancel({ ignoreMissing: true })).toBe(false);
    expect(await ghost.clear({ ignoreMissing: true })).toBe(false);
  });

  it("clear() deletes a stored result", async () => {
    const job = await asyncFabric.collection("students").count();
    await job.wait().then(() => undefined, () => undefined);
    const job2 = await asyncFabric.collection("students").count();
    while ((await job2.status()) === "pending") await new Promise((r) => setTimeout(r, 5));
    expect(await job2.clear()).toBe(true);
    expect(lastSent()).toMatchObject({ method: "DELETE", path: jobPath(job2.id) });
    await expect(job2.result()).rejects.toMatchObject({ name: "AsyncJobResultError", httpCode: 404 });
  });

  it("toJSON() and fabric.job(id, { operation }) rebuild a handle that shapes the result", async () => {
    const job = await asyncFabric.c8ql.execute<number>("FOR i IN 1..3 RETURN i");
    const saved = JSON.parse(JSON.stringify(job)) as ReturnType<typeof job.toJSON>;
    expect(saved).toEqual({ id: job.id, fabric: fabric.name, operation: "createCursor" });
    const again = fabric.job<Cursor<number>>(saved.id, { operation: saved.operation! });
    expect(await (await again.wait()).all()).toEqual([1, 2, 3]);
    const raw = await asyncFabric.collection("students").count();
    expect(await fabric.job(raw.id).wait()).toMatchObject({ name: "students", count: expect.any(Number) });
  });

  it("a cursor from a job fetches later batches in the default context", async () => {
    const job = await asyncFabric.c8ql.execute<number>("FOR i IN 1..5 RETURN i", { batchSize: 2 });
    const cursor = await job.wait();
    const before = env.sent.length;
    expect(await cursor.all()).toEqual([1, 2, 3, 4, 5]);
    const reads = env.sent.slice(before);
    expect(reads.map((r) => r.method)).toEqual(["PUT", "PUT"]);
    expect(reads.every((r) => r.path.startsWith(`/_fabric/${fabric.name}/_api/cursor/`) && !r.headers.has("x-c8-async"))).toBe(true);
  });
});

describe("wait()", () => {
  it("resolves with backoff: few polls for a quick job", async () => {
    const before = env.sent.length;
    const job = await asyncFabric.collection("students").count();
    expect(typeof (await job.wait())).toBe("number");
    const polls = env.sent.slice(before + 1).filter((r) => r.method === "GET" && r.path === jobPath(job.id));
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.length).toBeLessThanOrEqual(4);
  });

  it("polls a slow job far less often than a fixed 10 ms loop would", async () => {
    const job = await asyncFabric.c8ql.execute("RETURN SLEEP(0.6)");
    const before = env.sent.length;
    await job.wait();
    const polls = env.sent.slice(before).filter((r) => r.method === "GET" && r.path === jobPath(job.id)).length;
    // 5 ms doubling to 250 ms: about 8 polls in 0.6 s (a fixed 10 ms loop: 60, a fixed 100 ms loop: 6).
    expect(polls).toBeGreaterThanOrEqual(4);
    expect(polls).toBeLessThanOrEqual(14);
  });

  it("abort rejects with the signal's reason and leaves the job usable", async () => {
    const job = await asyncFabric.c8ql.execute<number>("RETURN SLEEP(0.3) || 1");
    const controller = new AbortController();
    const reason = new Error("stop waiting");
    setTimeout(() => controller.abort(reason), 30);
    await expect(job.wait({ signal: controller.signal })).rejects.toBe(reason);
    expect(await (await job.wait()).next()).toBe(1);
  });

  it("timeoutMs → C8TimeoutError for the whole wait", async () => {
    const job = await asyncFabric.c8ql.execute("RETURN SLEEP(0.4)");
    const started = Date.now();
    const err = await job.wait({ timeoutMs: 60 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(C8TimeoutError);
    expect(err).toMatchObject({ timeoutMs: 60, method: "WAIT", url: `${env.url}${jobPath(job.id)}` });
    expect(Date.now() - started).toBeLessThan(400);
    await job.wait(); // still there
  });

  it("cancel() of a queued job: status 'cancelled', result 410 / 21 canceled request", async () => {
    const slow = await startLocal({ jobWorkers: 1 });
    try {
      const f = (await slow.newFabric("cancel")).beginAsyncExecution();
      const blocker = await f.c8ql.execute("RETURN SLEEP(0.3)");
      const queued = await f.c8ql.execute("RETURN 1");
      expect(await queued.status()).toBe("pending");
      expect(await queued.cancel()).toBe(true);
      expect(await queued.status()).toBe("cancelled");
      const err = await queued.wait().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(C8QLQueryExecuteError);
      expect(err).toMatchObject({ httpCode: 410, errorCode: 21 });
      expect(await queued.status()).toBe("cancelled");
      await blocker.wait();
    } finally {
      await slow.close();
    }
  });
});

describe("AsyncJob.waitAll()", () => {
  it("waits for 1,000 jobs by polling the done list, results in input order", async () => {
    const col = asyncFabric.collection<{ i: number }>("students");
    await fabric.collection("students").truncate();
    const jobs = await Promise.all(Array.from({ length: 1000 }, (_, i) => col.insert({ _key: `k${i}`, i })));
    const before = env.sent.length;
    const results = await AsyncJob.waitAll(jobs, { timeoutMs: 20_000 });
    expect(results).toHaveLength(1000);
    results.forEach((meta, i) => expect(meta._key).toBe(`k${i}`));
    const sent = env.sent.slice(before);
    const polls = sent.filter((r) => r.method === "GET");
    expect(polls.every((r) => r.path === `/_fabric/${fabric.name}/_api/job/done` || r.path === `/_fabric/${fabric.name}/_api/job/pending`)).toBe(true);
    expect(new URLSearchParams(polls[0]!.search).get("count")).toBe("2000");
    expect(polls.length).toBeLessThan(60);
    expect(sent.filter((r) => r.method === "PUT")).toHaveLength(1000);
    expect(await fabric.collection("students").count()).toBe(1000);
  });

  it("mixes operations and fabrics, keeps each type, and rejects with the first failure in input order", async () => {
    const other = (await env.newFabric("other")).beginAsyncExecution();
    const ok1 = await asyncFabric.c8ql.execute<number>("RETURN 1");
    const bad1 = await asyncFabric.c8ql.execute("RETURN @missing");
    const ok2 = await other.c8ql.execute<number>("RETURN SLEEP(0.05) || 2");
    const bad2 = await other.c8ql.execute("INVALID QUERY");
    const err = await AsyncJob.waitAll([ok1, bad1, ok2, bad2]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(C8QLQueryExecuteError);
    expect(err).toMatchObject({ errorCode: 1551 });
    // Every handle settled and kept its own outcome.
    expect(await (await ok1.result()).next()).toBe(1);
    expect(await (await ok2.result()).next()).toBe(2);
    await expect(bad2.result()).rejects.toMatchObject({ errorCode: 1501 });
    const [a, b] = await AsyncJob.waitAll([ok1, ok2]);
    expect(a).toBe(await ok1.result());
    expect(b).toBe(await ok2.result());
  });

  it("a job the server does not know settles as AsyncJobResultError instead of waiting forever", async () => {
    const ghost = fabric.job("424242424242");
    const real = await asyncFabric.c8ql.execute<number>("RETURN SLEEP(0.05) || 3");
    const err = await AsyncJob.waitAll([real, ghost], { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AsyncJobResultError);
    expect((err as Error).message.endsWith(`job ${ghost.id} not found`)).toBe(true);
    expect(await (await real.result()).next()).toBe(3);
  });

  it("a second handle on the same job reads nothing twice: the server hands a result out once", async () => {
    const job = await asyncFabric.c8ql.execute<number>("RETURN 5");
    const twin = fabric.job(job.id, { operation: "createCursor" });
    const err = await AsyncJob.waitAll([job, twin, job]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AsyncJobResultError);
    expect((err as Error).message.endsWith(`job ${job.id} not found`)).toBe(true);
    expect(await (await job.result()).next()).toBe(5);
  });

  it("abort and timeoutMs", async () => {
    const job = await asyncFabric.c8ql.execute("RETURN SLEEP(0.3)");
    await expect(AsyncJob.waitAll([job], { timeoutMs: 50 })).rejects.toBeInstanceOf(C8TimeoutError);
    await expect(AsyncJob.waitAll([job], { signal: AbortSignal.timeout(40) })).rejects.toMatchObject({ name: "TimeoutError" });
    const [value] = await AsyncJob.waitAll([job]);
    expect(value).toBeInstanceOf(Cursor);
    expect(() => AsyncJob.waitAll([{} as AsyncJob<unknown>])).rejects.toThrow(TypeError);
  });
});

describe("job lists", () => {
  it("asyncJobs({ status, count }) and clearAsyncJobs({ before })", async () => {
    await fabric.clearAsyncJobs();
    const running = await asyncFabric.c8ql.execute("RETURN SLEEP(0.2)");
    const quick = await Promise.all([1, 2, 3].map(() => asyncFabric.collection("students").count()));
    for (const q of quick) while ((await q.status()) === "pending") await new Promise((r) => setTimeout(r, 5));
    const done = await fabric.asyncJobs({ status: "done" });
    expect(done).toEqual(expect.arrayContaining(quick.map((q) => q.id)));
    expect(await fabric.asyncJobs()).toEqual(expect.arrayContaining(done));
    expect(await fabric.asyncJobs({ status: "done", count: 1 })).toHaveLength(1);
    expect(await fabric.asyncJobs({ status: "pending", count: 100 })).toContain(running.id);
    expect(env.sent.at(-1)!.search).toBe("?count=100");
    // Jobs older than a past instant: none of ours.
    expect(await fabric.clearAsyncJobs({ before: new Date(Date.now() - 60_000) })).toBe(true);
    expect(new URLSearchParams(lastSent().search).get("stamp")).toMatch(/^\d+(\.\d+)?$/);
    expect(await fabric.asyncJobs({ status: "done" })).toEqual(expect.arrayContaining(quick.map((q) => q.id)));
    // Older than a future instant: the done ones go.
    expect(await fabric.clearAsyncJobs({ before: Date.now() + 60_000 })).toBe(true);
    expect(await fabric.asyncJobs({ status: "done" })).toEqual([]);
    await running.wait().catch(() => undefined);
    expect(await fabric.clearAsyncJobs()).toBe(true);
    await expect(quick[0]!.result()).rejects.toMatchObject({ name: "AsyncJobResultError", httpCode: 404 });
  });
});

describe("queue full (503, errorNum 21003)", () => {
  it("a submission is retried with backoff until the queue has room; without retries it is reported", async () => {
    const tight = await startLocal({ jobWorkers: 1, maxQueuedJobs: 1 });
    try {
      const f = (await tight.newFabric("full")).beginAsyncExecution();
      const running = await f.c8ql.execute("RETURN SLEEP(0.15)");
      await new Promise((r) => setTimeout(r, 20)); // let the worker take it
      const waiting = await f.c8ql.execute("RETURN 1");
      const before = tight.sent.length;
      const third = await f.c8ql.execute<number>("RETURN 3");
      const submissions = tight.sent.slice(before).filter((r) => r.method === "POST");
      expect(submissions.length).toBeGreaterThan(1); // at least one 503, then accepted
      expect(await (await third.wait()).next()).toBe(3);
      await AsyncJob.waitAll([running, waiting]);

      const strict = new (env.client.constructor as typeof import("../../src/index.js").C8Client)({ url: tight.url, queueFullRetries: 0 });
      const g = strict.fabric({ tenant: "mytenant", username: "root", password: "passwd", name: f.name }).beginAsyncExecution();
      const r2 = await g.c8ql.execute("RETURN SLEEP(0.15)");
      await new Promise((r) => setTimeout(r, 20));
      const w2 = await g.c8ql.execute("RETURN 1");
      const refused = await g.c8ql.execute("RETURN 2").catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AsyncExecuteError);
      expect(refused).toMatchObject({ httpCode: 503, errorCode: 21003 });
      await AsyncJob.waitAll([r2, w2]);
    } finally {
      await tight.close();
    }
  });
});
