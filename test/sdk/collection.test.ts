/** Every Collection method over real HTTP against a local fabric. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CollectionPropertiesError,
  DocumentDeleteError,
  DocumentGetError,
  DocumentInsertError,
  DocumentReplaceError,
  DocumentUpdateError,
  type Collection,
  type Fabric,
} from "../../src/index.js";
import { startLocal } from "./helpers.js";

interface Student {
  name: string;
  age: number;
  tags?: string[];
  address?: { city?: string; zip?: string | null };
}

let env: Awaited<ReturnType<typeof startLocal>>;
let fabric: Fabric;
let students: Collection<Student>;
beforeAll(async () => {
  env = await startLocal();
  fabric = await env.newFabric("col");
  students = await fabric.createCollection<Student>("students");
});
afterAll(() => env.close());
beforeEach(async () => {
  await students.truncate();
});

describe("Collection", () => {
  it("name and context", () => {
    expect(students.name).toBe("students");
    expect(students.context).toBe("default");
  });

  it("insert() one document → metadata; returnNew adds `new`; silent answers {}", async () => {
    const meta = await students.insert({ _key: "neal", name: "Neal", age: 20 });
    expect(meta).toMatchObject({ _id: "students/neal", _key: "neal" });
    expect(meta._rev).toMatch(/\S/);
    expect(meta.new).toBeUndefined();
    const withNew = await students.insert({ name: "Lily", age: 21 }, { returnNew: true });
    expect(withNew.new).toMatchObject({ _id: withNew._id, name: "Lily", age: 21 });
    expect(await students.insert({ name: "Quiet", age: 1 }, { silent: true })).toEqual({});
    const ack = env.sent.at(-1)!;
    expect(ack.method).toBe("POST");
    expect(new URLSearchParams(ack.search).get("silent")).toBe("true");
    expect(await students.count()).toBe(3);
  });

  it("insert() many → one item per document, failures in place as DocumentError", async () => {
    await students.insert({ _key: "a", name: "A", age: 1 });
    const items = await students.insert([
      { _key: "b", name: "B", age: 2 },
      { _key: "a", name: "dup", age: 3 },
      { _key: "c", name: "C", age: 4 },
    ]);
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({ _id: "students/b" });
    expect(items[1]).toMatchObject({ error: true, errorNum: 1210 });
    expect(items[2]).toMatchObject({ _id: "students/c" });
    expect(await students.count()).toBe(3);
  });

  it("insert() of a taken key → DocumentInsertError 409 / 1210; overwriteMode replaces", async () => {
    await students.insert({ _key: "k", name: "K", age: 1 });
    const err = await students.insert({ _key: "k", name: "again", age: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentInsertError);
    expect(err).toMatchObject({ httpCode: 409, errorCode: 1210, method: "POST" });
    expect((err as Error).message).toMatch(/^\[HTTP 409\]\[ERR 1210\] .*unique/);
    const replaced = await students.insert({ _key: "k", name: "replaced", age: 3 }, { overwriteMode: "replace", returnOld: true });
    expect(replaced.old).toMatchObject({ name: "K" });
    expect(await students.get("k")).toMatchObject({ name: "replaced", age: 3 });
  });

  it("get() and has(); missing → DocumentGetError 404 / 1202, or null with ignoreMissing", async () => {
    const meta = await students.insert({ _key: "g", name: "G", age: 7 });
    const doc = await students.get("g");
    expect(doc).toEqual({ _id: "students/g", _key: "g", _rev: meta._rev, name: "G", age: 7 });
    expect(await students.get({ _key: "g" })).toEqual(doc);
    expect(await students.has("g")).toBe(true);
    expect(await students.has("nope")).toBe(false);
    expect(await students.has("g", { rev: meta._rev })).toBe(true);
    const err = await students.get("nope").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentGetError);
    expect(err).toMatchObject({ httpCode: 404, errorCode: 1202, message: "[HTTP 404][ERR 1202] document not found" });
    expect(await students.get("nope", { ignoreMissing: true })).toBeNull();
    const stale = await students.get("g", { rev: "_wrongrev__" }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(DocumentGetError);
    expect(stale).toMatchObject({ httpCode: 412, errorCode: 1200, body: { _rev: meta._rev } });
  });

  it("replace() swaps the whole document; a stale rev → DocumentReplaceError 412 / 1200", async () => {
    const first = await students.insert({ _key: "r", name: "R", age: 1, tags: ["x"] });
    const meta = await students.replace("r", { name: "R2", age: 2 }, { returnOld: true, returnNew: true });
    expect(meta._oldRev).toBe(first._rev);
    expect(meta.old).toMatchObject({ tags: ["x"] });
    expect(meta.new).toMatchObject({ name: "R2", age: 2 });
    expect(meta.new?.tags).toBeUndefined();
    const err = await students.replace("r", { name: "R3", age: 3 }, { rev: first._rev }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentReplaceError);
    expect(err).toMatchObject({ httpCode: 412, errorCode: 1200 });
    expect(await students.replace("r", { name: "R3", age: 3 }, { rev: meta._rev })).toMatchObject({ _key: "r" });
    const missing = await students.replace("nope", { name: "x", age: 0 }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: "DocumentReplaceError", httpCode: 404, errorCode: 1202 });
  });

  it("update() merges; keepNull and mergeObjects are passed on", async () => {
    await students.insert({ _key: "u", name: "U", age: 1, address: { city: "Oslo", zip: "0150" } });
    await students.update("u", { age: 2, address: { zip: null } }, { keepNull: false });
    expect(await students.get("u")).toMatchObject({ name: "U", age: 2, address: { city: "Oslo" } });
    expect((await students.get("u")).address).not.toHaveProperty("zip");
    await students.update("u", { address: { city: "Bergen" } }, { mergeObjects: false });
    expect((await students.get("u")).address).toEqual({ city: "Bergen" });
    const err = await students.update("nope", { age: 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentUpdateError);
    expect(err).toMatchObject({ httpCode: 404, errorCode: 1202 });
  });

  it("delete(): metadata, returnOld, ignoreMissing → false, stale rev → DocumentDeleteError 412", async () => {
    const meta = await students.insert({ _key: "d", name: "D", age: 1 });
    await students.insert({ _key: "e", name: "E", age: 1 });
    const stale = await students.delete("d", { rev: "_wrongrev__" }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(DocumentDeleteError);
    expect(stale).toMatchObject({ httpCode: 412, errorCode: 1200 });
    expect(await students.delete("d", { rev: meta._rev, returnOld: true })).toMatchObject({ _key: "d", old: { name: "D" } });
    expect(await students.delete({ _key: "e" })).toMatchObject({ _id: "students/e" });
    expect(await students.delete("d", { ignoreMissing: true })).toBe(false);
    const missing = await students.delete("d").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DocumentDeleteError);
    expect(missing).toMatchObject({ httpCode: 404, errorCode: 1202 });
  });

  it("replaceMany(), updateMany(), deleteMany()", async () => {
    await students.insert([
      { _key: "m1", name: "M1", age: 1 },
      { _key: "m2", name: "M2", age: 2 },
    ]);
    const replaced = await students.replaceMany([
      { _key: "m1", name: "M1b", age: 10 },
      { _key: "zz", name: "missing", age: 0 },
    ]);
    expect(replaced[0]).toMatchObject({ _key: "m1" });
    expect(replaced[1]).toMatchObject({ error: true, errorNum: 1202 });
    const updated = await students.updateMany([{ _key: "m2", age: 20 }], { returnNew: true });
    expect(updated[0]).toMatchObject({ _key: "m2", new: { name: "M2", age: 20 } });
    expect(await students.get("m1")).toMatchObject({ name: "M1b", age: 10 });
    const deleted = await students.deleteMany(["m1", { _key: "m2" }, "zz"]);
    expect(deleted[0]).toMatchObject({ _key: "m1" });
    expect(deleted[1]).toMatchObject({ _key: "m2" });
    expect(deleted[2]).toMatchObject({ error: true, errorNum: 1202 });
    expect(await students.count()).toBe(0);
  });

  it("import() counts created documents and errors", async () => {
    await students.insert({ _key: "i1", name: "taken", age: 0 });
    const result = await students.import(
      [
        { _key: "i1", name: "I1", age: 1 },
        { _key: "i2", name: "I2", age: 2 },
        { _key: "i3", name: "I3", age: 3 },
      ],
      { details: true },
    );
    expect(result).toMatchObject({ created: 2, errors: 1 });
    expect(await students.count()).toBe(3);
  });

  it("count(), truncate(), properties(), info(), figures()", async () => {
    await students.insert([{ name: "a", age: 1 }, { name: "b", age: 2 }]);
    expect(await students.count()).toBe(2);
    const props = await students.properties();
    expect(props).toMatchObject({ name: "students", type: 2 });
    expect(await students.info()).toMatchObject({ name: "students", id: props.id });
    expect(await students.figures()).toMatchObject({ name: "students" });
    expect(await students.truncate()).toMatchObject({ name: "students" });
    expect(await students.count()).toBe(0);
    const err = await fabric.collection("nope").properties().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectionPropertiesError);
    expect(err).toMatchObject({ httpCode: 404, errorCode: 1203 });
  });

  it("all() is a cursor over every document, in batches", async () => {
    await students.insert(Array.from({ length: 25 }, (_, i) => ({ _key: `s${i}`, name: `S${i}`, age: i })));
    const cursor = await students.all({ batchSize: 10 });
    expect(cursor.batch).toHaveLength(10);
    expect(cursor.hasMore).toBe(true);
    const docs = await cursor.all();
    expect(docs).toHaveLength(25);
    expect(new Set(docs.map((d) => d._key)).size).toBe(25);
    expect(docs.every((d) => d._id === `students/${d._key}`)).toBe(true);
  });

  it("validates documents, keys and options before sending", () => {
    const before = env.sent.length;
    // @ts-expect-error not a document
    expect(() => students.insert(null)).toThrow(/document must be an object, got null/);
    // @ts-expect-error not a document
    expect(() => students.insert("x")).toThrow(TypeError);
    // @ts-expect-error not documents
    expect(() => students.insert([{ name: "a", age: 1 }, 5])).toThrow(/documents\[1\] must be an object/);
    expect(() => students.get("")).toThrow(/document key must be a non-empty string/);
    // @ts-expect-error no _key
    expect(() => students.get({})).toThrow(TypeError);
    expect(() => students.replaceMany([{ name: "x", age: 1 } as never])).toThrow(/document key/);
    // @ts-expect-error not an array
    expect(() => students.deleteMany("a")).toThrow(TypeError);
    expect(() => students.all({ batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
    expect(() => students.count({ timeoutMs: -5 })).toThrow(/timeoutMs/);
    expect(env.sent.length).toBe(before);
  });
});
