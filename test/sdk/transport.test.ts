/** The transport layer without a fabric: web-standard core, connection failures, time limits, aborts, custom fetch. */
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { C8Client, C8ConnectionError, C8TimeoutError, type FetchLike } from "../../src/index.js";

const SRC = new URL("../../src/", import.meta.url).pathname;

function coreFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join(SRC, "local") ? [] : coreFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("the SDK core is web-standard", () => {
  it("src/ (minus src/local/) imports no node: module and no Node built-in", () => {
    const files = coreFiles();
    expect(files.length).toBeGreaterThan(10);
    const builtins = new Set(builtinModules);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const [, spec] of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)["']([^"']+)["']/g)) {
        expect(spec!.startsWith("node:"), `${file} imports ${spec}`).toBe(false);
        expect(builtins.has(spec!), `${file} imports ${spec}`).toBe(false);
        expect(spec!.includes("/local/"), `${file} imports ${spec}`).toBe(false);
      }
      expect(text, file).not.toMatch(/\bprocess\.|\bBuffer\b|__dirname/);
    }
  });
});

/** A loopback URL whose port was just freed: connecting to it is refused. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe("transport failures", () => {
  // A TCP peer that accepts connections and never answers: a request to it can only time out or be aborted.
  let silent: Server;
  let silentUrl: string;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    if (typeof address !== "object" || !address) throw new Error("no address");
    silentUrl = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it("connection refused → C8ConnectionError naming the request, with the cause", async () => {
    const url = await closedPortUrl();
    const fabric = new C8Client({ url }).fabric({ token: "t", name: "f" });
    const err = await fabric.collections().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(C8ConnectionError);
    const e = err as C8ConnectionError;
    expect(e.method).toBe("GET");
    expect(e.url).toBe(`${url}/_fabric/f/_api/collection`);
    expect(e.cause).toBeInstanceOf(Error);
    expect(e.message).toMatch(/ECONNREFUSED/);
  });

  it("a failing login is a connection error too (password credentials)", async () => {
    const url = await closedPortUrl();
    const fabric = new C8Client({ url }).fabric({ tenant: "t", username: "u", password: "p", name: "f" });
    const err = await fabric.collections().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(C8ConnectionError);
    expect((err as C8ConnectionError).url).toBe(`${url}/_open/auth`);
  });

  it("per-call timeoutMs → C8TimeoutError", async () => {
    const fabric = new C8Client({ url: silentUrl }).fabric({ token: "t", name: "f" });
    const started = Date.now();
    const err = await fabric.collections({ timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(C8TimeoutError);
    expect(err).toMatchObject({ timeoutMs: 50, method: "GET" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("the client's default timeoutMs applies to every call; a per-call value wins", async () => {
    const fabric = new C8Client({ url: silentUrl, timeoutMs: 40 }).fabric({ token: "t", name: "f" });
    await expect(fabric.collection("c").count()).rejects.toMatchObject({ name: "C8TimeoutError", timeoutMs: 40 });
    await expect(fabric.collection("c").count({ timeoutMs: 60 })).rejects.toMatchObject({ name: "C8TimeoutError", timeoutMs: 60 });
  });

  it("an abort rejects with the signal's reason, also when it comes before the call", async () => {
    const fabric = new C8Client({ url: silentUrl, timeoutMs: 5_000 }).fabric({ token: "t", name: "f" });
    const controller = new AbortController();
    const reason = new Error("user gave up");
    setTimeout(() => controller.abort(reason), 30);
    await expect(fabric.collections({ signal: controller.signal })).rejects.toBe(reason);
    await expect(fabric.collections({ signal: AbortSignal.abort("early") })).rejects.toBe("early");
  });

  it("bad options fail early with a TypeError", () => {
    expect(() => new C8Client({ url: "not a url" })).toThrow(TypeError);
    expect(() => new C8Client({ host: "" })).toThrow(TypeError);
    expect(() => new C8Client({ host: "h", port: 0 })).toThrow(TypeError);
    expect(() => new C8Client({ url: "http://x", timeoutMs: -1 })).toThrow(TypeError);
    const client = new C8Client({ protocol: "http", host: "localhost", port: 8529 });
    expect(client.url).toBe("http://localhost:8529");
    expect(new C8Client({ host: "api.example" }).url).toBe("https://api.example:443");
    // @ts-expect-error credentials are required
    expect(() => client.fabric({ name: "f" })).toThrow(TypeError);
    expect(() => client.fabric({ name: "", token: "t" })).toThrow(TypeError);
    const fabric = client.fabric({ token: "t", name: "f" });
    expect(() => fabric.collections({ timeoutMs: Number.NaN })).toThrow(TypeError);
  });
});

describe("a custom fetch", () => {
  it("receives every request, with requestInitExt merged into its init", async () => {
    const seen: Array<{ url: string; dispatcher: unknown; auth: string | null }> = [];
    const ext = { dispatcher: "mine" };
    const fetch: FetchLike = async (url, init) => {
      seen.push({ url, dispatcher: (init as { dispatcher?: unknown }).dispatcher, auth: new Headers(init.headers).get("authorization") });
      return new Response(JSON.stringify({ error: false, code: 200, result: ["_system", "f"] }), { status: 200, headers: { "content-type": "application/json" } });
    };
    const fabric = new C8Client({ url: "https://c8.example/", fetch, requestInitExt: ext }).fabric({ apiKey: "mytenant.k.s", name: "f" });
    expect(await fabric.fabrics()).toEqual(["_system", "f"]);
    expect(seen).toEqual([{ url: "https://c8.example/_fabric/_system/_api/database", dispatcher: "mine", auth: "apikey mytenant.k.s" }]);
  });
});
