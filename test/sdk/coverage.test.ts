/** SDK over real HTTP: collection export, query export, SQL cursors, fabric metadata, tenant users. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  C8Client,
  C8QLQueryExecuteError,
  C8QLQueryExportError,
  Cursor,
  DocumentExportError,
  FabricMetadataError,
  JWTAuthError,
  UserCreateError,
  UserDeleteError,
  type Fabric,
} from "../../src/index.js";
import { startLocal, USER } from "./helpers.js";

let env: Awaited<ReturnType<typeof startLocal>>;
let fabric: Fabric;

beforeAll(async () => {
  env = await startLocal();
  fabric = await env.newFabric("cov");
  const col = (await fabric.createCollection<{ v: number }>("items"));
  await col.insert([1, 2, 3, 4, 5].map((v) => ({ _key: String(v), v })));
});
afterAll(() => env.close());

describe("collection.export", () => {
  it("answers a one-batch cursor of documents without _id/_rev, paged and ordered", async () => {
    const cursor = await fabric.collection<{ v: number }>("items").export();
    expect(cursor).toBeInstanceOf(Cursor);
    expect(cursor.hasMore).toBe(false);
    const all = await cursor.all();
    expect(all).toEqual([1, 2, 3, 4, 5].map((v) => ({ _key: String(v), v })));
    const page = await (await fabric.collection("items").export({ offset: 1, limit: 2 })).all();
    expect(page.map((d) => d._key)).toEqual(["2", "3"]);
    const desc = await (await fabric.collection("items").export({ order: "desc", limit: 2 })).all();
    expect(desc.map((d) => d._key)).toEqual(["5", "4"]);
  });

  it("rejects bad options before sending, and maps server errors", async () => {
    const col = fabric.collection("items");
    expect(() => col.export({ limit: 0 })).toThrow(TypeError);
    expect(() => col.export({ limit: 1001 })).toThrow(TypeError);
    expect(() => col.export({ offset: -1 })).toThrow(TypeError);
    expect(() => col.export({ order: "up" as "asc" })).toThrow(TypeError);
    const err = await fabric.collection("nope").export().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentExportError);
    expect((err as DocumentExportError).errorCode).toBe(1203);
  });

  it("runs as an async job too", async () => {
    const job = await fabric.beginAsyncExecution().collection("items").export({ limit: 1 });
    const cursor = await job.wait();
    expect(await cursor.all()).toEqual([{ _key: "1", v: 1 }]);
  });
});

describe("c8ql.export and c8ql.executeSql", () => {
  it("exports a read-only query's results; a write keyword is C8QLQueryExportError 400/10", async () => {
    const rows = await fabric.c8ql.export<{ _key: string }>("FOR d IN @@c FILTER d.v > @n RETURN d", { bindVars: { "@c": "items", n: 3 } });
    expect(rows).toEqual([{ _key: "4", v: 4 }, { _key: "5", v: 5 }]);
    const err = await fabric.c8ql.export("REMOVE '1' IN items").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(C8QLQueryExportError);
    expect((err as C8QLQueryExportError).errorMessage).toBe('Export "query" cannot contain "remove" keyword.');
    expect((await fabric.collection("items").count())).toBe(5);
  });

  it("runs SELECT * FROM as a cursor with batches; other SQL is a 1501", async () => {
    const cursor = await fabric.c8ql.executeSql<{ v: number }>("SELECT * FROM items", { batchSize: 2 });
    expect(cursor.hasMore).toBe(true);
    expect((await cursor.all()).map((d) => d.v)).toEqual([1, 2, 3, 4, 5]);
    const limited = await fabric.c8ql.executeSql("select * from items limit 2");
    expect(await limited.all()).toHaveLength(2);
    const err = await fabric.c8ql.executeSql("SELECT v FROM items WHERE v > 1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(C8QLQueryExecuteError);
    expect((err as C8QLQueryExecuteError).errorCode).toBe(1501);
  });
});

describe("fabric metadata", () => {
  it("is null until set; set replaces, update merges", async () => {
    expect(await fabric.metadata()).toBeNull();
    expect(await fabric.setMetadata({ a: 1, b: 2 })).toBe(true);
    expect(await fabric.metadata()).toEqual({ a: 1, b: 2 });
    expect(await fabric.updateMetadata({ b: 3, c: { d: 4 } })).toBe(true);
    expect(await fabric.metadata()).toEqual({ a: 1, b: 3, c: { d: 4 } });
    expect(await fabric.setMetadata({ z: true })).toBe(true);
    expect(await fabric.metadata()).toEqual({ z: true });
    expect((await fabric.properties()).options?.metadata).toEqual({ z: true });
  });

  it("checks its argument and maps a missing fabric to FabricMetadataError 1228", async () => {
    expect(() => fabric.setMetadata([] as unknown as Record<string, unknown>)).toThrow(TypeError);
    expect(() => fabric.updateMetadata(null as unknown as Record<string, unknown>)).toThrow(TypeError);
    const gone = env.client.fabric({ ...USER, name: "no_such_fabric" });
    const err = await gone.metadata().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FabricMetadataError);
    expect((err as FabricMetadataError).errorCode).toBe(1228);
  });

  it("a proto key is plain data", async () => {
    await fabric.setMetadata(JSON.parse('{"__proto__": {"polluted": 1}}') as Record<string, unknown>);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("tenant users", () => {
  it("a created user logs in, sees the tenant's fabrics, owns its jobs, and is gone once deleted", async () => {
    const created = await fabric.createUser({ email: "new@example.org", password: "pw-1" });
    expect(created).toMatchObject({ email: "new@example.org", active: true, tenant: USER.tenant, extra: {} });
    expect(created.user).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await fabric.users()).map((u) => u.user)).toContain(created.user);

    const other = new C8Client({ url: env.url });
    const asNew = other.fabric({ email: "new@example.org", password: "pw-1", name: fabric.name });
    expect(await asNew.collection("items").count()).toBe(5);
    // jobs belong to their user: root cannot see the new user's job
    const job = await asNew.beginAsyncExecution().collection("items").count();
    await job.wait();
    const byTenantName = other.fabric({ tenant: USER.tenant, username: created.user!, password: "pw-1", name: fabric.name });
    expect(await byTenantName.hasCollection("items")).toBe(true);

    expect(await fabric.deleteUser(created.user!)).toBe(true);
    expect((await fabric.users()).map((u) => u.user)).not.toContain(created.user);
    const again = new C8Client({ url: env.url }).fabric({ email: "new@example.org", password: "pw-1", name: fabric.name });
    await expect(again.collections()).rejects.toBeInstanceOf(JWTAuthError);
  });

  it("a named user; duplicates are UserCreateError 1702, unknown deletes UserDeleteError 1703", async () => {
    const u = await fabric.createUser({ email: "named@example.org", password: "x", user: "named", active: false });
    expect(u).toMatchObject({ user: "named", active: false });
    const inactive = new C8Client({ url: env.url }).fabric({ email: "named@example.org", password: "x", name: "_system" });
    await expect(inactive.collections()).rejects.toBeInstanceOf(JWTAuthError);
    const dup = await fabric.createUser({ email: "named@example.org", password: "y" }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(UserCreateError);
    expect((dup as UserCreateError).errorCode).toBe(1702);
    const missing = await fabric.deleteUser("nobody").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(UserDeleteError);
    expect((missing as UserDeleteError).errorCode).toBe(1703);
    expect(() => fabric.createUser({ email: "", password: "x" })).toThrow(TypeError);
    expect(() => fabric.deleteUser("")).toThrow(TypeError);
  });
});
