/**
 * Tag Documents, multi-document forms and bulk import. Failed items come back in place as
 * `{error: true, errorNum, errorMessage}` (no `code`, nothing else — a revision conflict is
 * `{error: true, errorNum: 1200, errorMessage: "conflict"}`, so "has `_id`" never reads as success) while the
 * request itself succeeds, and the header `x-c8-error-codes` counts them by errorNum (`{"1210":6}`), as recorded.
 * The spec lets any item through (`items: {}`); a bad item (not a document, a non-string `_key`, …) is an item
 * error here and the other items are still written. Only a body that is not an array fails as a whole.
 */
import type { Handler } from "../context.js";
import { isLocalError } from "../errors.js";
import { getOwn } from "../own-props.js";
import { jsonReply, type Reply } from "../reply.js";
import type { WriteResult } from "../store.js";
import { bodyObject, collectionOf } from "./common.js";
import { LocalError } from "../errors.js";
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
      out.push({ error: true, errorNum: e.errorNum, errorMessage: e.errorNum === CONFLICT ? "conflict" : e.message });
    }
  }
  const headers = failed > 0 ? ["x-c8-error-codes", JSON.stringify(counts)] : undefined;
  // A silent multi-document write answers `{}` (recorded); only failures are reported then.
  const body = flags.silent && failed === 0 ? {} : out;
  return jsonReply(writeStatus(flags, isDelete), body, headers);
}

const CONFLICT = 1200;

/** The body of a multi-document write: an array (the generated schema checked it; this narrows the type). */
function itemsOf(body: unknown): readonly unknown[] {
  if (!Array.isArray(body)) throw new LocalError(400, 10, "bad parameter: expecting a JSON array body");
  return body;
}

/** The key of a replace/update item: a document (1227 otherwise) with a valid string `_key` (1221) or `_id`. */
function documentKey(item: unknown): string {
  if (typeof item !== "object" || item === null || Array.isArray(item)) throw new LocalError(400, 1227, "invalid document type");
  const key = (item as Record<string, unknown>)["_key"];
  if (key !== undefined && typeof key !== "string") throw new LocalError(400, 1221, "illegal document key");
  return itemKey(item);
}

export const replaceDocuments: Handler = (ctx) => {
  const coll = collectionOf(ctx);
  const flags = writeFlags(ctx, coll);
  return multiWrite(itemsOf(ctx.body), flags, (doc) => coll.replace(documentKey(doc), doc, flags));
};

export const updateDocuments: Handler = (ctx) => {
  const coll = collectionOf(ctx);
  const flags = writeFlags(ctx, coll);
  return multiWrite(itemsOf(ctx.body), flags, (doc) => coll.update(documentKey(doc), doc, flags));
};

export const deleteDocuments: Handler = (ctx) => {
  const coll = collectionOf(ctx);
  const flags = writeFlags(ctx, coll);
  return multiWrite(
    itemsOf(ctx.body),
    flags,
    (item) => {
      const key = typeof item === "string" ? itemKey(item) : documentKey(item);
      // With ignoreRevs=false an object's `_rev` is the revision the document must still have.
      const rev = !flags.ignoreRevs && typeof item === "object" ? (item as Record<string, unknown>)["_rev"] : undefined;
      return coll.remove(key, { ...flags, ifMatch: typeof rev === "string" ? rev : undefined });
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
