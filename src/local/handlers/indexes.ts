/** Tag Indexes: list, read, create (type in the body or in the path), drop. Shapes as ArangoDB's index API. */
import type { Handler, HandlerContext } from "../context.js";
import { LocalError } from "../errors.js";
import { jsonReply } from "../reply.js";
import type { Collection } from "../store.js";
import { bodyObject, collectionOf, fabricOf, ok, param } from "./common.js";

/** The collection named by the `collection` query parameter (400/1204 without it, 404/1203 unknown). */
function queryCollection(ctx: HandlerContext): Collection {
  const name = ctx.query.get("collection");
  if (name === undefined || name === "") throw new LocalError(400, 1204, "collection or view not found: expecting query parameter 'collection'");
  return fabricOf(ctx).db.collection(name);
}

export const listIndexes: Handler = (ctx) => {
  const indexes = queryCollection(ctx).indexes.list();
  const identifiers: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const d of indexes) identifiers[d.id] = d;
  return jsonReply(200, ok(200, { indexes, identifiers }));
};

export const getIndex: Handler = (ctx) => jsonReply(200, { ...collectionOf(ctx).indexes.get(param(ctx, "id")), error: false, code: 200 });

function create(ctx: HandlerContext, typeInPath?: string) {
  const { description, created } = queryCollection(ctx).indexes.ensure(bodyObject(ctx), typeInPath);
  const code = created ? 201 : 200;
  return jsonReply(code, { ...description, isNewlyCreated: created, error: false, code });
}

export const createIndex: Handler = (ctx) => create(ctx);

export const createIndexOfType: Handler = (ctx) => create(ctx, param(ctx, "type"));

export const deleteIndex: Handler = (ctx) => jsonReply(200, ok(200, { id: collectionOf(ctx).indexes.drop(param(ctx, "id")) }));
