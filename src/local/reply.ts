/**
 * What a handler answers, in the compact form the job queue also stores: a status, a short flat header list and
 * the serialized body. The server adds `content-type`/`content-length` when it writes a reply, so a stored job
 * result costs little beyond its body bytes.
 */
import { isLocalError, LocalError } from "./errors.js";

export interface Reply {
  readonly status: number;
  /** Flat `[name, value, name, value, …]` list with lower-case names; content headers are added on send. */
  readonly headers?: readonly string[] | undefined;
  /** JSON bytes; absent for body-less answers (202 job accepted, 204, HEAD, …). */
  readonly body?: Buffer | undefined;
}

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** A JSON answer. */
export function jsonReply(status: number, value: unknown, headers?: readonly string[]): Reply {
  return { status, headers, body: Buffer.from(JSON.stringify(value)) };
}

/** An answer without a body. */
export function emptyReply(status: number, headers?: readonly string[]): Reply {
  return { status, headers };
}

/** The C8 error body `{error: true, code, errorNum, errorMessage, …extra}`. */
export function errorReply(
  code: number,
  errorNum: number,
  errorMessage: string,
  extra?: Record<string, unknown>,
  headers?: readonly string[],
): Reply {
  return jsonReply(code, { error: true, code, errorNum, errorMessage, ...extra }, headers);
}

/** Turns anything thrown by a handler into an answer; unexpected errors become 500 / errorNum 4. */
export function replyFromError(e: unknown): Reply {
  if (isLocalError(e)) {
    // 304 (If-None-Match hit) is not an error body in C8: it has no body at all.
    if (e.code === 304) return emptyReply(304);
    return errorReply(e.code, e.errorNum, e.message, e.extra);
  }
  const message = e instanceof Error ? e.message : String(e);
  return errorReply(500, 4, `internal error: ${message}`);
}

/** Shorthand for the thrown form. */
export function fail(code: number, errorNum: number, message: string, extra?: Record<string, unknown>): never {
  throw new LocalError(code, errorNum, message, extra);
}
