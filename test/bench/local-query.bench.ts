/**
 * `FOR i IN 1..100000 FILTER i % 2 == 0 RETURN i` through HTTP against a local fabric in another process: the
 * cursor creation (the whole query runs, first batch of 1,000 answered) and the full read (all 50 batches), with
 * undici `request()`. Baselines from the same run, interleaved: a `RETURN 1` cursor round trip (HTTP + engine
 * overhead floor) and the same loop in plain JavaScript in this process.
 *
 *   npx tsx test/bench/local-query.bench.ts [--rounds 7]
 */
import { Agent, request } from "undici";
import { fmt, median, startServer } from "./local-bench-lib.js";

const i = process.argv.indexOf("--rounds");
const ROUNDS = i > 0 ? Number(process.argv[i + 1]) : 7;
const QUERY = "FOR i IN 1..100000 FILTER i % 2 == 0 RETURN i";
const CURSOR = "/_fabric/_system/_api/cursor";

const server = await startServer("local");
const dispatcher = new Agent({ connections: 1 });

async function call(method: "POST" | "PUT", path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await request(server.url + path, {
    method,
    dispatcher,
    headers: { authorization: `bearer ${server.jwt}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, json: await res.body.json() };
}

/** Milliseconds to create the cursor, and to read every batch. */
async function runQuery(): Promise<{ create: number; all: number }> {
  const t0 = performance.now();
  let res = await call("POST", CURSOR, { query: QUERY, batchSize: 1000, count: true });
  const create = performance.now() - t0;
  if (res.status !== 201 || res.json.count !== 50_000) throw new Error(`query: ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
  let n = res.json.result.length as number;
  while (res.json.hasMore) {
    res = await call("PUT", `${CURSOR}/${res.json.id}`);
    n += res.json.result.length as number;
  }
  if (n !== 50_000) throw new Error(`read ${n} results`);
  return { create, all: performance.now() - t0 };
}

/** Median of 200 `RETURN 1` cursor round trips (one alone is dominated by noise). */
async function returnOne(): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < 200; k++) {
    const t0 = performance.now();
    const res = await call("POST", CURSOR, { query: "RETURN 1" });
    if (res.status !== 201) throw new Error(`RETURN 1: ${res.status}`);
    times.push(performance.now() - t0);
  }
  return median(times);
}

function plainJs(): number {
  const t0 = performance.now();
  const out: number[] = [];
  for (let k = 1; k <= 100_000; k++) if (k % 2 === 0) out.push(k);
  if (out.length !== 50_000) throw new Error("plain");
  return performance.now() - t0;
}

try {
  for (let w = 0; w < 3; w++) {
    await runQuery();
    await returnOne();
    plainJs();
  }
  const create: number[] = [];
  const all: number[] = [];
  const one: number[] = [];
  const js: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const q = await runQuery();
    create.push(q.create);
    all.push(q.all);
    one.push(await returnOne());
    js.push(plainJs());
    console.log(`round ${r + 1}: create cursor ${fmt(q.create, 1)} ms, read all ${fmt(q.all, 1)} ms, RETURN 1 ${fmt(one.at(-1)!, 3)} ms, plain JS ${fmt(js.at(-1)!, 2)} ms`);
  }
  console.log(`\n${QUERY} via HTTP (${ROUNDS} rounds, medians):`);
  console.log(`  create cursor (query runs, first 1,000 results)   ${fmt(median(create), 1)} ms`);
  console.log(`  all 50,000 results (50 batches)                   ${fmt(median(all), 1)} ms`);
  console.log(`  baseline RETURN 1 cursor round trip               ${fmt(median(one), 3)} ms`);
  console.log(`  baseline same loop in plain JS (no HTTP)          ${fmt(median(js), 2)} ms`);
  console.log(`  ratio create/plain JS ${fmt(median(create) / median(js), 1)}×, create/RETURN 1 ${fmt(median(create) / median(one), 1)}×`);
} finally {
  await dispatcher.close();
  server.stop();
}
