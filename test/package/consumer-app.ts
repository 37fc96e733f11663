// The two programs the consumer test compiles inside a fresh app that installed a packed tarball: one that
// uses every entry the way an app would (and must compile and run), one that misuses the API (and must not compile).

/** The import specifiers of one installed package's entries. */
export interface PackageEntries {
  /** The SDK (`c8-fabric` or `c8-fabric-v1`). */
  readonly sdk: string;
  /** API v1's request functions and operation table. */
  readonly v1: string;
  /** zod validators. */
  readonly schemas: string;
  /** The local fabric. */
  readonly local: string;
}

/** Uses the SDK's async flow against a local fabric started from the package itself; prints one JSON line. */
export function goodProgram(e: PackageEntries): string {
  return `import { AsyncJob, C8Client, C8QLQueryExecuteError, type DocumentMeta } from "${e.sdk}";
import { operations, type OperationId } from "${e.v1}";
import { requestBodies } from "${e.schemas}";
import { startLocalFabric } from "${e.local}";

interface Student {
  name: string;
  age: number;
}

const local = await startLocalFabric();
try {
  const fabric = new C8Client({ url: local.url }).fabric({ tenant: "mytenant", name: "_system", username: "root", password: "passwd" });
  await fabric.createCollection("students");
  const asyncFabric = fabric.beginAsyncExecution({ returnResult: true });
  const students = asyncFabric.collection<Student>("students");
  const insert: AsyncJob<DocumentMeta> = await students.insert({ _key: "Neal", name: "Neal", age: 21 });
  const meta = await insert.wait({ timeoutMs: 10_000 });
  const query = await asyncFabric.c8ql.execute<string>("FOR s IN students FILTER s.age > @min RETURN s.name", { bindVars: { min: 18 } });
  const names: string[] = await (await query.wait({ timeoutMs: 10_000 })).all();
  let errorNum = 0;
  try {
    await (await asyncFabric.c8ql.execute("INVALID QUERY")).wait({ timeoutMs: 10_000 });
  } catch (err) {
    if (err instanceof C8QLQueryExecuteError) errorNum = err.errorCode ?? -1;
  }
  const asyncOps: OperationId[] = (Object.keys(operations) as OperationId[]).filter((id) => operations[id].async);
  const valid = requestBodies.insertDocument.safeParse({ _key: "x", extra: true }).success;
  console.log(JSON.stringify({ id: meta._id, names, errorNum, asyncOps: asyncOps.length, valid }));
} finally {
  await local.close();
}
`;
}

/** The errors the misuse program must produce: the TypeScript code and a text its message contains. */
export const expectedErrors = [
  // A document field of the wrong type, through collection<T>() (the message lists each insert overload).
  { code: "TS2769", text: "Type 'number' is not assignable to type 'string'." },
  // The context switch survives packaging: an async collection answers an AsyncJob, not the metadata.
  { code: "TS2339", text: "Property '_id' does not exist on type 'AsyncJob<" },
  // The core entry does not carry the local fabric (it lives in ./local, Node only).
  { code: "TS2305", text: "has no exported member 'startLocalFabric'." },
] as const;

/** Misuses the API in the ways `expectedErrors` lists. */
export function badProgram(e: PackageEntries): string {
  return `import { C8Client } from "${e.sdk}";
import { startLocalFabric } from "${e.sdk}";

interface Student {
  name: string;
}

const fabric = new C8Client({ url: "http://127.0.0.1:1" }).fabric({ tenant: "t", name: "_system", username: "u", password: "p" });
await fabric.collection<Student>("students").insert({ name: 42 });
const id: string = (await fabric.beginAsyncExecution().collection<Student>("students").insert({ name: "x" }))._id;
console.log(id, startLocalFabric);
`;
}
