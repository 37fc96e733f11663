/**
 * Tag Query: C8QL cursors. The whole result is computed by the C8QL engine, the first batch is answered, and the
 * rest waits in the cursor registry until read, deleted, or idle for `ttl` seconds.
 */
import { runQuery } from "../c8ql/index.js";
import type { Handler, HandlerContext } from "../context.js";
import type { CursorState } from "../cursors.js";
import { LocalError } from "../errors.js";
import { jsonReply } from "../reply.js";
import { bodyObject, fabricOf, param } from "./common.js";

const DEFAULT_BATCH = 100;
const MAX_BATCH = 1000;
const DEFAULT_TTL_S = 30;

function truthy(v: unknown): boolean {
  return v === true || (typeof v === "number" && v > 0);
}

function batchSizeOf(v: unknown): number {
  if (v === undefined || v === null) return DEFAULT_BATCH;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new LocalError(400, 10, "bad parameter: expecting a positive integer for 'batchSize'");
  }
  return Math.min(v, MAX_BATCH);
}

function ttlMsOf(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v * 1000 : DEFAULT_TTL_S * 1000;
}

function cursorBody(
  batch: unknown[],
  hasMore: boolean,
  id: string | undefined,
  count: number | undefined,
  extra: Record<string, unknown>,
  code: number,
): Record<string, unknown> {
  const body: Record<string, unknown> = { result: batch, hasMore };
  if (hasMore && id !== undefined) body["id"] = id;
  if (count !== undefined) body["count"] = count;
  body["extra"] = extra;
  body["cached"] = false;
  body["error"] = false;
  body["code"] = code;
  return body;
}

export const createCursor: Handler = async (ctx) => {
  const fabric = fabricOf(ctx);
  const body = bodyObject(ctx);
  const options = (typeof body["options"] === "object" && body["options"] !== null ? body["options"] : {}) as Record<string, unknown>;
  // pyC8 repeats the options at the top level of the body; either place counts.
  const fullCount = truthy(options["fullCount"]) || truthy(body["fullCount"]);
  const profile = truthy(options["profile"]) || truthy(body["profile"]);
  const batchSize = batchSizeOf(body["batchSize"]);
  const ttlMs = ttlMsOf(body["ttl"]);
  const bindVars = body["bindVars"] as Record<string, unknown> | undefined;

  const t0 = performance.now();
  const run = await runQuery(String(body["query"]), { bindVars, db: fabric.db, signal: ctx.signal, fullCount });
  const t1 = performance.now();

  const stats: Record<string, unknown> = { ...run.stats };
  if (!fullCount) delete stats["fullCount"];
  const extra: Record<string, unknown> = { stats, warnings: run.warnings };
  const result = run.result;
  const first = result.length > batchSize ? result.slice(0, batchSize) : result;
  const hasMore = result.length > batchSize;
  if (profile) {
    const executing = (t1 - t0) / 1000;
    extra["profile"] = {
      initializing: 0,
      parsing: 0,
      "optimizing ast": 0,
      "loading collections": 0,
      "instantiating plan": 0,
      "optimizing plan": 0,
      executing,
      finalizing: (performance.now() - t1) / 1000,
    };
  }
  const count = body["count"] === true ? result.length : undefined;
  let id: string | undefined;
  if (hasMore) {
    id = ctx.state.cursors.create({ fabric, batchSize, ttlMs, count, extra, result, position: batchSize }).id;
  }
  return jsonReply(201, cursorBody(first, hasMore, id, count, extra, 201));
};

function openCursor(ctx: HandlerContext, malformedStatus: 400 | 404): CursorState {
  const id = param(ctx, "id");
  if (!/^[0-9]+$/.test(id)) {
    if (malformedStatus === 400) throw new LocalError(400, 400, "invalid cursor ID");
    throw cursorNotFound();
  }
  const c = ctx.state.cursors.get(fabricOf(ctx), id);
  if (c === undefined) throw cursorNotFound();
  return c;
}

function cursorNotFound(): LocalError {
  return new LocalError(404, 1600, "cursor not found");
}

export const readCursorBatch: Handler = (ctx) => {
  const c = openCursor(ctx, 400);
  const { batch, hasMore } = ctx.state.cursors.next(c);
  return jsonReply(200, cursorBody(batch, hasMore, c.id, c.count, c.extra, 200));
};

/** ArangoDB's newer form of the same call. */
export const readCursorBatchPost: Handler = readCursorBatch;

export const deleteCursor: Handler = (ctx) => {
  const c = openCursor(ctx, 404);
  ctx.state.cursors.delete(c);
  return jsonReply(202, { id: c.id, error: false, code: 202 });
};
