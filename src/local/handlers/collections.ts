/** Tag Collections: list, create, get, properties (read, change), count, figures, truncate, delete (shapes as recorded). */
import type { Handler } from "../context.js";
import { jsonReply } from "../reply.js";
import type { CreateCollectionOptions, KeyOptions } from "../store.js";
import { bodyObject, collectionOf, fabricOf, ok } from "./common.js";

function bool(v: unknown): boolean | undefined {
  return typeof v === "boolean" ? v : undefined;
}

export const listCollections: Handler = (ctx) => {
  const excludeSystem = ctx.query.bool("excludeSystem") ?? false;
  return jsonReply(200, ok(200, { result: fabricOf(ctx).db.collections({ excludeSystem }) }));
};

export const createCollection: Handler = (ctx) => {
  const body = bodyObject(ctx);
  const db = fabricOf(ctx).db;
  const opts: CreateCollectionOptions = {
    type: body["type"] as 2 | 3 | undefined,
    waitForSync: bool(body["waitForSync"]),
    isSystem: bool(body["isSystem"]),
    isLocal: bool(body["isLocal"]),
    isSpot: bool(body["isSpot"]),
    stream: bool(body["stream"]),
    keyOptions: (body["keyOptions"] ?? undefined) as KeyOptions | undefined,
  };
  const c = db.createCollection(String(body["name"]), opts);
  return jsonReply(200, ok(200, { ...c.properties() }));
};

export const getCollection: Handler = (ctx) => jsonReply(200, ok(200, { ...collectionOf(ctx).info() }));

export const getCollectionProperties: Handler = (ctx) => jsonReply(200, ok(200, { ...collectionOf(ctx).properties() }));

export const updateCollectionProperties: Handler = (ctx) => {
  const body = bodyObject(ctx);
  const c = collectionOf(ctx);
  c.configure({
    waitForSync: bool(body["waitForSync"]),
    hasStream: bool(body["hasStream"]),
    cacheEnabled: bool(body["cacheEnabled"]),
  });
  return jsonReply(200, ok(200, { ...c.properties() }));
};

export const getCollectionCount: Handler = (ctx) => jsonReply(200, ok(200, { ...collectionOf(ctx).countInfo() }));

export const getCollectionFigures: Handler = (ctx) => jsonReply(200, ok(200, collectionOf(ctx).figures()));

export const truncateCollection: Handler = (ctx) => {
  const c = collectionOf(ctx);
  c.truncate();
  return jsonReply(200, ok(200, { ...c.info() }));
};

export const deleteCollection: Handler = (ctx) => {
  const c = collectionOf(ctx);
  fabricOf(ctx).db.dropCollection(c.name, { isSystem: ctx.query.bool("isSystem") ?? false });
  return jsonReply(200, ok(200, { id: c.id }));
};
