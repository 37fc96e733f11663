/**
 * Async submissions per second at concurrency 64: `POST /document/bench` with `x-c8-async: store` and a bearer
 * JWT, sent by autocannon from this process to a local fabric in another process — next to the bare `node:http`
 * server of PERFORMANCE.md (202 + `x-c8-async-id`) measured in the same run, interleaved A B A B after a warm-up.
 * Goal: ≥ 5,000 submissions/s. Afterwards checks that every accepted job ran exactly once (documents written).
 *
 *   npx tsx test/bench/local-async-submit.bench.ts [--rounds 5] [--seconds 3]
 */
import { cannon, fmt, median, startServer, type ServerProcess } from "./local-bench-lib.js";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg("rounds", 5);
const SECONDS = arg("seconds", 3);
const CONNECTIONS = 64;
const PATH = "/_fabric/_system/_api/document/bench";
const BODY = JSON.stringify({ name: "bench", n: 1, tags: ["a", "b"] });

const [local, bare] = await Promise.all([startServer("local"), startServer("bare")]);
const api = (method: string, path: string) =>
  fetch(local.url + path, { method, headers: { authorization: `bearer ${local.jwt}` } }).then((r) => r.json() as Promise<unknown>);

let accepted = 0;
async function round(s: ServerProcess, seconds: number): Promise<number> {
  const r = await cannon({
    url: s.url + PATH,
    connections: CONNECTIONS,
    duration: seconds,
    method: "POST",
    headers: { "content-type": "application/json", "x-c8-async": "store", authorization: `bearer ${s.jwt}` },
    body: BODY,
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${s === local ? "local" : "bare"}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  if (s === local) accepted += r.requests.total;
  return r.requests.total / seconds;
}

try {
  await round(bare, 2);
  await round(local, 2);
  await api("DELETE", "/_fabric/_system/_api/job/all");
  const bareRps: number[] = [];
  const localRps: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const b = await round(bare, SECONDS);
    const l = await round(local, SECONDS);
    // keep the stored results from piling up between rounds (the memory benchmark measures that)
    await api("DELETE", "/_fabric/_system/_api/job/all");
    bareRps.push(b);
    localRps.push(l);
    ratios.push(l / b);
    console.log(`round ${i + 1}: bare node:http ${fmt(b)}/s, local fabric ${fmt(l)}/s, ratio ${fmt(l / b, 2)}`);
  }
  // every accepted submission became exactly one document (autocannon drops the answers still in flight when a
  // round ends, so up to 64 per round may have been accepted without being counted)
  let pending: unknown[] = [1];
  while (pending.length > 0) pending = (await api("GET", "/_fabric/_system/_api/job/pending?count=1")) as unknown[];
  const count = ((await api("GET", "/_fabric/_system/_api/collection/bench/count")) as { count: number }).count;
  const slack = count - accepted;
  const ok = slack >= 0 && slack <= CONNECTIONS * (ROUNDS + 1);

  console.log(
    `\nasync submissions/s at concurrency ${CONNECTIONS} (autocannon, separate process, ${ROUNDS} rounds × ${SECONDS} s):`,
  );
  console.log(`  local fabric      median ${fmt(median(localRps))}/s  (min ${fmt(Math.min(...localRps))}, max ${fmt(Math.max(...localRps))})`);
  console.log(`  bare node:http    median ${fmt(median(bareRps))}/s  (min ${fmt(Math.min(...bareRps))}, max ${fmt(Math.max(...bareRps))})`);
  console.log(`  ratio local/bare  median ${fmt(median(ratios), 2)}  (min ${fmt(Math.min(...ratios), 2)}, max ${fmt(Math.max(...ratios), 2)})`);
  console.log(`  goal ≥ 5,000/s: ${median(localRps) >= 5000 ? "met" : "NOT met"}`);
  console.log(`  exactly once: ${fmt(accepted)} counted 202s, ${fmt(count)} documents written (${ok ? "ok" : "MISMATCH"})`);
  if (!ok) process.exitCode = 1;
} finally {
  local.stop();
  bare.stop();
}
