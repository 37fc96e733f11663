/**
 * Tag Documents, multi-document forms and bulk import. Failed items come back in place as
 * `{error: true, errorNum, errorMessage}` (no `code`) while the request itself succeeds, and the header
 * `x-c8-error-codes` counts them by errorNum (`{"1210":6}`), as recorded.
 */
import type { Handler } from "../context.js";
import { isLocalError } from "../errors.js";
import { getOwn } from "../own-props.js";
import { jsonReply, type Reply } from "../reply.js";
import type { WriteResult } from "../store.js";
import { bodyObject, collectionOf } from "./common.js";
import { itemKey, writeFlags, writeStatus, type WriteFlags } from "./write-options.js";

/** Runs `write` per item; an item's LocalError becomes its error entry, anything else fails the request. */
export function multiWrite(items: readonly unknown[], flags: WriteFlags, write: (item: unknown) => WriteResult, isDelete = false): Reply {
  const out: unknown[] = [];
  const counts: Record<string, number> = {};
  let failed = 0;
  for (const item of items) {
    try {
      const res = write(item);
      if (!flags.silent) out.push(res);
    } catch (e) {
      if (!isLocalError(e)) throw e;
      failed++;
      counts[e.errorNum] = (counts[e.errorNum] ?? 0) + 1;
      out.push({ error: true, errorNum: e.errorNum, errorMessage: e.message, ...e.extra });
    }
  }
  const headers = failed > 0 ? ["x-c8-error-codes", JSON.stringify(counts)] : undefined;
  // A silent multi-document write answers `{}` (recorded); only failures are reported then.
  const body = flags.silent && failed === 0 ? {} : out;
  return jsonReply(writeStatus(flags, isDelete), body, headers);
}

export const replaceDocuments: Handler = (ctx) => {
  const coll = collectionOf(ctx);
  const flags = writeFlags(ctx, coll);
  return multiWrite(ctx.body as unknown[], flags, (doc) => coll.replace(itemKey(doc), doc, flags));
};

export const updateDocuments: Handler = (ctx) => {
  const coll = collectionOf(ctx);
  const flags = writeFlags(ctx, coll);
  return multiWrite(ctx.body as unknown[], flags, (doc) => coll.update(itemKey(doc), doc, flags));
};

export const deleteDocuments: Handler = (ctx) => {
  const coll = collectionOf(ctx);
  const flags = writeFlags(ctx, coll);
  return multiWrite(
    ctx.body as unknown[],
    flags,
    (item) => {
      // With ignoreRevs=false an object's `_rev` is the revision the document must still have.
      const rev = !flags.ignoreRevs && typeof item === "object" && item !== null ? (item as Record<string, unknown>)["_rev"] : undefined;
      return coll.remove(itemKey(item), { ...flags, ifMatch: typeof rev === "string" ? rev : undefined });
    },
    true,
  );
};

/**
 * `POST /_api/import/{collection}` `{data, details?, replace?, primaryKey?}` → 200 `{created, errors, unprocessed,
 * details?}`. A failing document is counted and (with `details`) described, prefixed with its `_key` (or 1-based
 * position). With `primaryKey` (not `auto`) that attribute's value, as a string, becomes the `_key` and a `_key`
 * the document had moves to `old_key` (the published GDN API's rule).
 */
export const importDocuments: Handler = (ctx) => {
  const coll = collectionOf(ctx);
  const body = bodyObject(ctx);
  const data = body["data"] as unknown[];
  const details = body["details"] === true;
  const replace = body["replace"] === true;
  const pk = body["primaryKey"];
  const primaryKey = typeof pk === "string" && pk !== "" && pk !== "auto" ? pk : undefined;
  let created = 0;
  const errors: unknown[] = [];
  const counts: Record<string, number> = {};
  for (let i = 0; i < data.length; i++) {
    const doc = primaryKey === undefined ? data[i] : keyedBy(data[i], primaryKey);
    try {
      coll.insert(doc, replace ? { overwriteMode: "replace" } : {});
      created++;
    } catch (e) {
      if (!isLocalError(e)) throw e;
      counts[e.errorNum] = (counts[e.errorNum] ?? 0) + 1;
      const key = typeof doc === "object" && doc !== null ? (doc as Record<string, unknown>)["_key"] : undefined;
      const label = typeof key === "string" ? key : String(i + 1);
      errors.push({ document: doc, errorNumber: e.errorNum, errorMessage: `${label}: ${e.message}` });
    }
  }
  const result: Record<string, unknown> = { created, errors: data.length - created, unprocessed: 0 };
  if (details) result["details"] = { errors, unprocessed: [] };
  const headers = created < data.length ? ["x-c8-error-codes", JSON.stringify(counts)] : undefined;
  return jsonReply(200, { error: false, code: 200, result }, headers);
};

/** A copy of `doc` whose `_key` is its `attr` value (as a string); a previous `_key` becomes `old_key`. */
function keyedBy(doc: unknown, attr: string): unknown {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return doc;
  const o = doc as Record<string, unknown>;
  const v = getOwn(o, attr);
  if (v === undefined || v === null) return doc;
  const { _key: oldKey, ...rest } = o;
  const out: Record<string, unknown> = { ...rest, _key: typeof v === "string" ? v : JSON.stringify(v) };
  if (oldKey !== undefined) out["old_key"] = oldKey;
  return out;
}
