/** C8QL and Cursor over real HTTP against a local fabric. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { C8QLQueryExecuteError, Cursor, CursorCloseError, type Fabric } from "../../src/index.js";
import { startLocal } from "./helpers.js";

let env: Awaited<ReturnType<typeof startLocal>>;
let fabric: Fabric;
beforeAll(async () => {
  env = await startLocal();
  fabric = await env.newFabric("q");
});
afterAll(() => env.close());

const cursorCalls = () => env.sent.filter((r) => r.path.startsWith(`/_fabric/${fabric.name}/_api/cursor`)).map((r) => `${r.method} ${r.path.replace(/\/\d+$/, "/{id}")}`);

describe("C8QL", () => {
  it("execute() answers a cursor; bindVars, count and batchSize are sent", async () => {
    expect(fabric.c8ql.context).toBe("default");
    const cursor = await fabric.c8ql.execute<number>("FOR i IN 1..@n RETURN i * 2", { bindVars: { n: 5 }, count: true, batchSize: 2 });
    expect(cursor).toBeInstanceOf(Cursor);
    expect(cursor.count).toBe(5);
    expect(cursor.batch).toEqual([2, 4]);
    expect(cursor.hasMore).toBe(true);
    expect(cursor.id).toMatch(/^\d+$/);
    expect(cursor.extra?.stats).toBeDefined();
    expect(await cursor.all()).toEqual([2, 4, 6, 8, 10]);
    expect(cursor.hasMore).toBe(false);
  });

  it("a syntax error → C8QLQueryExecuteError 400 / 1501", async () => {
    const err = await fabric.c8ql.execute("INVALID QUERY").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(C8QLQueryExecuteError);
    expect(err).toMatchObject({ httpCode: 400, errorCode: 1501 });
    expect((err as Error).message).toMatch(/^\[HTTP 400\]\[ERR 1501\] syntax error, /);
  });

  it("a missing bind parameter and an unknown collection are reported by the server", async () => {
    await expect(fabric.c8ql.execute("RETURN @x")).rejects.toMatchObject({ name: "C8QLQueryExecuteError", errorCode: 1551 });
    await expect(fabric.c8ql.execute("FOR d IN nowhere RETURN d")).rejects.toMatchObject({ name: "C8QLQueryExecuteError", errorCode: 1203 });
  });

  it("validates the query and options early", () => {
    expect(() => fabric.c8ql.execute("")).toThrow(/query must be a non-empty string/);
    expect(() => fabric.c8ql.execute("RETURN 1", { batchSize: -1 })).toThrow(/batchSize/);
    // @ts-expect-error count is a flag
    expect(() => fabric.c8ql.execute("RETURN 1", { count: 3 })).toThrow(/count must be a boolean/);
    // @ts-expect-error bindVars is an object
    expect(() => fabric.c8ql.execute("RETURN 1", { bindVars: [1] })).toThrow(/bindVars/);
  });
});

describe("Cursor", () => {
  it("next() walks the batches, fetching each when the previous one is used up", async () => {
    const before = cursorCalls().length;
    const cursor = await fabric.c8ql.execute<number>("FOR i IN 1..5 RETURN i", { batchSize: 2 });
    const seen: Array<number | undefined> = [];
    for (let i = 0; i < 6; i++) seen.push(await cursor.next());
    expect(seen).toEqual([1, 2, 3, 4, 5, undefined]);
    expect(cursorCalls().slice(before)).toEqual([
      `POST /_fabric/${fabric.name}/_api/cursor`,
      `PUT /_fabric/${fabric.name}/_api/cursor/{id}`,
      `PUT /_fabric/${fabric.name}/_api/cursor/{id}`,
    ]);
    expect(await cursor.close()).toBe(false); // nothing left on the server
  });

  it("batch shows what next() has not returned yet", async () => {
    const cursor = await fabric.c8ql.execute<string>("FOR s IN ['a','b','c'] RETURN s");
    expect(cursor.batch).toEqual(["a", "b", "c"]);
    expect(cursor.hasMore).toBe(false);
    expect(cursor.id).toBeUndefined();
    await cursor.next();
    expect(cursor.batch).toEqual(["b", "c"]);
    expect(await cursor.all()).toEqual(["b", "c"]);
    expect(await cursor.next()).toBeUndefined();
  });

  it("for await iterates every item", async () => {
    const cursor = await fabric.c8ql.execute<number>("FOR i IN 1..7 RETURN i", { batchSize: 3 });
    const items: number[] = [];
    for await (const i of cursor) items.push(i);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("leaving for await early closes the cursor on the server", async () => {
    const cursor = await fabric.c8ql.execute<number>("FOR i IN 1..10 RETURN i", { batchSize: 2 });
    for await (const i of cursor) if (i === 3) break;
    expect(cursor.hasMore).toBe(false);
    expect(env.sent.at(-1)).toMatchObject({ method: "DELETE", path: `/_fabric/${fabric.name}/_api/cursor/${cursor.id}` });
  });

  it("an error thrown in the loop body closes the cursor too", async () => {
    const cursor = await fabric.c8ql.execute<number>("FOR i IN 1..10 RETURN i", { batchSize: 2 });
    const boom = new Error("boom");
    await expect(
      (async () => {
        for await (const i of cursor) if (i === 1) throw boom;
      })(),
    ).rejects.toBe(boom);
    expect(cursor.hasMore).toBe(false);
    expect(env.sent.at(-1)).toMatchObject({ method: "DELETE", path: `/_fabric/${fabric.name}/_api/cursor/${cursor.id}` });
  });

  it("close() frees a cursor; a cursor the server dropped (idle past its ttl) → CursorCloseError 404 / 1600", async () => {
    const cursor = await fabric.c8ql.execute<number>("FOR i IN 1..10 RETURN i", { batchSize: 2 });
    expect(await cursor.close()).toBe(true);
    expect(cursor.hasMore).toBe(false);
    expect(await cursor.next()).toBeUndefined();
    const idle = await fabric.c8ql.execute<number>("FOR i IN 1..10 RETURN i", { batchSize: 2, ttl: 0.05 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    const err = await idle.close().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CursorCloseError);
    expect(err).toMatchObject({ httpCode: 404, errorCode: 1600, method: "DELETE" });
    const idle2 = await fabric.c8ql.execute<number>("FOR i IN 1..10 RETURN i", { batchSize: 2, ttl: 0.05 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await idle2.close({ ignoreMissing: true })).toBe(false);
  });

  it("reading past a dropped cursor → CursorNextError 404 / 1600", async () => {
    const cursor = await fabric.c8ql.execute<number>("FOR i IN 1..10 RETURN i", { batchSize: 2, ttl: 0.05 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await cursor.next()).toBe(1);
    expect(await cursor.next()).toBe(2);
    await expect(cursor.next()).rejects.toMatchObject({ name: "CursorNextError", httpCode: 404, errorCode: 1600, method: "PUT" });
  });
});
