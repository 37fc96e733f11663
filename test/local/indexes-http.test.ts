/**
 * Indexes over HTTP: unique violations on the single, multi-document, import and C8QL write paths; TTL expiry in
 * the background; geo and fulltext answers against brute force; hostile definitions and queries.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distanceMeters } from "../../src/local/indexes/geo.js";
import { words } from "../../src/local/indexes/fulltext.js";
import { expectError, start, type Client, type Started } from "./helpers.js";

let s: Started;
let c: Client;
const F = "/_fabric/_system/_api";
const q = (query: string, bindVars: Record<string, unknown> = {}) => c.post(`${F}/cursor`, { query, bindVars, batchSize: 1000 });

beforeAll(async () => {
  s = await start({ ttlIntervalMs: 25 });
  c = s.client;
});
afterAll(() => s.fabric.close());

describe("unique indexes over HTTP", () => {
  it("409/1210 on single writes, per-item errors in a 202 multi answer, counted import errors, C8QL 409", async () => {
    await c.post(`${F}/collection`, { name: "u" });
    expect((await c.post(`${F}/index?collection=u`, { type: "persistent", fields: ["email"], unique: true })).status).toBe(201);
    expect((await c.post(`${F}/document/u`, { _key: "a", email: "x" })).status).toBe(202);
    expectError(await c.post(`${F}/document/u`, { _key: "b", email: "x" }), 409, 1210);
    expectError(await c.put(`${F}/document/u/a`, { email: "x" }).then(() => c.post(`${F}/document/u`, { _key: "c", email: "x" })), 409, 1210);
    const multi = await c.post(`${F}/document/u`, [{ _key: "m1", email: "m" }, { _key: "m2", email: "m" }, { _key: "m3", email: "n" }]);
    expect(multi.status).toBe(202);
    expect(multi.body[1]).toMatchObject({ error: true, errorNum: 1210 });
    expect(JSON.parse(multi.headers.get("x-c8-error-codes")!)).toEqual({ "1210": 1 });
    expect((await c.get(`${F}/document/u/m3`)).status).toBe(200);
    const patch = await c.patch(`${F}/document/u`, [{ _key: "m3", email: "m" }]);
    expect(patch.body[0]).toMatchObject({ error: true, errorNum: 1210 });
    const imp = await c.post(`${F}/import/u`, { data: [{ _key: "i1", email: "i" }, { _key: "i2", email: "i" }], details: true });
    expect(imp.body.result).toMatchObject({ created: 1, errors: 1 });
    expectError(await q("INSERT { email: 'x' } INTO u"), 409, 1210);
    expectError(await q("FOR d IN u FILTER d._key == 'm1' UPDATE d WITH { email: 'n' } IN u"), 409, 1210);
    expect((await q("FOR d IN u FILTER d.email == 'm' RETURN d._key")).body.result).toEqual(["m1"]);
    // truncate empties the index too: the value is free again
    await c.put(`${F}/collection/u/truncate`);
    expect((await c.post(`${F}/document/u`, { email: "x" })).status).toBe(202);
  });

  it("a unique index over duplicates is refused; bad definitions are 400", async () => {
    await c.post(`${F}/collection`, { name: "dup" });
    await c.post(`${F}/document/dup`, [{ a: 1 }, { a: 1 }]);
    expectError(await c.post(`${F}/index?collection=dup`, { type: "persistent", fields: ["a"], unique: true }), 409, 1210);
    expect((await c.get(`${F}/index?collection=dup`)).body.indexes).toHaveLength(1);
    for (const body of [
      { type: "persistent", fields: [] },
      { type: "persistent", fields: ["a", "a"] },
      { type: "persistent", fields: ["tags[*]"] },
      { type: "persistent", fields: ["a."] },
      { type: "ttl", fields: ["a"] },
      { type: "ttl", fields: ["a", "b"], expireAfter: 1 },
      { type: "geo", fields: ["a", "b", "c"] },
      { type: "fulltext", fields: ["a"], minLength: 0 },
      { type: "persistent", fields: ["a"], unique: "yes" },
      { type: "persistent", fields: ["a"], name: "__proto__" },
      { type: "persistent", fields: Array.from({ length: 40 }, (_, i) => `f${i}`) },
    ]) {
      expectError(await c.post(`${F}/index?collection=dup`, body), 400, 10);
    }
    expectError(await c.post(`${F}/index/bogus?collection=dup`, { fields: ["a"] }), 400, 10);
    expectError(await c.post(`${F}/index/geo?collection=dup`, { type: "ttl", fields: ["a"] }), 400, 10);
    expectError(await c.post(`${F}/index?collection=nope`, { type: "geo", fields: ["a"] }), 404, 1203);
    expectError(await c.get(`${F}/index/dup/123`), 404, 1212);
    expectError(await c.del(`${F}/index/dup/0`), 403, 11);
  });
});

describe("TTL", () => {
  it("removes documents expireAfter seconds after their date, in the background; others stay", async () => {
    await c.post(`${F}/collection`, { name: "sessions" });
    const made = await c.post(`${F}/index/ttl?collection=sessions`, { fields: ["at"], expireAfter: 1 });
    expect(made.body).toMatchObject({ type: "ttl", expireAfter: 1, sparse: true });
    const now = Date.now() / 1000;
    await c.post(`${F}/document/sessions`, [
      { _key: "old", at: now - 5 },
      { _key: "oldIso", at: new Date(Date.now() - 5000).toISOString() },
      { _key: "fresh", at: now + 3600 },
      { _key: "none" },
      { _key: "junk", at: "soon" },
    ]);
    const deadline = Date.now() + 5000;
    let keys: string[] = [];
    while (Date.now() < deadline) {
      keys = (await q("FOR d IN sessions SORT d._key RETURN d._key")).body.result;
      if (keys.length === 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(keys).toEqual(["fresh", "junk", "none"]);
    // updating the date postpones (or brings forward) expiry
    await c.patch(`${F}/document/sessions/fresh`, { at: now - 10 });
    await expect.poll(async () => (await c.get(`${F}/document/sessions/fresh`)).status, { timeout: 5000 }).toBe(404);
  });
});

describe("geo and fulltext against brute force", () => {
  const points: Array<{ _key: string; loc: [number, number]; text: string }> = [];
  const vocab = ["alpha", "alpine", "beta", "gamma", "delta", "deltoid", "x1"];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 300; i++) {
    const ws = vocab.filter(() => rnd() < 0.3);
    points.push({ _key: `p${i}`, loc: [Math.round((rnd() * 20 - 10) * 1000) / 1000, Math.round((rnd() * 20 - 10) * 1000) / 1000], text: ws.join(" ") });
  }

  beforeAll(async () => {
    await c.post(`${F}/collection`, { name: "places" });
    await c.post(`${F}/index?collection=places`, { type: "geo", fields: ["loc"] });
    await c.post(`${F}/index?collection=places`, { type: "fulltext", fields: ["text"] });
    await c.post(`${F}/import/places`, { data: points });
  });

  it("NEAR, WITHIN, WITHIN_RECTANGLE, DISTANCE", async () => {
    const dist = (p: (typeof points)[number], lat: number, lon: number) => distanceMeters(lat, lon, p.loc[0], p.loc[1]);
    for (const [lat, lon] of [[0, 0], [5, -5], [-9.5, 9.5]] as const) {
      const near = (await q("FOR d IN NEAR(places, @lat, @lon, 10, 'dist') RETURN d", { lat, lon })).body.result;
      const expected = [...points].sort((a, b) => dist(a, lat, lon) - dist(b, lat, lon)).slice(0, 10);
      expect(near.map((d: { dist: number }) => Math.round(d.dist))).toEqual(expected.map((p) => Math.round(dist(p, lat, lon))));
      const r = 300_000;
      const within = (await q("FOR d IN WITHIN(@@c, @lat, @lon, @r) RETURN d._key", { "@c": "places", lat, lon, r })).body.result;
      expect([...within].sort()).toEqual(points.filter((p) => dist(p, lat, lon) <= r).map((p) => p._key).sort());
    }
    const rect = (await q("FOR d IN WITHIN_RECTANGLE(places, -2, -3, 4, 5) RETURN d._key")).body.result;
    expect([...rect].sort()).toEqual(points.filter((p) => p.loc[0] >= -2 && p.loc[0] <= 4 && p.loc[1] >= -3 && p.loc[1] <= 5).map((p) => p._key).sort());
    const d = (await q("RETURN [DISTANCE(0, 0, 0, 1), GEO_DISTANCE([0, 0], { type: 'Point', coordinates: [1, 0] }), DISTANCE(100, 0, 0, 0)]")).body;
    expect(Math.round(d.result[0][0])).toBe(111195);
    expect(Math.round(d.result[0][1])).toBe(111195);
    expect(d.result[0][2]).toBeNull();
    expectError(await q("FOR d IN NEAR(places, 360, 1) RETURN d"), 500, 1505);
    expectError(await q("FOR d IN NEAR(u, 1, 1) RETURN d"), 404, 1570);
  });

  it("FULLTEXT with +, |, -, prefix: and a limit", async () => {
    const has = (p: (typeof points)[number], w: string) => words(p.text, 2).includes(w);
    const pre = (p: (typeof points)[number], w: string) => words(p.text, 2).some((x) => x.startsWith(w));
    const cases: Array<[string, (p: (typeof points)[number]) => boolean]> = [
      ["alpha", (p) => has(p, "alpha")],
      ["alpha,beta", (p) => has(p, "alpha") && has(p, "beta")],
      ["alpha,|beta", (p) => has(p, "alpha") || has(p, "beta")],
      ["prefix:alp,-gamma", (p) => pre(p, "alp") && !has(p, "gamma")],
      ["+prefix:delt,|x1", (p) => pre(p, "delt") || has(p, "x1")],
      ["complete:ALPHA", (p) => has(p, "alpha")],
    ];
    for (const [query, want] of cases) {
      const got = (await q("FOR d IN FULLTEXT(places, 'text', @query) RETURN d._key", { query })).body.result;
      expect([...got].sort(), query).toEqual(points.filter(want).map((p) => p._key).sort());
    }
    expect((await q("FOR d IN FULLTEXT(places, 'text', 'alpha', 3) RETURN d")).body.result).toHaveLength(3);
    for (const bad of ["+", "|", ",", "-alpha", "x,".repeat(100)]) expectError(await q("FOR d IN FULLTEXT(places, 'text', @b) RETURN d", { b: bad }), 400, 10);
    expectError(await q("FOR d IN FULLTEXT(places, 'nope', 'a') RETURN d"), 404, 1571);
  });
});
