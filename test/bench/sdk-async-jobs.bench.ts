/**
 * 10,000 async jobs, submit → wait → result, through the SDK against a raw-fetch script that
 * speaks the same protocol at the same concurrency, on the same local fabric (its own process).
 *
 *   per job   64 workers, each: submit (x-c8-async: store) → poll GET /job/{id} with the same
 *             backoff as AsyncJob.wait() (5 ms doubling to 250 ms, jitter) → PUT /job/{id}
 *   waitAll   submit all (64 at a time), then poll GET /job/done?count=… once per round and
 *             fetch finished results 32 at a time — what AsyncJob.waitAll() does
 *
 * Rounds are interleaved (raw, SDK, SDK, raw, …) after a warm-up; the figure is the median of the
 * per-round time ratios SDK / raw with min and max. Goal: ≤ 1.20×.
 *
 *   npx tsx test/bench/sdk-async-jobs.bench.ts [jobs] [rounds]
 */
import { AsyncJob, C8Client } from "../../src/index.js";
import { fmt, median, startServer } from "./local-bench-lib.js";

const JOBS = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const CONCURRENCY = 64;
const RESULT_CONCURRENCY = 32;

const server = await startServer("local");
const base = `${server.url}/_fabric/_system/_api`;
const auth = { authorization: `bearer ${server.jwt}` };
const json = { ...auth, "content-type": "application/json" };
const fabric = new C8Client({ url: server.url }).fabric({ tenant: "mytenant", username: "root", password: "passwd", name: "_system" });
const students = fabric.beginAsyncExecution().collection("bench");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function pool(n: number, width: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await work(next++);
  }));
}

// ── raw fetch, same protocol ───────────────────────────────────────────────────────────────────
async function rawSubmit(i: number): Promise<string> {
  const res = await fetch(`${base}/document/bench`, { method: "POST", headers: { ...json, "x-c8-async": "store" }, body: JSON.stringify({ i }) });
  const id = res.headers.get("x-c8-async-id");
  await res.arrayBuffer();
  if (res.status !== 202 || !id) throw new Error(`submit: ${res.status}`);
  return id;
}
async function rawResult(id: string): Promise<unknown> {
  const res = await fetch(`${base}/job/${id}`, { method: "PUT", headers: auth });
  const body: unknown = await res.json();
  if (res.status !== 202 || !res.headers.has("x-c8-async-id")) throw new Error(`result: ${res.status}`);
  return body;
}
async function rawPerJob(i: number): Promise<void> {
  const id = await rawSubmit(i);
  for (let d = 5; ; d = Math.min(250, d * 2)) {
    const res = await fetch(`${base}/job/${id}`, { headers: auth });
    await res.arrayBuffer();
    if (res.status === 200) break;
    if (res.status !== 204) throw new Error(`status: ${res.status}`);
    await sleep(d / 2 + Math.random() * (d / 2));
  }
  await rawResult(id);
}
async function rawWaitAll(): Promise<void> {
  const ids: string[] = new Array(JOBS);
  await pool(JOBS, CONCURRENCY, async (i) => {
    ids[i] = await rawSubmit(i);
  });
  const waiting = new Set(ids);
  for (let d = 5; waiting.size > 0; ) {
    const res = await fetch(`${base}/job/done?count=${Math.max(1000, 2 * waiting.size)}`, { headers: auth });
    const ready = ((await res.json()) as string[]).filter((id) => waiting.has(id));
    await pool(ready.length, RESULT_CONCURRENCY, async (k) => {
      await rawResult(ready[k]!);
      waiting.delete(ready[k]!);
    });
    if (waiting.size === 0) break;
    d = ready.length > 0 ? 5 : Math.min(250, d * 2);
    await sleep(d / 2 + Math.random() * (d / 2));
  }
}

// ── the SDK ────────────────────────────────────────────────────────────────────────────────────
async function sdkPerJob(i: number): Promise<void> {
  const job = await students.insert({ i });
  await job.wait();
}
async function sdkWaitAll(): Promise<void> {
  const jobs = new Array<AsyncJob<unknown>>(JOBS);
  await pool(JOBS, CONCURRENCY, async (i) => {
    jobs[i] = await students.insert({ i });
  });
  await AsyncJob.waitAll(jobs, { concurrency: RESULT_CONCURRENCY });
}

async function timed(run: () => Promise<void>): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  await run();
  return performance.now() - started;
}

const variants = {
  "per job (wait)": { raw: () => pool(JOBS, CONCURRENCY, rawPerJob), sdk: () => pool(JOBS, CONCURRENCY, sdkPerJob) },
  "all (waitAll)": { raw: rawWaitAll, sdk: sdkWaitAll },
};

try {
  console.log(`${fmt(JOBS)} async jobs (document inserts) per round, ${ROUNDS} interleaved rounds after a warm-up, ${CONCURRENCY} at a time; local fabric in its own process`);
  console.log(`${"variant".padEnd(16)} ${"raw jobs/s".padStart(11)} ${"SDK jobs/s".padStart(11)}   SDK / raw time: median (min – max)`);
  for (const [name, { raw, sdk }] of Object.entries(variants)) {
    await timed(raw);
    await timed(sdk);
    const t = { raw: [] as number[], sdk: [] as number[] };
    const ratios: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) {
        t.raw.push(await timed(raw));
        t.sdk.push(await timed(sdk));
      } else {
        t.sdk.push(await timed(sdk));
        t.raw.push(await timed(raw));
      }
      ratios.push(t.sdk[r]! / t.raw[r]!);
    }
    const rate = (ms: number[]) => fmt((JOBS / median(ms)) * 1000);
    console.log(`${name.padEnd(16)} ${rate(t.raw).padStart(11)} ${rate(t.sdk).padStart(11)}   ${fmt(median(ratios), 2)}× (${fmt(Math.min(...ratios), 2)} – ${fmt(Math.max(...ratios), 2)})`);
  }
  await fabric.clearAsyncJobs();
  console.log("goal: SDK / raw fetch ≤ 1.20×");
} finally {
  server.stop();
}
