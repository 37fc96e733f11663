/** Auth (JWT, API keys, Basic) and tenancy isolation, over real HTTP. */
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, expectError, login, start, type Started } from "./helpers.js";

let s: Started;
let url: string;
const anon = () => new Client(url, undefined);

beforeAll(async () => {
  s = await start({
    users: [
      { tenant: "acme.com", username: "root", password: "pw1", email: "root@acme.com" },
      { tenant: "acme.com", username: "bob", password: "pw2" },
      { tenant: "globex", username: "root", password: "pw3", email: "root@globex" },
    ],
  });
  url = s.fabric.url;
});
afterAll(() => s.fabric.close());

describe("POST /_open/auth", () => {
  it("trades {email, password} for a 12 h HS256 JWT with a tenant claim", async () => {
    const res = await anon().post("/_open/auth", { email: "root@acme.com", password: "pw1" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ jwt: expect.any(String), tenant: "acme.com", username: "root" });
    expect(decodeProtectedHeader(res.body.jwt).alg).toBe("HS256");
    const claims = decodeJwt(res.body.jwt);
    expect(claims["tenant"]).toBe("acme.com");
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);
  });

  it("accepts {tenant, username, password}; e-mail defaults to username@tenant", async () => {
    const res = await anon().post("/_open/auth", { tenant: "acme.com", username: "bob", password: "pw2" });
    expect(res.body).toMatchObject({ tenant: "acme.com", username: "bob" });
    const byEmail = await anon().post("/_open/auth", { email: "bob@acme.com", password: "pw2" });
    expect(byEmail.status).toBe(200);
  });

  it("wrong credentials → the recorded 401 body", async () => {
    for (const body of [
      { email: "root@acme.com", password: "nope" },
      { email: "nobody@x", password: "pw1" },
      { tenant: "globex", username: "bob", password: "pw2" },
    ]) {
      const res = await anon().post("/_open/auth", body);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 401, error: true, errorMessage: "forbidden", errorNum: 11 });
    }
  });
});

describe("Authorization schemes", () => {
  it("no or bad credentials → 401 errorNum 11, also on unknown paths", async () => {
    expectError(await anon().get("/_fabric/_system/_api/collection"), 401, 11);
    expectError(await anon().get("/_api/nothing"), 401, 11);
    expectError(await anon().get("/_api/user", { auth: "bearer not.a.jwt" }), 401, 11);
    expectError(await anon().get("/_api/user", { auth: "token abc" }), 401, 11);
    expectError(await anon().get("/_api/user", { auth: "bearer" }), 401, 11);
  });

  it("bearer in any case of the scheme word", async () => {
    const c = await login(url, "acme.com", "root", "pw1");
    const jwt = c.authorization!.slice("bearer ".length);
    for (const scheme of ["bearer", "Bearer", "BEARER"]) {
      expect((await anon().get("/_api/user", { auth: `${scheme} ${jwt}` })).status).toBe(200);
    }
  });

  it("rejects a JWT signed with another secret and a tampered one", async () => {
    const other = await start();
    try {
      const foreign = other.client.authorization!;
      expectError(await anon().get("/_api/user", { auth: foreign }), 401, 11);
    } finally {
      await other.fabric.close();
    }
    const c = await login(url, "acme.com", "root", "pw1");
    const [h, p, sig] = c.authorization!.slice(7).split(".");
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(c.authorization!.slice(7)), tenant: "globex" })).toString("base64url");
    expectError(await anon().get("/_api/user", { auth: `bearer ${h}.${forged}.${sig}` }), 401, 11);
    expect(p).toBeDefined();
  });

  it("apikey <tenant>.<keyid>.<secret> and GET /_api/user for tenant discovery", async () => {
    const bob = s.fabric.users.find((u) => u.username === "bob")!;
    expect(bob.apiKey).toMatch(/^acme\.com\.bobkey\.[0-9a-f]{32}$/);
    const res = await anon().get("/_api/user", { auth: `apikey ${bob.apiKey}` });
    expect(res.status).toBe(200);
    expect(res.body.error).toBe(false);
    expect(res.body.code).toBe(200);
    expect(res.body.result).toEqual(
      expect.arrayContaining([
        { tenant: "acme.com", email: "root@acme.com", active: true, extra: {}, user: "root", displayName: "root" },
        { tenant: "acme.com", email: "bob@acme.com", active: true, extra: {}, user: "bob", displayName: "bob" },
      ]),
    );
    expect(res.body.result).toHaveLength(2);
    expectError(await anon().get("/_api/user", { auth: `apikey ${bob.apiKey}x` }), 401, 11);
    expectError(await anon().get("/_api/user", { auth: `APIKEY acme.com.bobkey.00` }), 401, 11);
  });

  it("HTTP Basic tenant.username:password (tenants may contain dots)", async () => {
    const basic = (s: string) => `Basic ${Buffer.from(s).toString("base64")}`;
    expect((await anon().get("/_api/user", { auth: basic("acme.com.bob:pw2") })).status).toBe(200);
    expect((await anon().get("/_api/user", { auth: basic("root@globex:pw3") })).body.result[0].tenant).toBe("globex");
    expectError(await anon().get("/_api/user", { auth: basic("acme.com.bob:wrong") }), 401, 11);
  });
});

describe("tenancy isolation", () => {
  it("tenants never see each other's fabrics, collections, documents, cursors or jobs", async () => {
    const acme = await login(url, "acme.com", "root", "pw1");
    const globex = await login(url, "globex", "root", "pw3");
    expect((await acme.post("/_fabric/_system/_api/database", { name: "shared_name" })).status).toBe(201);
    // same fabric name in the other tenant is free, and the first tenant's is invisible there
    expectError(await globex.get("/_fabric/shared_name/_api/collection"), 404, 1228);
    expect((await globex.post("/_fabric/_system/_api/database", { name: "shared_name" })).status).toBe(201);

    expect((await acme.post("/_fabric/shared_name/_api/collection", { name: "secrets" })).status).toBe(200);
    await acme.post("/_fabric/shared_name/_api/document/secrets", { _key: "k", v: "acme" });
    expectError(await globex.get("/_fabric/shared_name/_api/document/secrets/k"), 404, 1203);
    const list = await globex.get("/_fabric/shared_name/_api/collection?excludeSystem=true");
    expect(list.body.result).toEqual([]);
    expect((await globex.get("/_fabric/_system/_api/database")).body.result).toEqual(["_system", "shared_name"]);

    const cur = await acme.post("/_fabric/shared_name/_api/cursor", { query: "FOR i IN 1..10 RETURN i", batchSize: 2 });
    expect(cur.status).toBe(201);
    expectError(await globex.put(`/_fabric/shared_name/_api/cursor/${cur.body.id}`), 404, 1600);
    expect((await acme.put(`/_fabric/shared_name/_api/cursor/${cur.body.id}`)).status).toBe(200);

    const job = await acme.call("POST", "/_fabric/shared_name/_api/document/secrets", {
      body: { v: 1 },
      headers: { "x-c8-async": "store" },
    });
    const id = job.headers.get("x-c8-async-id")!;
    expectError(await globex.get(`/_fabric/shared_name/_api/job/${id}`), 404, 404);
    expectError(await globex.put(`/_fabric/shared_name/_api/job/${id}`), 404, 404);
    expectError(await globex.put(`/_fabric/shared_name/_api/job/${id}/cancel`), 404, 404);
    expectError(await globex.del(`/_fabric/shared_name/_api/job/${id}`), 404, 404);
    await globex.del("/_fabric/_system/_api/job/all");
    expect((await globex.get("/_fabric/_system/_api/job/done")).body).toEqual([]);
    expect((await acme.put(`/_fabric/shared_name/_api/job/${id}`)).status).toBe(202);
  });

  it("jobs belong to the user, not the tenant", async () => {
    const root = await login(url, "acme.com", "root", "pw1");
    const bob = await login(url, "acme.com", "bob", "pw2");
    const job = await root.call("GET", "/_fabric/_system/_api/collection", { headers: { "x-c8-async": "store" } });
    const id = job.headers.get("x-c8-async-id")!;
    expectError(await bob.get(`/_fabric/_system/_api/job/${id}`), 404, 404);
    // the same user through another credential sees it
    const rootKey = s.fabric.users.find((u) => u.tenant === "acme.com" && u.username === "root")!.apiKey;
    const viaKey = await anon().get(`/_fabric/_system/_api/job/${id}`, { auth: `apikey ${rootKey}` });
    expect([200, 204]).toContain(viaKey.status);
  });
});
