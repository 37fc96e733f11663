/** Tag Fabrics, user-defined fabric metadata: read (as `database/current` answers), replace (PUT), merge (PATCH). */
import type { Handler } from "../context.js";
import { LocalError } from "../errors.js";
import { jsonReply } from "../reply.js";
import { bodyObject, fabricOf, ok } from "./common.js";

function metadataOf(body: Record<string, unknown>): Record<string, unknown> {
  const md = body["metadata"];
  if (typeof md !== "object" || md === null || Array.isArray(md)) throw new LocalError(400, 10, "bad parameter: 'metadata' must be an object");
  // a plain copy: user data never becomes a prototype
  return Object.assign(Object.create(null) as Record<string, unknown>, md);
}

export const getFabricMetadata: Handler = (ctx) => jsonReply(200, ok(200, { result: fabricOf(ctx).describe() }));

export const setFabricMetadata: Handler = (ctx) => {
  const fabric = fabricOf(ctx);
  fabric.metadata = { ...metadataOf(bodyObject(ctx)) };
  return jsonReply(201, ok(201, { result: true }));
};

export const updateFabricMetadata: Handler = (ctx) => {
  const fabric = fabricOf(ctx);
  fabric.metadata = { ...fabric.metadata, ...metadataOf(bodyObject(ctx)) };
  return jsonReply(201, ok(201, { result: true }));
};
