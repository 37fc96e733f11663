/**
 * Export, as recorded: `POST /_api/export` runs a read-only C8QL query, `GET /_api/export/{collection}` pages
 * through a collection (`offset`, `limit` 1–1000 default 20, `order`); both answer every result at once as
 * `{error, code, result}`, documents without `_id` and `_rev`.
 */
import { runQuery } from "../c8ql/index.js";
import type { Handler } from "../context.js";
import { LocalError } from "../errors.js";
import { jsonReply } from "../reply.js";
import { bodyObject, collectionOf, fabricOf, ok } from "./common.js";

/** In the order C8 checks them: an UPSERT query also holds INSERT and UPDATE but is reported as "upsert". */
const WRITE_KEYWORDS = ["upsert", "insert", "update", "replace", "remove"] as const;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

function withoutIdAndRev(item: unknown): unknown {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
  const { _id, _rev, ...rest } = item as Record<string, unknown>;
  return rest;
}

export const exportQuery: Handler = async (ctx) => {
  const body = bodyObject(ctx);
  const query = String(body["query"]);
  for (const word of WRITE_KEYWORDS) {
    if (new RegExp(`\\b${word}\\b`, "i").test(query)) throw new LocalError(400, 10, `Export "query" cannot contain "${word}" keyword.`);
  }
  const bindVars = body["bindVars"] as Record<string, unknown> | undefined;
  const run = await runQuery(query, { bindVars, db: fabricOf(ctx).db, signal: ctx.signal });
  return jsonReply(200, ok(200, { result: run.result.map(withoutIdAndRev) }));
};

function intParam(raw: string | undefined, name: string, min: number, max: number): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new LocalError(400, 10, `bad parameter: '${name}' must be an integer from ${min} to ${max}`);
  return n;
}

export const exportCollection: Handler = (ctx) => {
  const coll = collectionOf(ctx);
  const offset = intParam(ctx.query.get("offset"), "offset", 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const limit = intParam(ctx.query.get("limit"), "limit", 0, MAX_LIMIT) || DEFAULT_LIMIT;
  const order = ctx.query.get("order") ?? "asc";
  if (order !== "asc" && order !== "desc") throw new LocalError(400, 10, "bad parameter: 'order' must be 'asc' or 'desc'");
  const page: unknown[] = [];
  if (order === "asc") {
    let i = 0;
    for (const doc of coll.all()) {
      if (i++ < offset) continue;
      if (page.length >= limit) break;
      page.push(withoutIdAndRev(doc));
    }
  } else {
    const docs = [...coll.all()];
    for (let i = docs.length - 1 - offset; i >= 0 && page.length < limit; i--) page.push(withoutIdAndRev(docs[i]));
  }
  return jsonReply(200, ok(200, { result: page }));
};
