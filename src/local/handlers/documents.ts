/**
 * Tag Documents, single-document forms: get / check (HEAD) / replace / update / delete by key, and insert of
 * one document or an array (the array form is handled in documents-multi.ts).
 */
import type { Handler, HandlerContext } from "../context.js";
import { jsonReply, emptyReply, type Reply } from "../reply.js";
import { LocalError } from "../errors.js";
import type { Collection, WriteResult } from "../store.js";
import { collectionOf, fabricOf, param } from "./common.js";
import { multiWrite } from "./documents-multi.js";
import { writeFlags, writeStatus, type WriteFlags } from "./write-options.js";

/** The recorded `Location`: `/_tenant/{tenant}/_fabric/{fabric}/_api/document/{collection}/{key}`. */
function location(ctx: HandlerContext, coll: Collection, key: string): string {
  const fabric = fabricOf(ctx).name;
  return `/_tenant/${encodeURIComponent(ctx.tenant.name)}/_fabric/${encodeURIComponent(fabric)}/_api/document/${coll.name}/${encodeURIComponent(key)}`;
}

function singleReply(ctx: HandlerContext, coll: Collection, flags: WriteFlags, res: WriteResult, isDelete = false): Reply {
  const status = writeStatus(flags, isDelete);
  // C8 sends no Location with a silent answer (recorded).
  if (flags.silent) return jsonReply(status, {});
  return jsonReply(status, res, ["location", location(ctx, coll, res._key)]);
}

export const insertDocument: Handler = (ctx) => insertInto(ctx, collectionOf(ctx));

/** ArangoDB's older `POST /_api/document?collection=<name>` (jsC8 saves edges this way); 400/1204 without it. */
export const insertDocumentWithCollectionParam: Handler = (ctx) => {
  const name = ctx.query.get("collection");
  if (name === undefined || name === "") {
    throw new LocalError(400, 1204, "'collection' is missing, expecting /_api/document/<collectionname> or query parameter 'collection'");
  }
  return insertInto(ctx, fabricOf(ctx).db.collection(name));
};

function insertInto(ctx: HandlerContext, coll: Collection): Reply {
  const flags = writeFlags(ctx, coll);
  if (Array.isArray(ctx.body)) return multiWrite(ctx.body, flags, (doc) => coll.insert(doc, flags));
  return singleReply(ctx, coll, flags, coll.insert(ctx.body, flags));
}

export const getDocument: Handler = (ctx) => {
  const doc = readDocument(ctx);
  return jsonReply(200, doc, ["etag", `"${doc._rev}"`]);
};

export const checkDocument: Handler = (ctx) => {
  const doc = readDocument(ctx);
  return emptyReply(200, ["etag", `"${doc._rev}"`]);
};

function readDocument(ctx: HandlerContext) {
  return collectionOf(ctx).get(param(ctx, "key"), {
    ifMatch: ctx.headers["if-match"],
    ifNoneMatch: ctx.headers["if-none-match"],
  });
}

export const replaceDocument: Handler = (ctx) => {
  const coll = collectionOf(ctx);
  const flags = writeFlags(ctx, coll);
  const res = coll.replace(param(ctx, "key"), ctx.body, { ...flags, ifMatch: ctx.headers["if-match"] });
  return singleReply(ctx, coll, flags, res);
};

export const updateDocument: Handler = (ctx) => {
  const coll = collectionOf(ctx);
  const flags = writeFlags(ctx, coll);
  const res = coll.update(param(ctx, "key"), ctx.body, { ...flags, ifMatch: ctx.headers["if-match"] });
  return singleReply(ctx, coll, flags, res);
};

export const deleteDocument: Handler = (ctx) => {
  const coll = collectionOf(ctx);
  const flags = writeFlags(ctx, coll);
  const res = coll.remove(param(ctx, "key"), { ...flags, ifMatch: ctx.headers["if-match"] });
  return singleReply(ctx, coll, flags, res, true);
};
