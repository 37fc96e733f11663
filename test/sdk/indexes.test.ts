/** Index calls of Collection over real HTTP against a local fabric: list, read, ensure (idempotent), drop, errors. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DocumentInsertError,
  IndexCreateError,
  IndexDeleteError,
  IndexGetError,
  type Collection,
  type Fabric,
  type IndexDescription,
} from "../../src/index.js";
import { startLocal } from "./helpers.js";

let env: Awaited<ReturnType<typeof startLocal>>;
let fabric: Fabric;
let people: Collection<{ email?: string; age?: number; loc?: number[]; bio?: string; seen?: number }>;
beforeAll(async () => {
  env = await startLocal();
  fabric = await env.newFabric("idx");
  people = await fabric.createCollection("people");
});
afterAll(() => env.close());

describe("Collection indexes", () => {
  it("lists the primary index of a new collection, and the edge index of an edge collection", async () => {
    expect(await people.indexes()).toEqual([
      { id: "people/0", name: "primary", type: "primary", fields: ["_key"], unique: true, sparse: false, selectivityEstimate: 1 },
    ]);
    const knows = await fabric.createCollection("knows", { type: 3 });
    const list = await knows.indexes();
    expect(list.map((i) => [i.type, i.fields])).toEqual([
      ["primary", ["_key"]],
      ["edge", ["_from", "_to"]],
    ]);
  });

  it("ensureIndex creates once, then answers the existing index; hash and skiplist become persistent", async () => {
    const first = await people.ensureIndex({ type: "hash", fields: ["email"], unique: true, sparse: true });
    expect(first).toMatchObject({ type: "persistent", fields: ["email"], unique: true, sparse: true, isNewlyCreated: true });
    expect(first.id).toMatch(/^people\/\d+$/);
    const again = await people.ensureIndex({ type: "persistent", fields: ["email"], unique: true, sparse: true });
    expect(again).toMatchObject({ id: first.id, isNewlyCreated: false });
    const other = await people.ensureIndex({ type: "skiplist", fields: ["email"] });
    expect(other.id).not.toBe(first.id);
    const ttl = await people.ensureIndex({ type: "ttl", fields: ["seen"], expireAfter: 3600, name: "byseen" });
    expect(ttl).toMatchObject({ type: "ttl", name: "byseen", expireAfter: 3600, isNewlyCreated: true });
    const geo = await people.ensureIndex({ type: "geo", fields: ["loc"] });
    expect(geo).toMatchObject({ type: "geo", geoJson: false });
    const text = await people.ensureIndex({ type: "fulltext", fields: ["bio"], minLength: 3 });
    expect(text).toMatchObject({ type: "fulltext", minLength: 3 });

    const list = await people.indexes();
    expect(list.map((i) => i.type)).toEqual(["primary", "persistent", "persistent", "ttl", "geo", "fulltext"]);
    // the discriminated union narrows by type
    const t = list.find((i): i is Extract<IndexDescription, { type: "ttl" }> => i.type === "ttl");
    expect(t?.expireAfter).toBe(3600);

    expect(await people.index(first.id)).toMatchObject({ id: first.id, type: "persistent" });
    expect(await people.index(first.id.split("/")[1]!)).toMatchObject({ id: first.id });
    expect(await people.index("byseen")).toMatchObject({ id: ttl.id });
    const sent = env.sent.at(-1)!;
    expect(sent.path).toBe(`/_fabric/${fabric.name}/_api/index/people/byseen`);

    expect(await people.dropIndex("byseen")).toBe(ttl.id);
    expect(await people.dropIndex(other.id)).toBe(other.id);
    expect((await people.indexes()).map((i) => i.id)).not.toContain(other.id);
  });

  it("a unique index rejects duplicates on insert and refuses to be built over them", async () => {
    await people.insert({ _key: "a", email: "a@x" });
    const err = await people.insert({ _key: "b", email: "a@x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentInsertError);
    expect(err).toMatchObject({ httpCode: 409, errorCode: 1210 });
    expect(await people.has("b")).toBe(false);
    // multi-document: the violating item fails, the others are written
    const items = await people.insert([{ _key: "c", email: "c@x" }, { _key: "d", email: "a@x" }, { _key: "e" }]);
    expect(items[1]).toMatchObject({ error: true, errorNum: 1210 });
    expect(await people.has("c")).toBe(true);
    expect(await people.has("e")).toBe(true);
    await people.insert({ _key: "f", age: 5 });
    await people.insert({ _key: "g", age: 5 });
    const build = await people.ensureIndex({ type: "persistent", fields: ["age"], unique: true }).catch((e: unknown) => e);
    expect(build).toBeInstanceOf(IndexCreateError);
    expect(build).toMatchObject({ httpCode: 409, errorCode: 1210 });
  });

  it("errors: unknown index, primary cannot be dropped, bad definitions fail before sending", async () => {
    await expect(people.index("nope")).rejects.toMatchObject({ name: "IndexGetError", httpCode: 404, errorCode: 1212 });
    await expect(people.index("nope")).rejects.toBeInstanceOf(IndexGetError);
    await expect(people.dropIndex("primary")).rejects.toBeInstanceOf(IndexDeleteError);
    await expect(people.dropIndex("primary")).rejects.toMatchObject({ httpCode: 403 });
    await expect(people.dropIndex("nope")).rejects.toMatchObject({ httpCode: 404, errorCode: 1212 });
    const before = env.sent.length;
    expect(() => people.ensureIndex({ type: "persistent", fields: [] })).toThrow(TypeError);
    expect(() => people.ensureIndex({ type: "bogus" as "persistent", fields: ["a"] })).toThrow(/invalid index definition/);
    expect(() => people.ensureIndex({ type: "ttl", fields: ["a"], expireAfter: -1 })).toThrow(/expireAfter/);
    expect(() => people.index("other/1")).toThrow(/invalid index id/);
    expect(env.sent.length).toBe(before);
    // a definition only the server can judge
    await expect(people.ensureIndex({ type: "geo", fields: ["a", "b"], geoJson: true } as never)).rejects.toMatchObject({ httpCode: 400, errorCode: 10 });
    await expect(fabric.collection("missing").indexes()).rejects.toMatchObject({ httpCode: 404, errorCode: 1203 });
  });

  it("index calls run as async jobs", async () => {
    const acol = fabric.beginAsyncExecution().collection("people");
    const job = await acol.ensureIndex({ type: "persistent", fields: ["age"] });
    const made = await job.wait();
    expect(made).toMatchObject({ type: "persistent", fields: ["age"], isNewlyCreated: true });
    const list = await (await acol.indexes()).wait();
    expect(list.map((i) => i.id)).toContain(made.id);
    expect(await (await acol.dropIndex(made.id)).wait()).toBe(made.id);
  });
});
