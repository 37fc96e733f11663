/**
 * Job round trip: submit (`x-c8-async: store`) → poll `GET /job/{id}` until 200 → fetch `PUT /job/{id}`, one job at
 * a time, with undici `request()` from this process against a local fabric in another process. Reported as
 * p50/p99 next to the same three requests against the bare `node:http` baseline server (same run, interleaved
 * rounds), and next to one synchronous insert.
 *
 *   npx tsx test/bench/local-job-roundtrip.bench.ts [--rounds 5] [--jobs 1000]
 */
import { Agent, request } from "undici";
import { fmt, median, percentile, startServer, type ServerProcess } from "./local-bench-lib.js";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg("rounds", 5);
const JOBS = arg("jobs", 1000);
const FABRIC = "/_fabric/_system/_api";
const BODY = JSON.stringify({ name: "bench", n: 1 });

const [local, bare] = await Promise.all([startServer("local"), startServer("bare")]);
const dispatcher = new Agent({ connections: 4 });

async function call(s: ServerProcess, method: "GET" | "PUT" | "POST", path: string, headers: Record<string, string> = {}, body?: string) {
  const res = await request(s.url + path, {
    method,
    dispatcher,
    headers: { authorization: `bearer ${s.jwt}`, ...headers },
    body,
  });
  await res.body.text();
  return res;
}

/** One job: submit, poll until done, fetch. Milliseconds. */
async function roundTrip(s: ServerProcess): Promise<number> {
  const t0 = performance.now();
  const sub = await call(s, "POST", `${FABRIC}/document/bench`, { "content-type": "application/json", "x-c8-async": "store" }, BODY);
  const id = String(sub.headers["x-c8-async-id"]);
  if (sub.statusCode !== 202 || id === "undefined") throw new Error(`submit: ${sub.statusCode}`);
  for (;;) {
    const st = await call(s, "GET", `${FABRIC}/job/${id}`);
    // the bare baseline answers 202 to everything: it stands for "done at the first poll"
    if (st.statusCode === 200 || s === bare) break;
    if (st.statusCode !== 204) throw new Error(`status: ${st.statusCode}`);
  }
  const res = await call(s, "PUT", `${FABRIC}/job/${id}`);
  if (s === local && (res.statusCode !== 202 || res.headers["x-c8-async-id"] !== id)) throw new Error(`result: ${res.statusCode}`);
  return performance.now() - t0;
}

async function syncInsert(): Promise<number> {
  const t0 = performance.now();
  const res = await call(local, "POST", `${FABRIC}/document/bench`, { "content-type": "application/json" }, BODY);
  if (res.statusCode !== 202) throw new Error(`insert: ${res.statusCode}`);
  return performance.now() - t0;
}

async function series(fn: () => Promise<number>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
}

try {
  await series(() => roundTrip(bare), 300);
  await series(() => roundTrip(local), 300);
  await series(syncInsert, 300);
  const all = { local: [] as number[], bare: [] as number[], sync: [] as number[] };
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const b = await series(() => roundTrip(bare), JOBS);
    const l = await series(() => roundTrip(local), JOBS);
    const s = await series(syncInsert, JOBS);
    all.bare.push(...b);
    all.local.push(...l);
    all.sync.push(...s);
    ratios.push(median(l) / median(b));
    console.log(`round ${r + 1}: job round trip p50 ${fmt(median(l), 3)} ms, bare 3 requests p50 ${fmt(median(b), 3)} ms, ratio ${fmt(median(l) / median(b), 2)}`);
  }
  const line = (name: string, xs: number[]) =>
    console.log(`  ${name.padEnd(34)} p50 ${fmt(percentile(xs, 50), 3)} ms   p99 ${fmt(percentile(xs, 99), 3)} ms`);
  console.log(`\njob round trip, one at a time (undici request(), ${ROUNDS} rounds × ${JOBS} jobs):`);
  line("local fabric submit→poll→fetch", all.local);
  line("bare node:http, same 3 requests", all.bare);
  line("local fabric, one sync insert", all.sync);
  console.log(`  ratio local/bare p50 per round: median ${fmt(median(ratios), 2)} (min ${fmt(Math.min(...ratios), 2)}, max ${fmt(Math.max(...ratios), 2)})`);
} finally {
  await dispatcher.close();
  local.stop();
  bare.stop();
}
