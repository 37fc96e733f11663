/** A server answer as the SDK sees it, and the per-operation success check and error mapping. */
import { errorClass, type C8Error } from "./errors.js";
import type { OperationInfo } from "./operation.js";

/** One HTTP answer: status, parsed body (JSON, text, or `undefined` when empty), headers, and what was asked. */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
  readonly method: string;
  readonly url: string;
}

/** Turns an operation's answer into its value, or throws the operation's error class. */
export type Handler<T> = (reply: Reply) => T;

/** The server's error body: `{ error: true, code, errorNum, errorMessage }`. */
export interface ErrorBody {
  error: true;
  code?: number;
  errorNum: number;
  errorMessage: string;
}

/** Whether a body is the server's error body (multi-document answers are arrays, never error bodies). */
export function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === "object" && body !== null && (body as { error?: unknown }).error === true && typeof (body as { errorNum?: unknown }).errorNum === "number";
}

/** A success is one of the table's success statuses with no error body. */
export function succeeded(info: OperationInfo, reply: Reply): boolean {
  return info.success.includes(reply.status) && !isErrorBody(reply.body);
}

/** The `errorNum` of an answer, if its body carried one. */
export function errorNumOf(reply: Reply): number | undefined {
  return isErrorBody(reply.body) ? reply.body.errorNum : undefined;
}

/**
 * Builds the error of class `name` for an answer. `text` replaces the server's message where the
 * SDK knows better (pyC8's `job {id} not found`).
 */
export function errorFrom(name: string, reply: Reply, text?: string): C8Error {
  const body = reply.body;
  const errorMessage =
    text ??
    (isErrorBody(body)
      ? body.errorMessage
      : typeof body === "string" && body.trim()
        ? body.trim().slice(0, 500)
        : `unexpected HTTP status ${reply.status}`);
  return new (errorClass(name))({
    httpCode: reply.status,
    errorCode: errorNumOf(reply),
    errorMessage,
    method: reply.method,
    url: reply.url,
    body,
    headers: reply.headers,
  });
}

/** Throws the operation's own error class unless the answer is one of its successes. */
export function ensureSuccess(info: OperationInfo, reply: Reply): void {
  if (!succeeded(info, reply)) throw errorFrom(info.error, reply);
}
