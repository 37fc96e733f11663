/**
 * Requests per job: how many requests `job.wait()` and `AsyncJob.waitAll()` send, against a fixed
 * 100 ms status poll (pyC8's loop: `while job.status() != 'done': sleep(0.1)`, then the result),
 * for quick jobs (document inserts) and slow ones (`RETURN SLEEP(0.5)` and `SLEEP(3)`), on loopback and with 20 ms
 * added to every request (a far-away fabric). Requests are counted by a counting `fetch`; "polls"
 * are the status/list requests, "total" adds the submission and the result read.
 *
 *   npx tsx test/bench/sdk-job-polls.bench.ts
 */
import { AsyncJob, C8Client, type FetchLike } from "../../src/index.js";
import { startLocalFabric } from "../../src/local/index.js";
import { fmt } from "./local-bench-lib.js";

const CONCURRENCY = 64;
const USER = { tenant: "mytenant", username: "root", password: "passwd" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Slow jobs must not queue behind each other: enough workers for all of them at once.
const local = await startLocalFabric({ port: 0, jobWorkers: CONCURRENCY, maxQueuedJobs: 100_000 });

interface Count {
  requests: number;
  polls: number;
}
function countingFetch(latencyMs: number, count: Count): FetchLike {
  return async (url, init) => {
    count.requests++;
    if ((init.method ?? "GET") === "GET") count.polls++;
    if (latencyMs > 0) await sleep(latencyMs);
    return fetch(url, init);
  };
}

async function pool(n: number, width: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await work(next++);
  }));
}

const STRATEGIES = ["wait()", "waitAll()", "fixed 100 ms poll"] as const;
type Strategy = (typeof STRATEGIES)[number];
interface Scenario {
  name: string;
  jobs: number;
  submit: (f: ReturnType<C8Client["fabric"]>, i: number) => Promise<AsyncJob<unknown>>;
}
const scenarios: Scenario[] = [
  { name: "quick (insert)", jobs: 1000, submit: (f, i) => f.beginAsyncExecution().collection("polls").insert({ i }) },
  { name: "slow (SLEEP 0.5 s)", jobs: 192, submit: (f) => f.beginAsyncExecution().c8ql.execute("RETURN SLEEP(0.5)") },
  { name: "long (SLEEP 3 s)", jobs: 64, submit: (f) => f.beginAsyncExecution().c8ql.execute("RETURN SLEEP(3)") },
];

async function measure(scenario: Scenario, strategy: Strategy, latencyMs: number) {
  const count: Count = { requests: 0, polls: 0 };
  const client = new C8Client({ url: local.url, fetch: countingFetch(latencyMs, count) });
  const fabric = client.fabric({ ...USER, name: "_system" });
  await fabric.hasCollection("polls"); // log in before counting
  const before = { ...count };
  const latencies: number[] = [];
  const started = performance.now();
  if (strategy === "waitAll()") {
    const jobs = new Array<AsyncJob<unknown>>(scenario.jobs);
    await pool(scenario.jobs, CONCURRENCY, async (i) => {
      jobs[i] = await scenario.submit(fabric, i);
    });
    await AsyncJob.waitAll(jobs);
  } else {
    await pool(scenario.jobs, CONCURRENCY, async (i) => {
      const t0 = performance.now();
      const job = await scenario.submit(fabric, i);
      if (strategy === "wait()") await job.wait();
      else {
        while ((await job.status()) !== "done") await sleep(100);
        await job.result();
      }
      latencies.push(performance.now() - t0);
    });
  }
  const elapsed = performance.now() - started;
  const per = (n: number) => n / scenario.jobs;
  return {
    polls: per(count.polls - before.polls),
    total: per(count.requests - before.requests),
    elapsed,
    meanLatency: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : undefined,
  };
}

try {
  const admin = new C8Client({ url: local.url }).fabric({ ...USER, name: "_system" });
  await admin.createCollection("polls");
  for (const strategy of STRATEGIES) await measure(scenarios[0]!, strategy, 0); // warm-up
  console.log(`requests per job, ${CONCURRENCY} jobs in flight; local fabric in this process (${CONCURRENCY} job workers)`);
  console.log(`${"jobs".padEnd(20)} ${"added latency".padEnd(14)} ${"strategy".padEnd(18)} ${"polls/job".padStart(9)} ${"total/job".padStart(9)} ${"wall ms".padStart(8)} ${"job latency ms".padStart(15)}`);
  for (const latencyMs of [0, 20]) {
    for (const scenario of scenarios) {
      for (const strategy of STRATEGIES) {
        const m = await measure(scenario, strategy, latencyMs);
        console.log(
          `${scenario.name.padEnd(20)} ${`${latencyMs} ms`.padEnd(14)} ${strategy.padEnd(18)} ${fmt(m.polls, 3).padStart(9)} ${fmt(m.total, 2).padStart(9)} ${fmt(m.elapsed).padStart(8)} ${(m.meanLatency === undefined ? "–" : fmt(m.meanLatency)).padStart(15)}`,
        );
      }
    }
  }
  await admin.clearAsyncJobs();
  console.log("floor: 2 requests per job (submit + result); waitAll() polls once per round for all jobs");
} finally {
  await local.close();
}
