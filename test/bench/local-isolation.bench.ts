/**
 * Tenant isolation under hostile load (issue 9): p99 of a trivial GET from tenant B (its own user) while tenant A
 * runs each heavy case, beside the unloaded p99 of the same probe in the same run. The local fabric runs in its own
 * process (this file with `--serve`), started with two users in two tenants.
 *
 * Cases: the LIKE and regex attacks (repeated for a window), a large `FOR … IN 1..n RETURN {…}`, a nested loop,
 * the large loop as an async job, and four `SLEEP` jobs (there B's own insert job is timed too: it shares the job
 * workers). Every heavy request has a client-side bound (`--bound` ms, independent of any server `maxRuntime`) and
 * sizes come from flags, so the benchmark always finishes; after each case it waits until the server answers
 * promptly again before the next one. A blocked server shows as one long probe (probes are sequential).
 *
 *   npx tsx test/bench/local-isolation.bench.ts [--range 1000000] [--nested 8000] [--sleep 2] [--window 1000]
 *       [--bound 5000] [--probes 200]
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { fmt, median, percentile } from "./local-bench-lib.js";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const USERS = [
  { tenant: "tenanta", username: "root", password: "pa" },
  { tenant: "tenantb", username: "root", password: "pb" },
];

if (process.argv.includes("--serve")) {
  const { startLocalFabric } = await import("../../src/local/index.js");
  const fabric = await startLocalFabric({ users: USERS, jobWorkers: 4 });
  const jwts: string[] = [];
  for (const u of USERS) {
    const res = await fetch(`${fabric.url}/_open/auth`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(u) });
    jwts.push(((await res.json()) as { jwt: string }).jwt);
  }
  const b = await fetch(`${fabric.url}/_fabric/_system/_api/collection`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `bearer ${jwts[1]}` },
    body: JSON.stringify({ name: "probe" }),
  });
  if (b.status !== 200) throw new Error(`create collection: ${b.status}`);
  process.stdout.write(`${JSON.stringify({ url: fabric.url, jwts })}\n`);
  process.on("disconnect", () => process.exit(0));
} else {
  await main();
}

async function main(): Promise<void> {
  const RANGE = arg("range", 1_000_000);
  const NESTED = arg("nested", 8000);
  const SLEEP_S = arg("sleep", 2);
  const WINDOW = arg("window", 1000);
  const BOUND = arg("bound", 5000);
  const PROBES = arg("probes", 200);

  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve"], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  const { url, jwts } = JSON.parse(first.value as string) as { url: string; jwts: [string, string] };
  const probePool = new Agent({ connections: 1 });
  const heavyPool = new Agent({ connections: 8 });
  const API = "/_fabric/_system/_api";

  /** One probe: tenant B lists its collections. Milliseconds. */
  async function probe(): Promise<number> {
    const t0 = performance.now();
    const res = await request(url + `${API}/collection`, { dispatcher: probePool, headers: { authorization: `bearer ${jwts[1]}` } });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`probe: ${res.statusCode}`);
    return performance.now() - t0;
  }

  /** Probes every 5 ms until `done` resolves (at least 3). */
  async function probeWhile(done: Promise<unknown>): Promise<number[]> {
    let finished = false;
    void done.finally(() => (finished = true));
    const out: number[] = [];
    while (!finished || out.length < 3) {
      out.push(await probe());
      await new Promise((r) => setTimeout(r, 5));
    }
    return out;
  }

  /** A request as tenant A, bounded on the client side; answers its status or "bound". */
  async function heavy(body: unknown, headers: Record<string, string> = {}, bound = BOUND): Promise<string> {
    try {
      const res = await request(url + `${API}/cursor`, {
        method: "POST",
        dispatcher: heavyPool,
        headers: { authorization: `bearer ${jwts[0]}`, "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(Math.ceil(bound)),
      });
      await res.body.text();
      return String(res.statusCode);
    } catch {
      return "bound";
    }
  }

  /** Repeats a request back to back (2 in flight) for `ms`. */
  async function repeat(body: unknown, ms: number): Promise<string> {
    const until = performance.now() + ms;
    let n = 0;
    const statuses = new Set<string>();
    const worker = async () => {
      while (performance.now() < until) {
        statuses.add(await heavy(body, {}, Math.max(1, until - performance.now() + 1000)));
        n++;
      }
    };
    await Promise.all([worker(), worker()]);
    return `${n}× ${[...statuses].join("/")}`;
  }

  /** Polls a stored job until done; answers when. */
  async function jobDone(id: string, jwt: string, bound: number): Promise<string> {
    const until = performance.now() + bound;
    while (performance.now() < until) {
      const res = await request(url + `${API}/job/${id}`, { dispatcher: heavyPool, headers: { authorization: `bearer ${jwt}` } });
      await res.body.text();
      if (res.statusCode === 200) return "done";
      await new Promise((r) => setTimeout(r, 10));
    }
    return "bound";
  }

  async function submitJob(jwt: string, path: string, body: unknown): Promise<string> {
    const res = await request(url + API + path, {
      method: "POST",
      dispatcher: heavyPool,
      headers: { authorization: `bearer ${jwt}`, "content-type": "application/json", "x-c8-async": "store" },
      body: JSON.stringify(body),
    });
    await res.body.text();
    const id = res.headers["x-c8-async-id"];
    if (res.statusCode !== 202 || typeof id !== "string") throw new Error(`submit: ${res.statusCode}`);
    return id;
  }

  /** Waits until a probe answers in under 50 ms again (the previous case may still be running server-side). */
  async function settle(): Promise<void> {
    const until = performance.now() + 120_000;
    while (performance.now() < until) if ((await probe()) < 50) return;
  }

  interface Row {
    name: string;
    outcome: string;
    lat: number[];
    extra?: string;
  }
  const rows: Row[] = [];
  const s2000 = "a".repeat(2000);

  for (let i = 0; i < 20; i++) await probe(); // warm-up
  const unloaded: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    unloaded.push(await probe());
    await new Promise((r) => setTimeout(r, 5));
  }

  const cases: Array<[string, () => Promise<string | { outcome: string; extra: string }>]> = [
    ["LIKE(@s, '%a%a%a%a%a%b'), 2,000 chars", () => repeat({ query: "RETURN LIKE(@s, '%a%a%a%a%a%b')", bindVars: { s: s2000 } }, WINDOW)],
    ["@s =~ '^(a+)+$', 30 chars + '!'", () => repeat({ query: "RETURN @s =~ '^(a+)+$'", bindVars: { s: "a".repeat(30) + "!" } }, WINDOW)],
    ["REGEX_REPLACE(@s, '(a|aa)+b', …), 2,000 chars", () => repeat({ query: "RETURN REGEX_REPLACE(@s, '(a|aa)+b', 'x')", bindVars: { s: s2000 } }, WINDOW)],
    [`FOR i IN 1..${fmt(RANGE)} RETURN {a: i, b: CONCAT('x', i)}`, () => heavy({ query: "FOR i IN 1..@n RETURN {a: i, b: CONCAT('x', i)}", bindVars: { n: RANGE }, batchSize: 1000 })],
    [`nested loop ${fmt(NESTED)}²`, () => heavy({ query: "FOR i IN 1..@n FOR j IN 1..@n FILTER i == j RETURN i", bindVars: { n: NESTED } })],
    [
      `async job: FOR i IN 1..${fmt(RANGE)} RETURN {…}`,
      async () => {
        const id = await submitJob(jwts[0], "/cursor", { query: "FOR i IN 1..@n RETURN {a: i, b: CONCAT('x', i)}", bindVars: { n: RANGE }, batchSize: 1000 });
        return `job ${await jobDone(id, jwts[0], BOUND)}`;
      },
    ],
    [
      `4× RETURN SLEEP(${SLEEP_S}) jobs`,
      async () => {
        const ids = await Promise.all([1, 2, 3, 4].map(() => submitJob(jwts[0], "/cursor", { query: "RETURN SLEEP(@s)", bindVars: { s: SLEEP_S } })));
        await new Promise((r) => setTimeout(r, 50));
        const t0 = performance.now();
        const mine = await submitJob(jwts[1], "/document/probe", { x: 1 });
        const b = await jobDone(mine, jwts[1], BOUND + SLEEP_S * 1000);
        const waited = performance.now() - t0;
        const a = await Promise.all(ids.map((id) => jobDone(id, jwts[0], BOUND + SLEEP_S * 1000)));
        return { outcome: `A: ${a.filter((x) => x === "done").length}/4 done`, extra: `B's insert job ${b} after ${fmt(waited)} ms` };
      },
    ],
  ];

  for (const [name, run] of cases) {
    await settle();
    const t0 = performance.now();
    const job = run();
    const lat = await probeWhile(job);
    const r = await job;
    const outcome = `${typeof r === "string" ? r : r.outcome}, ${fmt(performance.now() - t0)} ms`;
    rows.push(typeof r === "string" ? { name, outcome, lat } : { name, outcome, lat, extra: r.extra });
  }

  const base = percentile(unloaded, 99);
  console.log(`probe: GET ${API}/collection as tenant B, sequential, every 5 ms; heavy requests bounded at ${fmt(BOUND)} ms on the client`);
  console.log(`| case (tenant A) | heavy outcome | probes | p50 ms | p99 ms | max ms | p99 × unloaded | note |`);
  console.log(`|---|---|---:|---:|---:|---:|---:|---|`);
  console.log(`| unloaded | – | ${unloaded.length} | ${fmt(median(unloaded), 2)} | ${fmt(base, 2)} | ${fmt(Math.max(...unloaded), 2)} | 1.0 | |`);
  for (const r of rows) {
    const p99 = percentile(r.lat, 99);
    console.log(
      `| ${r.name} | ${r.outcome} | ${r.lat.length} | ${fmt(median(r.lat), 2)} | ${fmt(p99, 2)} | ${fmt(Math.max(...r.lat), 2)} | ${fmt(p99 / base, 1)} | ${r.extra ?? ""} |`,
    );
  }
  await settle();
  await probePool.close();
  await heavyPool.close();
  child.disconnect();
  child.kill();
}
