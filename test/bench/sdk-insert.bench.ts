/**
 * SDK overhead on synchronous inserts: `collection.insert(doc)` against raw `fetch` doing the same
 * request (same JSON body, same headers, JSON answer parsed) on the same local fabric, which runs
 * in its own process. Rounds are interleaved (raw, SDK, raw, SDK, …) after a warm-up; the figure
 * is the median of the per-round time ratios SDK / raw, with min and max. undici `request()` is
 * shown beside them as the transport ceiling. Goal: ≤ 1.10×.
 *
 *   npx tsx test/bench/sdk-insert.bench.ts
 */
import { request } from "undici";
import { C8Client } from "../../src/index.js";
import { createTransport } from "../../src/transport.js";
import { fmt, median, startServer } from "./local-bench-lib.js";

const PER_ROUND = 200;
const ROUNDS = 31;

const server = await startServer("local");
const target = `${server.url}/_fabric/_system/_api/document/bench`;
const headers = { "content-type": "application/json", authorization: `bearer ${server.jwt}` };
const col = new C8Client({ url: server.url }).fabric({ tenant: "mytenant", username: "root", password: "passwd", name: "_system" }).collection("bench");

// openapi-fetch alone, over the SDK's transport: splits the SDK's figure into transport and SDK layer.
const transport = createTransport(server.url, undefined, undefined);
const documentPath = { fabric: "_system", collection: "bench" };

type Runner = (i: number) => Promise<unknown>;
const runners: Record<"raw" | "sdk" | "undici" | "openapiFetch", Runner> = {
  raw: async (i) => {
    const res = await fetch(target, { method: "POST", headers, body: JSON.stringify({ i, name: "student" }) });
    if (res.status !== 202) throw new Error(`raw insert: ${res.status}`);
    return res.json();
  },
  sdk: (i) => col.insert({ i, name: "student" }),
  openapiFetch: async (i) => {
    const { response } = await transport.POST("/_fabric/{fabric}/_api/document/{collection}", {
      params: { path: documentPath },
      body: { i, name: "student" },
      headers: { authorization: `bearer ${server.jwt}` },
    });
    if (response.status !== 202) throw new Error(`openapi-fetch insert: ${response.status}`);
  },
  undici: async (i) => {
    const res = await request(target, { method: "POST", headers, body: JSON.stringify({ i, name: "student" }) });
    if (res.statusCode !== 202) throw new Error(`undici insert: ${res.statusCode}`);
    return res.body.json();
  },
};

/** Milliseconds for PER_ROUND inserts by `concurrency` workers. */
async function round(run: Runner, concurrency: number): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.(); // run.ts passes --expose-gc: no collection left over from the other side
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < PER_ROUND) await run(next++);
    }),
  );
  return performance.now() - started;
}

/**
 * The SDK's own CPU cost per call, without the noise of sockets: SDK and raw code both call a stub `fetch` that
 * answers at once, interleaved rounds, median µs per call and the difference.
 */
async function clientCpuRounds(): Promise<string> {
  const answer = JSON.stringify({ _id: "bench/1", _key: "1", _rev: "_fGkrcfm--_" });
  const stub = async (_url: string, _init: RequestInit) =>
    new Response(answer, { status: 202, headers: { "content-type": "application/json; charset=utf-8" } });
  const stubCol = new C8Client({ url: server.url, fetch: stub }).fabric({ token: server.jwt, name: "_system" }).collection("bench");
  const rawStub = async (i: number) => {
    const res = await stub(target, { method: "POST", headers, body: JSON.stringify({ i, name: "student" }) });
    if (res.status !== 202) throw new Error("raw stub");
    return res.json();
  };
  const N = 5000;
  const perCall = async (run: (i: number) => Promise<unknown>) => {
    const t = performance.now();
    for (let i = 0; i < N; i++) await run(i);
    return ((performance.now() - t) / N) * 1000;
  };
  const raw: number[] = [];
  const sdk: number[] = [];
  for (let r = 0; r < 7; r++) {
    raw.push(await perCall(rawStub));
    sdk.push(await perCall((i) => stubCol.insert({ i, name: "student" })));
  }
  return `raw ${fmt(median(raw), 1)} µs, SDK ${fmt(median(sdk), 1)} µs, SDK adds ${fmt(median(sdk) - median(raw), 1)} µs`;
}

let clientCpuFigure = "";
const clientCpu = () => clientCpuFigure;

try {
  clientCpuFigure = await clientCpuRounds();
  console.log(`sync insert: ${PER_ROUND} inserts per round, ${ROUNDS} interleaved rounds after a warm-up; local fabric in its own process`);
  console.log(
    `${"concurrency".padEnd(12)} ${"raw fetch req/s".padStart(16)} ${"SDK req/s".padStart(10)} ${"undici req/s".padStart(13)}   SDK / raw time: median (min – max)   openapi-fetch alone / raw`,
  );
  for (const concurrency of [1, 16]) {
    for (const name of ["raw", "sdk", "undici", "openapiFetch"] as const) await round(runners[name], concurrency); // warm-up
    const times = { raw: [] as number[], sdk: [] as number[], undici: [] as number[], openapiFetch: [] as number[] };
    const ratios: number[] = [];
    const transportRatios: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate which goes first so drift on this shared machine does not favour one side.
      const order = r % 2 === 0 ? (["raw", "sdk", "openapiFetch"] as const) : (["openapiFetch", "sdk", "raw"] as const);
      for (const name of order) times[name].push(await round(runners[name], concurrency));
      times.undici.push(await round(runners.undici, concurrency));
      ratios.push(times.sdk[r]! / times.raw[r]!);
      transportRatios.push(times.openapiFetch[r]! / times.raw[r]!);
    }
    const rate = (ms: number[]) => fmt((PER_ROUND / median(ms)) * 1000);
    console.log(
      `${String(concurrency).padEnd(12)} ${rate(times.raw).padStart(16)} ${rate(times.sdk).padStart(10)} ${rate(times.undici).padStart(13)}   ${fmt(median(ratios), 2)}× (${fmt(Math.min(...ratios), 2)} – ${fmt(Math.max(...ratios), 2)})`.padEnd(101) +
        `${fmt(median(transportRatios), 2)}×`,
    );
  }
  console.log("goal: SDK / raw fetch ≤ 1.10×");
  console.log(`client CPU per insert, no network (both sides call the same stub fetch): ${clientCpu()}`);
} finally {
  server.stop();
}
