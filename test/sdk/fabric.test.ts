/** Client, credentials and Fabric methods over real HTTP against a local fabric. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  C8Client,
  CollectionCreateError,
  CollectionDeleteError,
  Collection,
  FabricCreateError,
  FabricDeleteError,
  FabricPropertiesError,
  JWTAuthError,
  CollectionListError,
  type Fabric,
} from "../../src/index.js";
import { recordingFetch, startLocal, USER } from "./helpers.js";

let env: Awaited<ReturnType<typeof startLocal>>;
beforeAll(async () => {
  env = await startLocal();
});
afterAll(() => env.close());

describe("credentials", () => {
  it("tenant/username/password: the JWT is fetched lazily, once, and shared by concurrent calls", async () => {
    const { fetch, sent } = recordingFetch();
    const fabric = new C8Client({ url: env.url, fetch }).fabric({ ...USER, name: "_system" });
    expect(sent).toHaveLength(0); // fabric() sends nothing
    const answers = await Promise.all(Array.from({ length: 10 }, () => fabric.fabrics()));
    expect(answers.every((names) => names.includes("_system"))).toBe(true);
    expect(sent.filter((r) => r.path === "/_open/auth")).toHaveLength(1);
    const data = sent.filter((r) => r.path !== "/_open/auth");
    expect(data).toHaveLength(10);
    expect(data.every((r) => /^bearer \S+$/.test(r.headers.get("authorization") ?? ""))).toBe(true);
  });

  it("fabrics opened with the same credentials share one JWT", async () => {
    const { fetch, sent } = recordingFetch();
    const client = new C8Client({ url: env.url, fetch });
    const a = client.fabric({ ...USER, name: "_system" });
    const b = client.fabric({ ...USER, name: "_system" }).beginAsyncExecution();
    await Promise.all([a.fabrics(), b.fabrics().then((job) => job.wait())]);
    expect(sent.filter((r) => r.path === "/_open/auth")).toHaveLength(1);
    await client.fabric({ ...USER, password: "other", name: "_system" }).fabrics().catch(() => undefined);
    expect(sent.filter((r) => r.path === "/_open/auth")).toHaveLength(2);
  });

  it("email/password logs in with the e-mail", async () => {
    const fabric = env.client.fabric({ email: "root@mytenant", password: "passwd", name: "_system" });
    expect(await fabric.hasFabric("_system")).toBe(true);
  });

  it("apiKey and token are sent as they are, without a login", async () => {
    const { fetch, sent } = recordingFetch();
    const client = new C8Client({ url: env.url, fetch });
    const apiKey = env.local.users[0]!.apiKey;
    expect(await client.fabric({ apiKey, name: "_system" }).hasFabric("_system")).toBe(true);
    expect(sent.at(-1)!.headers.get("authorization")).toBe(`apikey ${apiKey}`);
    const login = await fetch(`${env.url}/_open/auth`, { method: "POST", body: JSON.stringify(USER) });
    const { jwt } = (await login.json()) as { jwt: string };
    expect(await client.fabric({ token: jwt, name: "_system" }).hasFabric("_system")).toBe(true);
    expect(sent.at(-1)!.headers.get("authorization")).toBe(`bearer ${jwt}`);
  });

  it("a 401 fetches the JWT again once and repeats the request", async () => {
    let spoiled = false;
    const { fetch, sent } = recordingFetch(async (url, init) => {
      // Spoil the first data request's token, as if it had expired on the server.
      if (!spoiled && !url.endsWith("/_open/auth")) {
        spoiled = true;
        const headers = new Headers(init.headers);
        headers.set("authorization", "bearer expired.token.here");
        return globalThis.fetch(url, { ...init, headers });
      }
      return globalThis.fetch(url, init);
    });
    const fabric = new C8Client({ url: env.url, fetch }).fabric({ ...USER, name: "_system" });
    expect(await fabric.fabrics()).toContain("_system");
    expect(sent.map((r) => r.path)).toEqual(["/_open/auth", "/_fabric/_system/_api/database", "/_open/auth", "/_fabric/_system/_api/database"]);
  });

  it("a token the server refuses is reported, not retried (nothing to renew)", async () => {
    const { fetch, sent } = recordingFetch();
    const fabric = new C8Client({ url: env.url, fetch }).fabric({ token: "not-a-jwt", name: "_system" });
    const err = await fabric.collections().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectionListError);
    expect(err).toMatchObject({ httpCode: 401, errorCode: 11 });
    expect(sent).toHaveLength(1);
  });

  it("wrong password → JWTAuthError 401 / 11, and the next call tries again", async () => {
    const { fetch, sent } = recordingFetch();
    const fabric = new C8Client({ url: env.url, fetch }).fabric({ ...USER, password: "wrong", name: "_system" });
    for (let i = 0; i < 2; i++) {
      const err = await fabric.fabrics().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JWTAuthError);
      expect(err).toMatchObject({ httpCode: 401, errorCode: 11, method: "POST", url: `${env.url}/_open/auth` });
      expect((err as Error).message).toBe("[HTTP 401][ERR 11] forbidden");
    }
    expect(sent.map((r) => r.path)).toEqual(["/_open/auth", "/_open/auth"]);
  });
});

describe("Fabric", () => {
  let fabric: Fabric;
  beforeAll(async () => {
    fabric = await env.newFabric("fab");
  });

  it("name, context and properties()", async () => {
    expect(fabric.name).toMatch(/^fab_/);
    expect(fabric.context).toBe("default");
    const info = await fabric.properties();
    expect(info.name).toBe(fabric.name);
    expect(info.isSystem).toBe(false);
  });

  it("fabrics(), hasFabric(), createFabric(), deleteFabric() go through _system", async () => {
    const name = `made_${process.pid}`;
    expect(await fabric.hasFabric(name)).toBe(false);
    expect(await fabric.createFabric(name, { metadata: { owner: "tests" } })).toBe(true);
    expect(env.sent.at(-1)!.path).toBe("/_fabric/_system/_api/database");
    expect(await fabric.fabrics()).toContain(name);
    expect(await fabric.hasFabric(name)).toBe(true);
    const dup = await fabric.createFabric(name).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(FabricCreateError);
    expect(dup).toMatchObject({ httpCode: 409, errorCode: 1207 });
    expect(await fabric.deleteFabric(name)).toBe(true);
    expect(env.sent.at(-1)!.path).toBe(`/_fabric/_system/_api/database/${name}`);
    const gone = await fabric.deleteFabric(name).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(FabricDeleteError);
    expect(gone).toMatchObject({ httpCode: 404, errorCode: 1228 });
    expect(await fabric.deleteFabric(name, { ignoreMissing: true })).toBe(false);
  });

  it("a fabric that does not exist → FabricPropertiesError 404 / 1228", async () => {
    const err = await env.client.fabric({ ...USER, name: "no_such_fabric" }).properties().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FabricPropertiesError);
    expect(err).toMatchObject({ httpCode: 404, errorCode: 1228 });
  });

  it("createCollection(), collections(), hasCollection(), deleteCollection()", async () => {
    const col = await fabric.createCollection<{ n: number }>("things", { waitForSync: false });
    expect(col).toBeInstanceOf(Collection);
    expect(col.name).toBe("things");
    expect(await fabric.hasCollection("things")).toBe(true);
    const list = await fabric.collections({ excludeSystem: true });
    expect(list.map((c) => c.name)).toContain("things");
    expect(list.every((c) => !c.isSystem)).toBe(true);
    const dup = await fabric.createCollection("things").catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(CollectionCreateError);
    expect(dup).toMatchObject({ httpCode: 409, errorCode: 1207 });
    const edges = await fabric.createCollection("links", { type: 3 });
    expect((await edges.info()).type).toBe(3);
    expect(await fabric.deleteCollection("things")).toBe(true);
    expect(await fabric.hasCollection("things")).toBe(false);
    const gone = await fabric.deleteCollection("things").catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(CollectionDeleteError);
    expect(gone).toMatchObject({ httpCode: 404, errorCode: 1203 });
    expect(await fabric.deleteCollection("things", { ignoreMissing: true })).toBe(false);
  });

  it("validates arguments before sending anything", () => {
    const before = env.sent.length;
    expect(() => fabric.collection("")).toThrow(TypeError);
    // @ts-expect-error not a string
    expect(() => fabric.collection(42)).toThrow(/collection name must be a non-empty string/);
    expect(() => fabric.createCollection("")).toThrow(TypeError);
    expect(() => fabric.hasFabric("")).toThrow(TypeError);
    // @ts-expect-error not a status
    expect(() => fabric.asyncJobs({ status: "running" })).toThrow(TypeError);
    expect(() => fabric.asyncJobs({ count: 0 })).toThrow(/count must be a positive integer/);
    expect(() => fabric.asyncJobs({ count: 1.5 })).toThrow(TypeError);
    // @ts-expect-error not a date
    expect(() => fabric.clearAsyncJobs({ before: "yesterday" })).toThrow(TypeError);
    // @ts-expect-error not a boolean
    expect(() => fabric.beginAsyncExecution({ returnResult: "yes" })).toThrow(TypeError);
    expect(() => fabric.job("")).toThrow(TypeError);
    expect(() => fabric.job("1/cancel")).toThrow(/bad job id/);
    // @ts-expect-error not an operation
    expect(() => fabric.job("12", { operation: "nope" })).toThrow(TypeError);
    expect(env.sent.length).toBe(before);
  });
});
