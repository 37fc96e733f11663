/** Shared plumbing of the local-fabric benchmarks: server processes, autocannon, statistics. */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface ServerProcess {
  url: string;
  jwt: string;
  child: ChildProcess;
  /** memoryUsage() of the server process after a forced GC. */
  mem(): Promise<NodeJS.MemoryUsage>;
  stop(): void;
}

const serverScript = fileURLToPath(new URL("./local-bench-server.ts", import.meta.url));

/** Starts `local` (a local fabric) or `bare` (the node:http baseline) in its own process. */
export async function startServer(mode: "local" | "bare"): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", serverScript, mode], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  if (first.done) throw new Error(`${mode} server did not start`);
  const info = JSON.parse(first.value) as { url: string; jwt?: string };
  return {
    url: info.url,
    jwt: info.jwt ?? "",
    child,
    mem: () =>
      new Promise((resolve) => {
        child.once("message", (m) => resolve((m as { mem: NodeJS.MemoryUsage }).mem));
        child.send({ cmd: "mem" });
      }),
    stop: () => {
      child.disconnect();
      child.kill();
    },
  };
}

export interface CannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface CannonOptions {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

const autocannon = createRequire(import.meta.url)("autocannon") as (opts: CannonOptions) => Promise<CannonResult>;

/** One autocannon run (in this process: the servers live in their own). */
export function cannon(opts: CannonOptions): Promise<CannonResult> {
  return autocannon(opts);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
