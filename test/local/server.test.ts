/** Routing, content types and bad input: the local fabric answers C8 error bodies and never crashes. */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../generated/v1/operations.js";
import { Client, expectError, start, type Started } from "./helpers.js";

let s: Started;
let c: Client;

beforeAll(async () => {
  s = await start({ bodyLimit: 4096 });
  c = s.client;
  expect((await c.post("/_fabric/_system/_api/collection", { name: "things" })).status).toBe(200);
});
afterAll(() => s.fabric.close());

describe("routing", () => {
  it("answers JSON with charset", async () => {
    const res = await c.get("/_fabric/_system/_api/collection");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(Number(res.headers.get("content-length"))).toBe(Buffer.byteLength(res.text));
  });

  it("unknown route → 404 errorNum 404 with the error body", async () => {
    expectError(await c.get("/_api/nothing-here"), 404, 404);
    expectError(await c.get("/_fabric/_system/_api/export/things/more"), 404, 404);
    // `/cursor/sql` is its own route now (never "invalid cursor ID"): unsupported SQL is a 1501
    expectError(await c.post("/_fabric/_system/_api/cursor/sql", { query: "SELECT 1" }), 400, 1501);
  });

  it("known path with a wrong method → 405 errorNum 405 and an Allow header", async () => {
    const res = await c.call("PATCH", "/_fabric/_system/_api/collection");
    expectError(res, 405, 405);
    expect(res.headers.get("allow")?.split(", ").sort()).toEqual(["GET", "POST"]);
    expectError(await c.call("DELETE", "/_fabric/_system/_api/cursor"), 405, 405);
  });

  it("routes every operation of the generated table (and nothing answers 'unknown path' or 405 for them)", async () => {
    // its own collection: the sweep also deletes and truncates
    await c.post("/_fabric/_system/_api/collection", { name: "sweep" });
    const values: Record<string, string> = { fabric: "_system", collection: "sweep", key: "x", id: "1", name: "nope" };
    for (const [id, op] of Object.entries(operations)) {
      const path = op.path.replace(/\{(\w+)\}/g, (_, p: string) => values[p] ?? "x");
      const res = await c.call(op.method, path, { body: op.body === "none" ? undefined : {}, auth: op.auth ? undefined : null });
      expect(res.status, `${id}: ${res.text}`).not.toBe(405);
      if (res.status === 404) expect(res.body?.errorMessage ?? "", id).not.toMatch(/^unknown path/);
    }
  });

  it("literal segments win over parameters (job/done vs job/{id})", async () => {
    const done = await c.get("/_fabric/_system/_api/job/done");
    expect(done.status).toBe(200);
    expect(done.body).toEqual([]);
    expectError(await c.get("/_fabric/_system/_api/job/123"), 404, 404);
  });

  it("decodes %-escaped path segments and rejects broken escapes", async () => {
    const ins = await c.post("/_fabric/_system/_api/document/things", { _key: "a:b" });
    expect(ins.status).toBe(202);
    expect(ins.headers.get("location")).toBe("/_tenant/mytenant/_fabric/_system/_api/document/things/a%3Ab");
    const got = await c.get("/_fabric/_system/_api/document/things/a%3Ab");
    expect(got.status).toBe(200);
    expect(got.body._key).toBe("a:b");
    expectError(await c.get("/_fabric/_system/_api/document/things/%E0%A4%A"), 400, 400);
  });

  it("accepts the old /_tenant/{tenant} prefix for the caller's own tenant only", async () => {
    expect((await c.get("/_tenant/mytenant/_fabric/_system/_api/collection")).status).toBe(200);
    expectError(await c.get("/_tenant/othertenant/_fabric/_system/_api/collection"), 401, 11);
  });
});

describe("CORS (browser apps on another origin)", () => {
  const origin = "http://app.example:3000";

  it("answers a preflight before authentication", async () => {
    const res = await c.call("OPTIONS", "/_fabric/_system/_api/cursor", {
      auth: null,
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "x-custom" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(origin);
    expect(res.headers.get("access-control-allow-methods")).toContain("PATCH");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/authorization.*x-c8-async.*if-match.*x-custom/);
    // a plain OPTIONS is no preflight: it is routed (and authenticated) like any request
    expectError(await c.call("OPTIONS", "/_fabric/_system/_api/cursor"), 405, 405);
  });

  it("allows the origin and exposes the SDK's headers on answers, stored job answers included", async () => {
    const sub = await c.call("POST", "/_fabric/_system/_api/document/things", {
      body: { _key: "cors" },
      headers: { origin, "x-c8-async": "store" },
    });
    expect(sub.headers.get("access-control-allow-origin")).toBe(origin);
    expect(sub.headers.get("access-control-expose-headers")).toBe("x-c8-async-id, x-c8-error-codes, location, etag");
    const id = sub.headers.get("x-c8-async-id")!;
    let res;
    do res = await c.put(`/_fabric/_system/_api/job/${id}`, undefined, { headers: { origin } });
    while (res.status === 204);
    expect(res.status).toBe(202);
    expect(res.headers.get("access-control-allow-origin")).toBe(origin);
    expect(res.headers.get("location")).toBe("/_tenant/mytenant/_fabric/_system/_api/document/things/cors");
    expect((await c.get("/_api/user")).headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("bad input never crashes it", () => {
  it("malformed JSON → 400 errorNum 600", async () => {
    expectError(await c.call("POST", "/_fabric/_system/_api/document/things", { raw: "{not json" }), 400, 600);
    expectError(await c.call("POST", "/_fabric/_system/_api/cursor", { raw: '{"query": "RETURN 1"' }), 400, 600);
  });

  it("empty body where one is required → 400 errorNum 600", async () => {
    expectError(await c.call("POST", "/_fabric/_system/_api/collection", { raw: "" }), 400, 600);
  });

  it("wrong body shape (generated zod schema) → 400 errorNum 10", async () => {
    expectError(await c.post("/_fabric/_system/_api/collection", { name: 42 }), 400, 10);
    expectError(await c.post("/_fabric/_system/_api/cursor", { bindVars: {} }), 400, 10);
    expectError(await c.post("/_fabric/_system/_api/document/things", 17), 400, 10);
    expectError(await c.post("/_fabric/_system/_api/import/things", { data: "x" }), 400, 10);
    expectError(await c.put("/_fabric/_system/_api/document/things", { not: "an array" }), 400, 10);
  });

  it("extra fields pass the permissive schemas", async () => {
    const res = await c.post("/_fabric/_system/_api/collection", { name: "extra", unknownOption: { x: 1 } });
    expect(res.status).toBe(200);
  });

  it("body over bodyLimit → 413, and the server keeps serving", async () => {
    const big = { _key: "big", blob: "x".repeat(5000) };
    const res = await c.post("/_fabric/_system/_api/document/things", big);
    expect(res.status).toBe(413);
    expect(res.body.errorNum).toBe(413);
    expect(res.body.error).toBe(true);
    expect((await c.get("/_fabric/_system/_api/document/things/big")).status).toBe(404);
    // also when the size is not announced up front (chunked upload)
    const chunked = await fetch(`${s.fabric.url}/_fabric/_system/_api/document/things`, {
      method: "POST",
      headers: { authorization: c.authorization!, "content-type": "application/json" },
      body: new ReadableStream({
        start(ctl) {
          ctl.enqueue(new TextEncoder().encode(JSON.stringify(big)));
          ctl.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await c.get("/_fabric/_system/_api/collection")).status).toBe(200);
  });

  it("boolean query flags accept true/false/1/0 and reject anything else with 400/10", async () => {
    for (const v of ["true", "1", "TRUE"]) {
      const res = await c.post(`/_fabric/_system/_api/document/things?returnNew=${v}`, {});
      expect(res.status).toBe(202);
      expect(res.body.new).toBeDefined();
    }
    for (const v of ["false", "0"]) {
      const res = await c.post(`/_fabric/_system/_api/document/things?returnNew=${v}`, {});
      expect(res.body.new).toBeUndefined();
    }
    expectError(await c.post("/_fabric/_system/_api/document/things?returnNew=yes", {}), 400, 10);
    expectError(await c.get("/_fabric/_system/_api/collection?excludeSystem=maybe"), 400, 10);
  });

  it("survives garbage on the socket", async () => {
    await new Promise<void>((resolve) => {
      const sock = connect(Number(new URL(s.fabric.url).port), "127.0.0.1", () => {
        sock.write("THIS IS NOT HTTP\r\n\r\n");
      });
      sock.on("data", () => sock.end());
      sock.on("close", () => resolve());
      sock.on("error", () => resolve());
    });
    expect((await c.get("/_fabric/_system/_api/collection")).status).toBe(200);
  });

  it("HEAD answers without a body", async () => {
    await c.post("/_fabric/_system/_api/document/things", { _key: "h" });
    const res = await c.call("HEAD", "/_fabric/_system/_api/document/things/h");
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    expect(res.headers.get("etag")).toMatch(/^"_/);
    expect((await c.call("HEAD", "/_fabric/_system/_api/document/things/missing")).status).toBe(404);
  });
});
