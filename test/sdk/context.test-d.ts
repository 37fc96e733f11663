/** The context switch and collection generics, checked by the compiler (vitest typecheck). */
import { describe, expectTypeOf, test } from "vitest";
import {
  AsyncJob,
  type AsyncFabric,
  type C8QL,
  type Collection,
  type Cursor,
  type Document,
  type DocumentError,
  type Fabric,
  type WriteResult,
} from "../../src/index.js";

interface Student {
  name: string;
  age: number;
}

declare const fabric: Fabric;
const asyncFabric = fabric.beginAsyncExecution({ returnResult: true });
const voidFabric = fabric.beginAsyncExecution({ returnResult: false });

describe("the context follows the wrapper", () => {
  test("context names", () => {
    expectTypeOf(fabric.context).toEqualTypeOf<"default">();
    expectTypeOf(asyncFabric.context).toEqualTypeOf<"async">();
    expectTypeOf(voidFabric.context).toEqualTypeOf<"async">();
    expectTypeOf(asyncFabric.c8ql.context).toEqualTypeOf<"async">();
    expectTypeOf(asyncFabric.collection("students").context).toEqualTypeOf<"async">();
    expectTypeOf(fabric.beginAsyncExecution()).toEqualTypeOf<AsyncFabric>();
    expectTypeOf(asyncFabric.c8ql).toEqualTypeOf<C8QL<"async">>();
    expectTypeOf(asyncFabric.collection("students")).toEqualTypeOf<Collection<Record<string, unknown>, "async">>();
  });

  test("default context: plain values, never a job", () => {
    const col = fabric.collection("students");
    expectTypeOf(col.insert({ _key: "Neal" })).resolves.toEqualTypeOf<WriteResult>();
    expectTypeOf(col.count()).resolves.toEqualTypeOf<number>();
    expectTypeOf(fabric.c8ql.execute<number>("RETURN 1")).resolves.toEqualTypeOf<Cursor<number>>();
    expectTypeOf(fabric.hasCollection("students")).resolves.toEqualTypeOf<boolean>();
    expectTypeOf(fabric.fabrics()).resolves.toEqualTypeOf<string[]>();
  });

  test("async context: an AsyncJob of the same value — no union to narrow", () => {
    const col = asyncFabric.collection("students");
    expectTypeOf(col.insert({ _key: "Neal" })).resolves.toEqualTypeOf<AsyncJob<WriteResult>>();
    expectTypeOf(col.count()).resolves.toEqualTypeOf<AsyncJob<number>>();
    expectTypeOf(asyncFabric.c8ql.execute<number>("RETURN 1")).resolves.toEqualTypeOf<AsyncJob<Cursor<number>>>();
    expectTypeOf(asyncFabric.createCollection("x")).resolves.toEqualTypeOf<AsyncJob<Collection<Record<string, unknown>, "async">>>();
    expectTypeOf<AsyncJob<Cursor<number>>["result"]>().returns.resolves.toEqualTypeOf<Cursor<number>>();
    expectTypeOf<AsyncJob<WriteResult>["wait"]>().returns.resolves.toEqualTypeOf<WriteResult>();
  });

  test("fire-and-forget context answers undefined", () => {
    expectTypeOf(voidFabric.collection("students").insert({ _key: "Neal" })).resolves.toEqualTypeOf<undefined>();
    expectTypeOf(voidFabric.c8ql.execute("RETURN 1")).resolves.toEqualTypeOf<undefined>();
  });

  test("job management is synchronous in every context", () => {
    expectTypeOf(asyncFabric.asyncJobs()).resolves.toEqualTypeOf<string[]>();
    expectTypeOf(asyncFabric.clearAsyncJobs()).resolves.toEqualTypeOf<true>();
    expectTypeOf(asyncFabric.job("12")).toEqualTypeOf<AsyncJob<unknown>>();
  });

  test("waitAll keeps each job's type, in order", async () => {
    const col = asyncFabric.collection<Student>("students");
    const a = await col.count();
    const b = await asyncFabric.c8ql.execute<string>("RETURN 'x'");
    expectTypeOf(AsyncJob.waitAll([a, b])).resolves.toEqualTypeOf<[number, Cursor<string>]>();
    const many = [a, a, a];
    expectTypeOf(AsyncJob.waitAll(many)).resolves.toEqualTypeOf<number[]>();
  });
});

describe("collection<T>() generics", () => {
  const students = fabric.collection<Student>("students");

  test("documents are typed", () => {
    expectTypeOf(students.get("Neal")).resolves.toEqualTypeOf<Document<Student>>();
    expectTypeOf(students.get("Neal", { ignoreMissing: true })).resolves.toEqualTypeOf<Document<Student> | null>();
    expectTypeOf(students.all()).resolves.toEqualTypeOf<Cursor<Document<Student>>>();
    expectTypeOf(students.insert({ name: "Neal", age: 20 }, { returnNew: true })).resolves.toEqualTypeOf<WriteResult<Student>>();
    expectTypeOf<WriteResult<Student>["new"]>().toEqualTypeOf<Document<Student> | undefined>();
  });

  test("options shape the answer", () => {
    expectTypeOf(students.insert({ name: "Neal", age: 20 }, { silent: true })).resolves.toEqualTypeOf<Record<string, never>>();
    expectTypeOf(students.insert([{ name: "Neal", age: 20 }])).resolves.toEqualTypeOf<Array<WriteResult<Student> | DocumentError>>();
    expectTypeOf(students.delete("Neal", { ignoreMissing: true })).resolves.toEqualTypeOf<WriteResult<Student> | false>();
    expectTypeOf(students.delete("Neal")).resolves.toEqualTypeOf<WriteResult<Student>>();
  });

  test("wrong documents do not compile", () => {
    // @ts-expect-error age must be a number
    void students.insert({ name: "Neal", age: "20" });
    // @ts-expect-error name is required
    void students.replace("Neal", { age: 20 });
    // @ts-expect-error a patch may omit fields but not change their types
    void students.update("Neal", { age: "old" });
    // @ts-expect-error replaceMany needs _key on every document
    void students.replaceMany([{ name: "Neal", age: 20 }]);
    // @ts-expect-error not an option of insert
    void students.insert({ name: "Neal", age: 20 }, { ignoreRevs: true });
    // @ts-expect-error asyncJobs answers ids, not jobs
    expectTypeOf(asyncFabric.asyncJobs()).resolves.toEqualTypeOf<AsyncJob<string[]>>();
  });

  test("an async collection keeps T", () => {
    const asyncStudents = asyncFabric.collection<Student>("students");
    expectTypeOf(asyncStudents.get("Neal")).resolves.toEqualTypeOf<AsyncJob<Document<Student>>>();
    expectTypeOf<Awaited<ReturnType<typeof asyncStudents.get>>>().not.toEqualTypeOf<Document<Student>>();
  });
});

describe("requests are typed by the generated request functions (through the table)", () => {
  test("a wrong path parameter, query flag or body does not compile", async () => {
    const { call } = await import("../../src/session.js");
    const handle = () => 0;
    call("insertDocument", { params: { path: { fabric: "f", collection: "c" }, query: { returnNew: true } }, body: { a: 1 } }, handle);
    // @ts-expect-error the collection is missing from the path
    call("insertDocument", { params: { path: { fabric: "f" } }, body: {} }, handle);
    // @ts-expect-error not a query flag of insertDocument
    call("insertDocument", { params: { path: { fabric: "f", collection: "c" }, query: { ignoreRevs: true } }, body: {} }, handle);
    // @ts-expect-error a cursor request needs a query string
    call("createCursor", { params: { path: { fabric: "f" } }, body: { batchSize: 2 } }, handle);
    // @ts-expect-error not an operation
    call("dropEverything", {}, handle);
  });
});
