/** Query flags and statuses of document writes, shared by the single- and multi-document handlers. */
import type { HandlerContext } from "../context.js";
import { LocalError } from "../errors.js";
import type { Collection, WriteOptions } from "../store.js";

export interface WriteFlags extends WriteOptions {
  waitForSync: boolean;
  silent: boolean;
}

const OVERWRITE_MODES = new Set(["ignore", "replace", "update", "conflict"]);

/** The write flags of the query string with ArangoDB's defaults (`ignoreRevs`, `keepNull`, `mergeObjects` true). */
export function writeFlags(ctx: HandlerContext, coll: Collection): WriteFlags {
  const q = ctx.query;
  const flags: WriteFlags = {
    waitForSync: (q.bool("waitForSync") ?? false) || coll.waitForSync,
    silent: q.bool("silent") ?? false,
    returnNew: q.bool("returnNew") ?? false,
    returnOld: q.bool("returnOld") ?? false,
    keepNull: q.bool("keepNull") ?? true,
    mergeObjects: q.bool("mergeObjects") ?? true,
    ignoreRevs: q.bool("ignoreRevs") ?? true,
  };
  const mode = q.get("overwriteMode");
  if (mode !== undefined) {
    if (!OVERWRITE_MODES.has(mode)) throw new LocalError(400, 10, `bad parameter: invalid overwriteMode '${mode}'`);
    flags.overwriteMode = mode as WriteFlags["overwriteMode"];
  }
  const overwrite = q.bool("overwrite");
  if (overwrite !== undefined) flags.overwrite = overwrite;
  return flags;
}

/** 201 (delete: 200) when synced, else 202 — C8's write statuses. */
export function writeStatus(flags: WriteFlags, isDelete = false): number {
  return flags.waitForSync ? (isDelete ? 200 : 201) : 202;
}

/** The `_key` a multi-document item names: its `_key`, or the key part of its `_id`; 1205 otherwise. */
export function itemKey(item: unknown): string {
  if (typeof item === "string") return item.includes("/") ? item.slice(item.indexOf("/") + 1) : item;
  if (typeof item === "object" && item !== null && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    if (typeof o["_key"] === "string") return o["_key"];
    const id = o["_id"];
    if (typeof id === "string" && id.includes("/")) return id.slice(id.indexOf("/") + 1);
  }
  throw new LocalError(400, 1205, "illegal document identifier");
}
