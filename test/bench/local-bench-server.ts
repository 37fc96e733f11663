/**
 * Server side of the local-fabric benchmarks, run in its own process so that the load generator never shares a
 * CPU-bound event loop with the server it measures.
 *
 *   node --expose-gc --import tsx test/bench/local-bench-server.ts local|bare
 *
 * `local`: a local fabric (queue big enough for the benchmarks), logged in, with a `bench` collection.
 * `bare`: the PERFORMANCE.md baseline — a bare `node:http` server that reads a small JSON body and answers 202
 * with an `x-c8-async-id` header.
 * Prints one JSON line `{url, jwt?}`; over IPC answers `{cmd: "mem"}` with memoryUsage() after a forced GC.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startLocalFabric } from "../../src/local/index.js";

const mode = process.argv[2];

async function serveLocal(): Promise<{ url: string; jwt: string }> {
  const fabric = await startLocalFabric({ maxQueuedJobs: 1_000_000, jobWorkers: 4 });
  const auth = await fetch(`${fabric.url}/_open/auth`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenant: "mytenant", username: "root", password: "passwd" }),
  });
  const { jwt } = (await auth.json()) as { jwt: string };
  const created = await fetch(`${fabric.url}/_fabric/_system/_api/collection`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `bearer ${jwt}` },
    body: JSON.stringify({ name: "bench" }),
  });
  if (created.status !== 200) throw new Error(`create collection: ${created.status}`);
  return { url: fabric.url, jwt };
}

function serveBare(): Promise<{ url: string }> {
  let next = 1;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (chunks.length > 0) JSON.parse(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(202, { "x-c8-async-id": String(next++), "content-length": "0" });
      res.end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

const info = mode === "local" ? await serveLocal() : mode === "bare" ? await serveBare() : undefined;
if (info === undefined) {
  process.stderr.write("usage: local-bench-server.ts local|bare\n");
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(info)}\n`);

process.on("message", (msg: { cmd?: string }) => {
  if (msg.cmd === "mem") {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) throw new Error("run with --expose-gc");
    for (let i = 0; i < 3; i++) gc();
    process.send?.({ mem: process.memoryUsage() });
  }
});
process.on("disconnect", () => process.exit(0));
