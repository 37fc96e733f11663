// Bundled by test/package/browser.test.ts with esbuild for the browser and run in headless Chromium:
// the async flow through the SDK's core entry, against a local fabric on another origin (so over CORS).
import { C8Client, C8QLQueryExecuteError } from "../../../entries/index.js";

/** What the page reports back to the test. */
export interface BrowserRunResult {
  readonly context: string;
  readonly jobIds: string[];
  readonly insertedId: string;
  readonly keys: string[];
  readonly queryError: { name: string; errorCode: number | undefined; isClass: boolean };
  readonly userAgent: string;
}

declare global {
  interface Window {
    /** Set once the bundle has loaded; runs the flow against the fabric at `url`. */
    c8Run?: (url: string) => Promise<BrowserRunResult>;
  }
}

window.c8Run = async (url: string): Promise<BrowserRunResult> => {
  const fabric = new C8Client({ url }).fabric({ tenant: "mytenant", name: "_system", username: "root", password: "passwd" });
  await fabric.createCollection("students");
  const asyncFabric = fabric.beginAsyncExecution({ returnResult: true });
  const students = asyncFabric.collection<{ age: number }>("students");
  const insert = await students.insert({ _key: "Neal", age: 21 });
  const meta = await insert.wait({ timeoutMs: 10_000 });
  const query = await asyncFabric.c8ql.execute<string>("FOR s IN students FILTER s.age >= @min RETURN s._key", { bindVars: { min: 18 } });
  const cursor = await query.wait({ timeoutMs: 10_000 });
  const keys = await cursor.all();
  const failing = await asyncFabric.c8ql.execute("INVALID QUERY");
  let queryError: BrowserRunResult["queryError"] = { name: "none", errorCode: undefined, isClass: false };
  try {
    await failing.wait({ timeoutMs: 10_000 });
  } catch (err) {
    const e = err as Error & { errorCode?: number };
    queryError = { name: e.name, errorCode: e.errorCode, isClass: err instanceof C8QLQueryExecuteError };
  }
  return {
    context: asyncFabric.context,
    jobIds: [insert.id, query.id, failing.id],
    insertedId: meta._id,
    keys,
    queryError,
    userAgent: navigator.userAgent,
  };
};
