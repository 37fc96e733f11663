/**
 * Hostile input over HTTP (issue 9, item 5): prototype names are ordinary attributes everywhere, nesting past the
 * documented limits and numbers JSON cannot hold answer 400 with a C8 error body, and broken requests never 5xx.
 */
import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_EXPRESSION_NESTING } from "../../src/local/c8ql/parser-expressions.js";
import { MAX_JSON_DEPTH } from "../../src/local/json-body.js";
import { Client, expectError, start, type Started } from "./helpers.js";

let s: Started;
let c: Client;
const DOCS = "/_fabric/_system/_api/document/hostile";

beforeAll(async () => {
  s = await start();
  c = s.client;
  expect((await c.post("/_fabric/_system/_api/collection", { name: "hostile" })).status).toBe(200);
});
afterAll(() => s.fabric.close());

const query = (q: string, bindVars?: Record<string, unknown>) => c.post("/_fabric/_system/_api/cursor", { query: q, bindVars });
/** One result of a query that must succeed. */
async function one(q: string, bindVars?: Record<string, unknown>): Promise<any> {
  const res = await query(q, bindVars);
  if (res.status !== 201) throw new Error(`${q}: ${res.status} ${res.text}`);
  return res.body.result[0];
}
/** A body with `__proto__` etc. as own attributes, as a JSON text (a JS literal `{__proto__: …}` sets the prototype). */
const PROTO_DOC = '{"_key":"p1","__proto__":{"isAdmin":true},"constructor":{"x":1},"prototype":2,"n":{"__proto__":{"deep":true},"constructor":"c"}}';
const own = (o: unknown, k: string) => typeof o === "object" && o !== null && Object.prototype.hasOwnProperty.call(o, k);

describe("__proto__, constructor and prototype are ordinary attribute names", () => {
  it("single insert stores and returns them at every depth; FILTER does not see through them", async () => {
    const ins = await c.call("POST", DOCS, { raw: PROTO_DOC });
    expect(ins.status).toBe(202);
    const got = await c.get(`${DOCS}/p1`);
    expect(got.status).toBe(200);
    expect(own(got.body, "__proto__")).toBe(true);
    expect(got.body["__proto__"]).toEqual({ isAdmin: true });
    expect(got.body.constructor).toEqual({ x: 1 });
    expect(got.body.prototype).toBe(2);
    expect(own(got.body.n, "__proto__")).toBe(true);
    expect(got.body.n["__proto__"]).toEqual({ deep: true });
    expect(got.body.n.constructor).toBe("c");
    expect(got.body.isAdmin).toBeUndefined();

    expect((await query("FOR d IN hostile FILTER d.isAdmin == true RETURN d._key")).body.result).toEqual([]);
    expect((await query("FOR d IN hostile FILTER d.__proto__.isAdmin == true RETURN d._key")).body.result).toEqual(["p1"]);
    expect((await query("FOR d IN hostile FILTER d.n.deep == true RETURN d._key")).body.result).toEqual([]);
    expect(await one("RETURN DOCUMENT('hostile/p1').constructor.x")).toBe(1);
  });

  it("multi-document insert, import, update patches and replace keep them", async () => {
    const multi = await c.call("POST", DOCS, { raw: '[{"_key":"m1","__proto__":{"a":1}},{"_key":"m2","constructor":{"b":2}}]' });
    expect(multi.status).toBe(202);
    expect((await c.get(`${DOCS}/m1`)).body["__proto__"]).toEqual({ a: 1 });
    expect((await c.get(`${DOCS}/m2`)).body.constructor).toEqual({ b: 2 });

    const imp = await c.call("POST", "/_fabric/_system/_api/import/hostile", { raw: '{"data":[{"_key":"i1","__proto__":{"isAdmin":true}}]}' });
    expect(imp.status).toBe(200);
    expect(imp.body.result.created).toBe(1);
    expect((await c.get(`${DOCS}/i1`)).body["__proto__"]).toEqual({ isAdmin: true });
    // primaryKey naming a prototype attribute reads only the document's own one
    const pk = await c.call("POST", "/_fabric/_system/_api/import/hostile", { raw: '{"data":[{"constructor":"k9"},{"x":1}],"primaryKey":"constructor"}' });
    expect(pk.body.result.created).toBe(2);
    expect((await c.get(`${DOCS}/k9`)).status).toBe(200);

    // a patch merges into an existing __proto__ attribute, and adds one where there was none
    const up = await c.call("PATCH", `${DOCS}/m1?returnNew=true`, { raw: '{"__proto__":{"b":2},"prototype":{"c":3}}' });
    expect(up.status).toBe(202);
    const m1 = (await c.get(`${DOCS}/m1`)).body;
    expect(m1["__proto__"]).toEqual({ a: 1, b: 2 });
    expect(m1.prototype).toEqual({ c: 3 });
    const m2 = await c.call("PATCH", `${DOCS}/m2`, { raw: '{"constructor":{"d":4}}' });
    expect(m2.status).toBe(202);
    expect((await c.get(`${DOCS}/m2`)).body.constructor).toEqual({ b: 2, d: 4 });

    expect((await c.call("PUT", `${DOCS}/m2`, { raw: '{"__proto__":[1]}' })).status).toBe(202);
    const m2r = (await c.get(`${DOCS}/m2`)).body;
    expect(m2r["__proto__"]).toEqual([1]);
    expect(own(m2r, "constructor")).toBe(false);
  });

  it("C8QL object literals, MERGE & co and bindVars treat them as data", async () => {
    const o = JSON.parse('{"__proto__":{"isAdmin":true},"constructor":1,"a":2}');
    expect((await query("RETURN {__proto__: {isAdmin: true}, 'constructor': 1}")).text).toContain('"__proto__":{"isAdmin":true}');
    expect(await one("RETURN {__proto__: {isAdmin: true}}.isAdmin")).toBeNull();
    expect(await one("RETURN [@o.isAdmin, @o.__proto__.isAdmin, @o.constructor, {}.constructor, {}.__proto__, {}.prototype]", { o })).toEqual([
      null,
      true,
      1,
      null,
      null,
      null,
    ]);
    const merged = await one("RETURN MERGE({b: 1}, @o)", { o });
    expect(own(merged, "__proto__")).toBe(true);
    expect(merged["__proto__"]).toEqual({ isAdmin: true });
    const rec = await one("RETURN MERGE_RECURSIVE(@o, {__proto__: {x: 1}})", { o });
    expect(rec["__proto__"]).toEqual({ isAdmin: true, x: 1 });
    expect(Object.keys(await one("RETURN UNSET(@o, 'a')", { o })).sort()).toEqual(["__proto__", "constructor"]);
    expect(Object.keys(await one("RETURN KEEP(@o, '__proto__')", { o }))).toEqual(["__proto__"]);
    const zip = await one("RETURN ZIP(['__proto__', 'constructor'], [{isAdmin: true}, 2])");
    expect(own(zip, "__proto__")).toBe(true);
    expect(zip.constructor).toBe(2);
    expect((await one("RETURN ATTRIBUTES(@o)", { o })).sort()).toEqual(["__proto__", "a", "constructor"]);
    expect(await one("RETURN LENGTH(VALUES(@o))", { o })).toBe(3);
    expect(await one("RETURN [HAS(@o, '__proto__'), HAS({}, '__proto__'), HAS({}, 'constructor'), HAS({}, 'toString')]", { o })).toEqual([
      true,
      false,
      false,
      false,
    ]);
    // COLLECT … INTO copies variables by name; a variable may be called __proto__
    const into = await one("LET __proto__ = {isAdmin: true} COLLECT x = 1 INTO g RETURN g[0]");
    expect(own(into, "__proto__")).toBe(true);
    // comparisons look at own attributes only
    expect(await one("RETURN [{constructor: 1} == {}, {} == {constructor: null}, {} < {constructor: 1}]")).toEqual([false, true, true]);
  });

  it("INSERT from C8QL stores them, and nothing reaches Object.prototype", async () => {
    const res = await query("INSERT MERGE({_key: 'q1'}, @o) INTO hostile RETURN NEW.__proto__", { o: JSON.parse('{"__proto__":{"polluted":true}}') });
    expect(res.status).toBe(201);
    expect(res.body.result).toEqual([{ polluted: true }]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(({} as Record<string, unknown>)["isAdmin"]).toBeUndefined();
  });
});

const nested = (depth: number, leaf = "1") => "[".repeat(depth) + leaf + "]".repeat(depth);

describe("nesting limits", () => {
  it(`JSON bodies deeper than ${MAX_JSON_DEPTH} levels answer 400/600; at the limit they are stored and read back`, async () => {
    expectError(await c.call("POST", DOCS, { raw: `{"a":${nested(10_000)}}` }), 400, 600);
    const ok = await c.call("POST", DOCS, { raw: `{"_key":"deep","a":${nested(MAX_JSON_DEPTH - 1)}}` });
    expect(ok.status).toBe(202);
    const got = await c.get(`${DOCS}/deep`);
    expect(got.status).toBe(200);
    expect(got.text).toContain(nested(MAX_JSON_DEPTH - 1));
    // the deep value goes through C8QL comparison, hashing and sorting
    const r = await query("FOR d IN hostile FILTER d._key == 'deep' COLLECT a = d.a SORT a RETURN a == @v", { v: JSON.parse(nested(MAX_JSON_DEPTH - 10)) });
    expect(r.status).toBe(201);
    expect(r.body.result).toEqual([false]);
    expectError(await c.call("POST", DOCS, { raw: `{"a":${nested(MAX_JSON_DEPTH)}}` }), 400, 600);
  });

  it("bindVars 100,000 levels deep answer 400/600", async () => {
    const raw = `{"query":"RETURN @v","bindVars":{"v":${nested(100_000)}}}`;
    expectError(await c.call("POST", "/_fabric/_system/_api/cursor", { raw }), 400, 600);
  });

  it(`C8QL expressions nested deeper than ${MAX_EXPRESSION_NESTING} answer 400/1524; ArangoDB's 498-term sum works`, async () => {
    const sum = (n: number) => "RETURN 0" + Array.from({ length: n }, (_, i) => ` + ${i + 1}`).join("");
    expect(await one(sum(MAX_EXPRESSION_NESTING - 2))).toBe(124251);
    expectError(await query(sum(MAX_EXPRESSION_NESTING)), 400, 1524);
    expectError(await query(sum(5000)), 400, 1524);
    expectError(await query("RETURN " + "(".repeat(10_000) + "1" + ")".repeat(10_000)), 400, 1524);
    expectError(await query("RETURN " + nested(10_000)), 400, 1524);
    expectError(await query("RETURN " + "{a:".repeat(10_000) + "1" + "}".repeat(10_000)), 400, 1524);
    expectError(await query("RETURN " + "-".repeat(10_000) + "1"), 400, 1524);
    expectError(await query("RETURN " + "!".repeat(10_000) + "1"), 400, 1524);
    expectError(await query("RETURN " + "(RETURN ".repeat(2_000) + "1" + ")".repeat(2_000)), 400, 1524);
    expectError(await query("RETURN " + "1 ? ".repeat(5_000) + "1" + " : 2".repeat(5_000)), 400, 1524);
    expectError(await query("RETURN " + "LENGTH(".repeat(10_000) + "1" + ")".repeat(10_000)), 400, 1524);
    // moderately deep forms of each still run
    expect(await one("RETURN " + "(".repeat(200) + "1" + ")".repeat(200))).toBe(1);
    expect(await one("RETURN " + "(RETURN ".repeat(100) + "1" + ")".repeat(100))).toEqual(JSON.parse(nested(99, "[1]")));
    expect(await one("RETURN " + "-".repeat(200) + "1")).toBe(1);
  });
});

describe("numbers JSON cannot round-trip", () => {
  it("1e999999 and friends in documents and bindVars answer 400/600; the largest doubles are fine", async () => {
    expectError(await c.call("POST", DOCS, { raw: '{"a":1e999999}' }), 400, 600);
    expectError(await c.call("POST", DOCS, { raw: '{"a":[-1e400]}' }), 400, 600);
    expectError(await c.call("POST", DOCS, { raw: `{"a":${"9".repeat(400)}}` }), 400, 600);
    expectError(await c.call("POST", "/_fabric/_system/_api/cursor", { raw: '{"query":"RETURN @v","bindVars":{"v":1E999}}' }), 400, 600);
    const ok = await c.call("POST", "/_fabric/_system/_api/cursor", { raw: '{"query":"RETURN @v","bindVars":{"v":[1.7976931348623157e308,-5e-324,"1e999999"]}}' });
    expect(ok.status).toBe(201);
    expect(ok.body.result).toEqual([[1.7976931348623157e308, -5e-324, "1e999999"]]);
  });
});

/** Sends raw bytes on a socket and answers the status line's code (0 if the connection closed without one). */
function rawRequest(text: string | Buffer): Promise<number> {
  const { port } = new URL(s.fabric.url);
  return new Promise((resolve, reject) => {
    const sock = connect(Number(port), "127.0.0.1", () => sock.end(text));
    let got = "";
    sock.on("data", (d) => (got += d.toString("latin1")));
    sock.on("error", reject);
    sock.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 0)));
  });
}

describe("broken requests never answer 5xx", () => {
  it("invalid UTF-8 in a body answers 400/600", async () => {
    const body = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const res = await fetch(s.fabric.url + DOCS, { method: "POST", headers: { authorization: c.authorization!, "content-type": "application/json" }, body });
    expect(res.status).toBe(400);
    expect((await res.json()).errorNum).toBe(600);
  });

  it("wrong content types are read as JSON or refused with a C8 error", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "\u0000"]) {
      const res = await fetch(s.fabric.url + DOCS, {
        method: "POST",
        headers: { authorization: c.authorization!, "content-type": type.replace("\u0000", "x/y") },
        body: '{"ct":1}',
      });
      expect(res.status, type).toBeLessThan(500);
    }
    expectError(await c.call("POST", DOCS, { raw: "a=1&b=2", headers: { "content-type": "application/x-www-form-urlencoded" } }), 400, 600);
  });

  it("malformed and huge headers, odd methods and junk request lines", async () => {
    const auth = c.authorization!;
    const statuses = await Promise.all([
      rawRequest(`GET ${DOCS}/p1 HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nBad Header\r\n\r\n`),
      rawRequest(`GET ${DOCS}/p1 HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(100_000)}\r\n\r\n`),
      rawRequest(`BREW ${DOCS} HTTP/1.1\r\nHost: x\r\n\r\n`),
      rawRequest(`PROPFIND ${DOCS} HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nConnection: close\r\n\r\n`),
      rawRequest(`TRACE ${DOCS} HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nConnection: close\r\n\r\n`),
      rawRequest(`POST ${DOCS} HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`),
      rawRequest(`POST ${DOCS} HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Length: abc\r\n\r\n`),
      rawRequest(`GET /\u00ff\u00fe HTTP/1.1\r\nHost: x\r\n\r\n`),
      rawRequest(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x01, 0x00])),
      rawRequest(`GET ${DOCS}/%ZZ HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nConnection: close\r\n\r\n`),
    ]);
    for (const st of statuses) expect(st === 0 || (st >= 400 && st < 500) || st === 200).toBe(true);
    for (const auth of ["Bearer", "bearer x.y.z", "Basic !!!", "Basic " + Buffer.from("no-colon").toString("base64"), "bearer " + "a".repeat(10_000), "\u00ff"]) {
      const res = await new Promise<number>((resolve, reject) => {
        const req = request(s.fabric.url + DOCS, { method: "GET", headers: { authorization: auth.replace("\u00ff", "x") } }, (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
      expect(res, auth).toBe(401);
    }
    // still serving
    expect((await c.get(`${DOCS}/p1`)).status).toBe(200);
  });
});
