/** Shared set-up of the SDK tests: a local fabric on port 0, a client, and a fetch that records what was sent. */
import { C8Client, type C8ClientOptions, type FetchLike } from "../../src/index.js";
import { startLocalFabric, type LocalFabricOptions } from "../../src/local/index.js";

/** The local fabric's default user. */
export const USER = { tenant: "mytenant", username: "root", password: "passwd" } as const;

/** One request as the transport saw it. */
export interface Sent {
  method: string;
  path: string;
  search: string;
  headers: Headers;
}

/** Wraps `globalThis.fetch` and records every request. */
export function recordingFetch(inner: FetchLike = (url, init) => fetch(url, init)): { fetch: FetchLike; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: (url, init) => {
      const u = new URL(url);
      sent.push({ method: init.method ?? "GET", path: u.pathname, search: u.search, headers: new Headers(init.headers) });
      return inner(url, init);
    },
  };
}

/** A local fabric, a client on it (recording its requests), and helpers to make fabrics. */
export async function startLocal(opts: LocalFabricOptions = {}, client: Omit<C8ClientOptions, "url" | "fetch"> = {}) {
  const local = await startLocalFabric({ port: 0, ...opts });
  const recorder = recordingFetch();
  const c8 = new C8Client({ url: local.url, fetch: recorder.fetch, ...client });
  const system = c8.fabric({ ...USER, name: "_system" });
  let n = 0;
  return {
    local,
    url: local.url,
    client: c8,
    system,
    sent: recorder.sent,
    /** A new fabric with a fresh name, opened in the default context. */
    async newFabric(prefix = "f") {
      const name = `${prefix}_${process.pid}_${++n}`;
      await system.createFabric(name);
      return c8.fabric({ ...USER, name });
    },
    close: () => local.close(),
  };
}
