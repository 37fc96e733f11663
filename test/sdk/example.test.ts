/** pyC8's "Async Execution" example (examples/async-execution.ts) as an integration test against a local fabric. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asyncExecutionExample, prepare } from "../../examples/async-execution.js";
import {
  AsyncJob,
  AsyncJobCancelError,
  AsyncJobClearError,
  C8QLQueryExecuteError,
  Cursor,
} from "../../src/index.js";
import { startLocal, USER } from "./helpers.js";

let env: Awaited<ReturnType<typeof startLocal>>;
beforeAll(async () => {
  env = await startLocal();
});
afterAll(() => env.close());

describe("the seed example", () => {
  it("runs as written, and runs again on the same server", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      for (let run = 0; run < 2; run++) {
        const fabric = await prepare(env.client, USER, "test");
        await asyncExecutionExample(fabric);
      }
      const out = log.mock.calls.map((c) => c.join(" ")).join("\n");
      expect(out).toContain('"students/Neal"');
      expect(out).toMatch(/removed from a previous run: Neal, Lily/);
    } finally {
      log.mockRestore();
    }
  });

  it("step by step, in test form", async () => {
    const client = env.client;
    await env.system.createFabric("seed").catch(() => undefined);
    const fabric = client.fabric({ tenant: "mytenant", name: "seed", username: "root", password: "passwd" });
    if (!(await fabric.hasCollection("students"))) await fabric.createCollection("students");

    const asyncFabric = fabric.beginAsyncExecution({ returnResult: true });
    const asyncC8ql = asyncFabric.c8ql;
    const asyncCol = asyncFabric.collection("students");
    expect([asyncFabric.context, asyncC8ql.context, asyncCol.context]).toEqual(["async", "async", "async"]);

    const job1 = await asyncCol.insert({ _key: "Neal" });
    const job2 = await asyncCol.insert({ _key: "Lily" });
    const job3 = await asyncC8ql.execute<number>("RETURN 100000");
    const job4 = await asyncC8ql.execute("INVALID QUERY");
    const jobs: AsyncJob<unknown>[] = [job1, job2, job3, job4];
    for (const job of jobs) {
      expect(["pending", "done", "cancelled"]).toContain(await job.status());
      while ((await job.status()) !== "done") await new Promise((r) => setTimeout(r, 100));
    }

    expect((await job1.result())._id).toBe("students/Neal");
    expect((await job2.result())._id).toBe("students/Lily");
    const cursor = await job3.result();
    expect(cursor).toBeInstanceOf(Cursor);
    expect(await cursor.next()).toBe(100000);

    const err4 = await job4.result().catch((e: unknown) => e);
    expect(err4).toBeInstanceOf(C8QLQueryExecuteError);
    expect(err4).toMatchObject({ httpCode: 400, errorCode: 1501 });
    expect((err4 as Error).message).toContain("syntax error");

    const err3 = await job3.cancel().catch((e: unknown) => e);
    expect(err3).toBeInstanceOf(AsyncJobCancelError);
    expect((err3 as Error).message.endsWith(`job ${job3.id} not found`)).toBe(true);

    const err4b = await job4.clear().catch((e: unknown) => e);
    expect(err4b).toBeInstanceOf(AsyncJobClearError);
    expect((err4b as Error).message.endsWith(`job ${job4.id} not found`)).toBe(true);

    expect(await fabric.asyncJobs({ status: "done", count: 100 })).toEqual([]);
    expect(await fabric.asyncJobs({ status: "pending", count: 100 })).toEqual([]);
    expect(await fabric.clearAsyncJobs()).toBe(true);

    // The wire flow matches pyC8's (PROTOCOL.md "The seed flow on the wire").
    const submit = env.sent.filter((r) => r.headers.get("x-c8-async") === "store" && r.path.startsWith("/_fabric/seed/"));
    expect(submit.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /_fabric/seed/_api/document/students",
      "POST /_fabric/seed/_api/document/students",
      "POST /_fabric/seed/_api/cursor",
      "POST /_fabric/seed/_api/cursor",
    ]);
  });

  it("npm run demo works as a script, also against a running fabric given by C8_URL (twice)", { timeout: 60_000 }, async () => {
    const run = promisify(execFile);
    const script = new URL("../../examples/async-execution.ts", import.meta.url).pathname;
    const tsx = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
    const local = await run(tsx, [script], { env: { ...process.env, C8_URL: "", NO_COLOR: "1" } });
    expect(local.stdout).toContain("local fabric, started in this process");
    expect(local.stdout).toContain("All assertions passed.");
    for (let i = 0; i < 2; i++) {
      const remote = await run(tsx, [script], { env: { ...process.env, C8_URL: env.url, C8_TENANT: "mytenant", C8_USERNAME: "root", C8_PASSWORD: "passwd", C8_FABRIC: "demo", NO_COLOR: "1" } });
      expect(remote.stdout).toContain(`server  ${env.url}  (C8_URL)`);
      expect(remote.stdout).toContain(i === 0 ? `fabric "demo"  → created` : `fabric "demo"  → exists`);
      expect(remote.stdout).toContain("All assertions passed.");
    }
    expect(await env.system.hasFabric("demo")).toBe(true);
  });
});
