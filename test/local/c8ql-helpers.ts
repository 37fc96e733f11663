import { expect } from "vitest";
import { runQuery, type QueryResult } from "../../src/local/c8ql/index.js";
import { LocalError } from "../../src/local/errors.js";
import { Database } from "../../src/local/store.js";

/** A fabric with `users` (6 docs, keys "1".."6") and an empty edge collection `knows`. */
export function fixture(): Database {
  const db = new Database("test_fabric");
  const users = db.createCollection("users");
  const names = ["ann", "bob", "cid", "dan", "eve", "fay"];
  for (let i = 1; i <= 6; i++) {
    users.insert({ _key: String(i), name: names[i - 1], age: 20 + i * 5, group: i <= 3 ? "a" : "b", tags: ["t" + (i % 2)] });
  }
  db.createCollection("knows", { type: 3 });
  db.createCollection("empty");
  return db;
}

/** Runs a query and answers its result. */
export async function q(db: Database, query: string, bindVars?: Record<string, unknown>): Promise<unknown[]> {
  return (await runQuery(query, { db, bindVars })).result;
}

/** Runs a query and answers the whole outcome (result, stats, warnings). */
export function run(db: Database, query: string, opts: { bindVars?: Record<string, unknown>; fullCount?: boolean; signal?: AbortSignal } = {}): Promise<QueryResult> {
  return runQuery(query, { db, ...opts });
}

/** Evaluates one expression (`RETURN expr`) in a fresh fixture. */
export async function ev(expr: string, bindVars?: Record<string, unknown>, db: Database = fixture()): Promise<unknown> {
  const r = await q(db, `RETURN ${expr}`, bindVars);
  return r[0];
}

/** Expects the query to fail with a LocalError; answers it. */
export async function fails(db: Database, query: string, bindVars?: Record<string, unknown>): Promise<LocalError> {
  try {
    await runQuery(query, { db, bindVars });
  } catch (e) {
    expect(e).toBeInstanceOf(LocalError);
    return e as LocalError;
  }
  throw new Error(`expected ${query} to fail`);
}
