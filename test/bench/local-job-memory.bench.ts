/**
 * Memory per stored job result: 100,000 jobs submitted with `x-c8-async: store` (autocannon, this process) to a
 * local fabric in another process, left unfetched; the server's RSS and heapUsed after a forced GC, before and
 * after, divided by the number of results. Goal: ≤ 1 KB per stored result beyond its body bytes.
 * Two kinds of job: `GET /collection/bench/count` (answer without extra headers) and an insert that writes nothing
 * (`overwriteMode=ignore` on an existing key: the answer carries a `Location` header, the store does not grow).
 *
 *   npx tsx test/bench/local-job-memory.bench.ts [--jobs 100000]
 */
import { cannon, fmt, startServer } from "./local-bench-lib.js";

const i = process.argv.indexOf("--jobs");
const JOBS = i > 0 ? Number(process.argv[i + 1]) : 100_000;
const F = "/_fabric/_system/_api";

const server = await startServer("local");
const auth = { authorization: `bearer ${server.jwt}` };
const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(server.url + path, {
    method,
    headers: { ...auth, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

interface Kind {
  name: string;
  method: string;
  path: string;
  body?: unknown;
}
const kinds: Kind[] = [
  { name: "count (no extra headers)", method: "GET", path: `${F}/collection/bench/count` },
  { name: "insert, ignored (Location header)", method: "POST", path: `${F}/document/bench?overwriteMode=ignore`, body: { _key: "same", v: 1 } },
];

async function waitIdle(): Promise<void> {
  for (;;) {
    const res = await api("GET", `${F}/job/pending?count=1`);
    if (res.text === "[]") return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The stored answer of one job of this kind: body bytes and header bytes (the id header excluded). */
async function sample(kind: Kind): Promise<{ body: number; headers: number }> {
  const sub = await api(kind.method, kind.path, kind.body, { "x-c8-async": "store" });
  const id = sub.headers.get("x-c8-async-id")!;
  await waitIdle();
  const res = await api("PUT", `${F}/job/${id}`);
  const location = res.headers.get("location");
  return { body: Buffer.byteLength(res.text), headers: location === null ? 0 : "location".length + location.length };
}

try {
  await api("POST", `${F}/document/bench`, { _key: "same", v: 0 });
  const rows: string[] = [];
  for (const kind of kinds) {
    // warm-up: JIT, pools and maps at their working size
    await cannon({ url: server.url + kind.path, connections: 64, amount: 20_000, method: kind.method, headers: { ...auth, "content-type": "application/json", "x-c8-async": "store" }, body: kind.body === undefined ? undefined : JSON.stringify(kind.body) });
    await waitIdle();
    await api("DELETE", `${F}/job/all`);
    const before = await server.mem();
    const r = await cannon({
      url: server.url + kind.path,
      connections: 64,
      amount: JOBS,
      method: kind.method,
      headers: { ...auth, "content-type": "application/json", "x-c8-async": "store" },
      body: kind.body === undefined ? undefined : JSON.stringify(kind.body),
    });
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx, ${r.errors} errors`);
    await waitIdle();
    const after = await server.mem();
    const stored = JSON.parse((await api("GET", `${F}/job/done?count=${JOBS * 2}`)).text) as string[];
    const s = await sample(kind);
    await api("DELETE", `${F}/job/all`);
    const cleared = await server.mem();
    const n = stored.length;
    const rss = (after.rss - before.rss) / n;
    const heap = (after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers)) / n;
    rows.push(
      `  ${kind.name.padEnd(36)} ${fmt(n)} stored · RSS ${fmt(rss)} B/result · heapUsed+arrayBuffers ${fmt(heap)} B/result · ` +
        `body ${s.body} B + headers ${s.headers} B → beyond the body: RSS ${fmt(rss - s.body)} B, heap ${fmt(heap - s.body)} B ` +
        `(${rss - s.body <= 1024 && heap - s.body <= 1024 ? "goal ≤ 1 KB met" : "goal ≤ 1 KB NOT met"}) · ` +
        `per 100k: RSS ${fmt((rss * 100_000) / 1048576, 1)} MiB, heap ${fmt((heap * 100_000) / 1048576, 1)} MiB · ` +
        `after DELETE /job/all heapUsed back to ${fmt((cleared.heapUsed - before.heapUsed) / 1048576, 1)} MiB above the start`,
    );
  }
  console.log(`memory per stored job result (server process, after forced GC):`);
  for (const row of rows) console.log(row);
} finally {
  server.stop();
}
