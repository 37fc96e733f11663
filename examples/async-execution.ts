/**
 * pyC8's "Async Execution" example, in TypeScript, with the same assertions.
 *
 *   npm run demo                     starts a local fabric in this process and runs against it
 *   C8_URL=https://… C8_TENANT=… C8_USERNAME=… C8_PASSWORD=… [C8_FABRIC=test] npm run demo
 *                                    runs against that real fabric instead
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import {
  AsyncJobCancelError,
  AsyncJobClearError,
  C8Client,
  C8QLQueryExecuteError,
  type AsyncJob,
  type Fabric,
} from "../src/index.js";
import { startLocalFabric } from "../src/local/index.js";

// ── output ──────────────────────────────────────────────────────────────────────────────────────
const color = process.stdout.isTTY && !process.env["NO_COLOR"];
const paint = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint("1");
const dim = paint("2");
const green = paint("32");
const cyan = paint("36");

const heading = (n: number, title: string) => console.log(`\n${bold(`${n}. ${title}`)}`);
const ok = (what: string, outcome = "") => console.log(`   ${green("✓")} ${what}${outcome ? `  ${dim("→")} ${outcome}` : ""}`);
const note = (text: string) => console.log(`     ${dim(text)}`);

// ── the example ─────────────────────────────────────────────────────────────────────────────────
/** Runs the example against `fabric` (which must have a `students` collection without Neal and Lily). */
export async function asyncExecutionExample(fabric: Fabric): Promise<void> {
  heading(2, "Begin async execution");
  // This returns an AsyncFabric, a fabric-level API wrapper tailored specifically for async execution.
  const asyncFabric = fabric.beginAsyncExecution({ returnResult: true });

  // Child wrappers are also tailored for async execution.
  const asyncC8ql = asyncFabric.c8ql;
  const asyncCol = asyncFabric.collection("students");

  // API execution context is always set to "async".
  assert.equal(asyncFabric.context, "async");
  assert.equal(asyncC8ql.context, "async");
  assert.equal(asyncCol.context, "async");
  ok(`asyncFabric, asyncFabric.c8ql and asyncFabric.collection("students")`, `context ${cyan('"async"')}`);

  heading(3, "Submit four requests: AsyncJob objects come back instead of results");
  const job1 = await asyncCol.insert({ _key: "Neal" });
  ok(`job1  students.insert({ _key: "Neal" })`, `job ${job1.id}`);
  const job2 = await asyncCol.insert({ _key: "Lily" });
  ok(`job2  students.insert({ _key: "Lily" })`, `job ${job2.id}`);
  const job3 = await asyncC8ql.execute<number>("RETURN 100000");
  ok(`job3  c8ql.execute("RETURN 100000")`, `job ${job3.id}`);
  const job4 = await asyncC8ql.execute("INVALID QUERY"); // Fails due to a syntax error.
  ok(`job4  c8ql.execute("INVALID QUERY")`, `job ${job4.id}  ${dim("(will fail: syntax error)")}`);

  heading(4, "Wait until every job is done");
  const jobs: AsyncJob<unknown>[] = [job1, job2, job3, job4];
  for (const [i, job] of jobs.entries()) {
    // Job status can be "pending", "done" or "cancelled".
    let status = await job.status();
    assert.ok(["pending", "done", "cancelled"].includes(status));
    // Let's wait until the jobs are finished (`await job.wait()` does this with backoff, no loop needed).
    const first = status;
    let polls = 1;
    while (status !== "done") {
      await sleep(100);
      status = await job.status();
      polls++;
    }
    ok(`job${i + 1}  job.status()`, `${first === "done" ? "done" : `${first} … done`}  ${dim(`(${polls} ${polls === 1 ? "poll" : "polls"})`)}`);
  }

  heading(5, "Retrieve the results");
  let metadata = await job1.result();
  assert.equal(metadata._id, "students/Neal");
  ok("job1.result()._id", cyan(`"${metadata._id}"`));

  metadata = await job2.result();
  assert.equal(metadata._id, "students/Lily");
  ok("job2.result()._id", cyan(`"${metadata._id}"`));

  const cursor = await job3.result();
  assert.equal(await cursor.next(), 100000);
  ok("(await job3.result()).next()", cyan("100000"));

  // If a job fails, the error is raised when its result is retrieved.
  try {
    await job4.result();
    assert.fail("job4 should have failed");
  } catch (err) {
    assert.ok(err instanceof C8QLQueryExecuteError);
    assert.equal(err.httpCode, 400);
    assert.equal(err.errorCode, 1501);
    assert.ok(err.message.includes("syntax error"));
    ok("job4.result() throws C8QLQueryExecuteError", err.message);
  }

  heading(6, "Cancel and clear");
  // Only pending jobs still in the queue may be cancelled. job3 is done, so the cancel fails.
  try {
    await job3.cancel();
    assert.fail("cancelling job3 should have failed");
  } catch (err) {
    assert.ok(err instanceof AsyncJobCancelError);
    assert.ok(err.message.endsWith(`job ${job3.id} not found`));
    ok("job3.cancel() throws AsyncJobCancelError", err.message);
  }

  // job4's result was removed from the server when it was retrieved, so clearing it fails.
  try {
    await job4.clear();
    assert.fail("clearing job4 should have failed");
  } catch (err) {
    assert.ok(err instanceof AsyncJobClearError);
    assert.ok(err.message.endsWith(`job ${job4.id} not found`));
    ok("job4.clear() throws AsyncJobClearError", err.message);
  }

  heading(7, "List and clear the jobs left on the server");
  // The IDs of the first 100 async jobs completed, and of those still pending.
  const done = await fabric.asyncJobs({ status: "done", count: 100 });
  ok(`fabric.asyncJobs({ status: "done", count: 100 })`, JSON.stringify(done));
  const pending = await fabric.asyncJobs({ status: "pending", count: 100 });
  ok(`fabric.asyncJobs({ status: "pending", count: 100 })`, JSON.stringify(pending));

  // Clear all async jobs still sitting on the server.
  assert.equal(await fabric.clearAsyncJobs(), true);
  ok("fabric.clearAsyncJobs()", "true");
}

/** Opens fabric `name` (creating it and its `students` collection when missing) with Neal and Lily removed. */
export async function prepare(client: C8Client, who: { tenant: string; username: string; password: string }, name: string): Promise<Fabric> {
  heading(1, "Connect and prepare");
  const system = client.fabric({ ...who, name: "_system" });
  if (await system.hasFabric(name)) ok(`fabric "${name}"`, "exists");
  else {
    await system.createFabric(name);
    ok(`fabric "${name}"`, "created");
  }
  const fabric = client.fabric({ ...who, name });
  if (await fabric.hasCollection("students")) ok(`collection "students"`, "exists");
  else {
    await fabric.createCollection("students");
    ok(`collection "students"`, "created");
  }
  // Re-runs against the same server must not trip over the previous run's documents.
  const students = fabric.collection("students");
  const removed = [];
  for (const key of ["Neal", "Lily"]) if (await students.delete(key, { ignoreMissing: true })) removed.push(key);
  ok(`students "Neal" and "Lily"`, removed.length ? `removed from a previous run: ${removed.join(", ")}` : "not there yet");
  return fabric;
}

async function main(): Promise<void> {
  const env = process.env;
  const remote = env["C8_URL"] || undefined;
  const local = remote ? undefined : await startLocalFabric({ port: 0 });
  const url = remote ?? local!.url;
  const who = {
    tenant: env["C8_TENANT"] || "mytenant",
    username: env["C8_USERNAME"] || "root",
    password: env["C8_PASSWORD"] || "passwd",
  };
  const name = env["C8_FABRIC"] || "test";

  console.log(bold("c8-fabric · async execution"));
  note(`server  ${url}  ${remote ? "(C8_URL)" : "(local fabric, started in this process)"}`);
  note(`tenant  ${who.tenant} · user ${who.username} · fabric ${name}`);
  try {
    const client = new C8Client({ url, timeoutMs: 30_000 });
    const fabric = await prepare(client, who, name);
    await asyncExecutionExample(fabric);
    console.log(`\n${green(bold("All assertions passed."))}`);
  } finally {
    await local?.close();
  }
}

// Run only as a script (`npm run demo`), not when a test imports the functions above.
if (process.argv[1] && import.meta.url === (await import("node:url")).pathToFileURL(process.argv[1]).href) {
  await main().catch((err: unknown) => {
    console.error(`\n${bold("The example failed:")}`, err);
    process.exitCode = 1;
  });
}
