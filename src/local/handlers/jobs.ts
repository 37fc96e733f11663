/**
 * Tag Jobs: the results of `x-c8-async` requests (PROTOCOL.md "Async jobs"). Jobs belong to the caller
 * (tenant + user), not to the fabric in the URL (which the server has checked exists). These calls never run as
 * jobs themselves.
 */
import type { Handler, HandlerContext } from "../context.js";
import { LocalError } from "../errors.js";
import { emptyReply, errorReply, jsonReply } from "../reply.js";
import { param } from "./common.js";

const JOB_ID = /^[1-9][0-9]*$/;
const DEFAULT_COUNT = 100;

const acknowledged = () => jsonReply(200, { result: true });
const notFound = (id: string) => errorReply(404, 404, `job ${id} not found`);

/** The job id of the path; ids start with 1–9, so `done`/`pending`/other words are never ids. */
function jobId(ctx: HandlerContext): string | undefined {
  const id = param(ctx, "id");
  return JOB_ID.test(id) ? id : undefined;
}

function countOf(ctx: HandlerContext): number {
  const v = ctx.query.get("count");
  if (v === undefined) return DEFAULT_COUNT;
  if (!/^[0-9]{1,9}$/.test(v)) throw new LocalError(400, 400, "bad parameter: 'count' must be a non-negative integer");
  return Number(v);
}

export const getJobStatus: Handler = (ctx) => {
  const id = jobId(ctx);
  if (id === undefined) {
    return errorReply(400, 400, `bad parameter: expecting a job id, 'done' or 'pending', got '${param(ctx, "id")}'`);
  }
  const status = ctx.state.jobs.status(ctx.principal.key, id);
  if (status === undefined) return notFound(id);
  return emptyReply(status === "done" ? 200 : 204);
};

export const getJobResult: Handler = (ctx) => {
  const id = jobId(ctx);
  if (id === undefined) return notFound(param(ctx, "id"));
  const stored = ctx.state.jobs.take(ctx.principal.key, id);
  if (stored === undefined) return notFound(id);
  if (stored === "pending") return emptyReply(204);
  // The id header is how a client tells the stored answer from this call's own 204/404.
  return { status: stored.status, headers: [...(stored.headers ?? []), "x-c8-async-id", id], body: stored.body };
};

export const cancelJob: Handler = (ctx) => {
  const id = jobId(ctx);
  if (id === undefined || !ctx.state.jobs.cancel(ctx.principal.key, id)) return notFound(param(ctx, "id"));
  return acknowledged();
};

export const deleteJob: Handler = (ctx) => {
  const id = jobId(ctx);
  if (id === undefined || !ctx.state.jobs.remove(ctx.principal.key, id)) return notFound(param(ctx, "id"));
  return acknowledged();
};

export const listDoneJobs: Handler = (ctx) => jsonReply(200, ctx.state.jobs.list(ctx.principal.key, "done", countOf(ctx)));

export const listPendingJobs: Handler = (ctx) =>
  jsonReply(200, ctx.state.jobs.list(ctx.principal.key, "pending", countOf(ctx)));

export const deleteAllJobs: Handler = (ctx) => {
  ctx.state.jobs.clear(ctx.principal.key);
  return acknowledged();
};

export const deleteExpiredJobs: Handler = (ctx) => {
  const raw = ctx.query.get("stamp");
  const stamp = raw === undefined || raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isFinite(stamp)) throw new LocalError(400, 400, "bad parameter: 'stamp' (Unix seconds) is required");
  ctx.state.jobs.clearExpired(ctx.principal.key, stamp * 1000);
  return acknowledged();
};
