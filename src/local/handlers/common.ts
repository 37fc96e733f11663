/** Small helpers shared by the handlers. */
import type { HandlerContext } from "../context.js";
import { LocalError } from "../errors.js";
import type { Collection } from "../store.js";
import type { Fabric } from "../tenants.js";

/** The fabric of a fabric-scoped operation (the server resolved it; 1228 if it vanished meanwhile). */
export function fabricOf(ctx: HandlerContext): Fabric {
  if (ctx.fabric === undefined) throw new LocalError(404, 1228, "database not found");
  return ctx.fabric;
}

/** A path parameter the route template guarantees. */
export function param(ctx: HandlerContext, name: string): string {
  const v = ctx.params[name];
  if (v === undefined) throw new LocalError(400, 10, `bad parameter: missing '${name}'`);
  return v;
}

/** The body as an object (the generated schema already checked the shape; this narrows the type). */
export function bodyObject(ctx: HandlerContext): Record<string, unknown> {
  const b = ctx.body;
  if (typeof b !== "object" || b === null || Array.isArray(b)) throw new LocalError(400, 10, "bad parameter: expecting a JSON object body");
  return b as Record<string, unknown>;
}

/** `{error: false, code, …}`, the envelope of most C8 answers. */
export function ok(code: number, fields: Record<string, unknown>): Record<string, unknown> {
  return { error: false, code, ...fields };
}

/** The collection named in the path (404/1203 when missing). */
export function collectionOf(ctx: HandlerContext): Collection {
  return fabricOf(ctx).db.collection(param(ctx, "collection"));
}
