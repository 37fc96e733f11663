/**
 * Tag Fabrics: current / list (names, or described in full) / create / delete (create and delete only through
 * `_system`, as recorded).
 */
import type { Handler, HandlerContext } from "../context.js";
import { LocalError } from "../errors.js";
import { jsonReply } from "../reply.js";
import type { Fabric } from "../tenants.js";
import { bodyObject, fabricOf, ok, param } from "./common.js";

function systemOnly(ctx: HandlerContext): Fabric {
  const f = fabricOf(ctx);
  if (!f.isSystem) throw new LocalError(403, 1230, "operation only allowed in system database");
  return f;
}

export const getCurrentFabric: Handler = (ctx) => jsonReply(200, ok(200, { result: fabricOf(ctx).describe() }));

export const listFabrics: Handler = (ctx) => {
  fabricOf(ctx);
  return jsonReply(200, ok(200, { result: [...ctx.tenant.fabrics.keys()] }));
};

/** `GET /_api/database/user`: every fabric of the tenant, described as `database/current` describes one (recorded). */
export const listUserFabrics: Handler = (ctx) => {
  fabricOf(ctx);
  return jsonReply(200, ok(200, { result: [...ctx.tenant.fabrics.values()].map((f) => f.describe()) }));
};

export const createFabric: Handler = (ctx) => {
  systemOnly(ctx);
  const body = bodyObject(ctx);
  const name = body["name"];
  if (typeof name !== "string") throw new LocalError(400, 1229, "database name invalid");
  const options = (body["options"] ?? {}) as Record<string, unknown>;
  const metadata = options["metadata"];
  ctx.tenant.createFabric(name, {
    spotDc: typeof options["spotDc"] === "string" ? options["spotDc"] : undefined,
    metadata: typeof metadata === "object" && metadata !== null ? (metadata as Record<string, unknown>) : undefined,
  });
  return jsonReply(201, ok(201, { result: true }));
};

export const deleteFabric: Handler = (ctx) => {
  systemOnly(ctx);
  ctx.tenant.dropFabric(param(ctx, "name"));
  return jsonReply(200, ok(200, { result: true }));
};
