/** Default answer handling per operation, driven by the table's `success`, `error` and `result` fields. */
import { Cursor, type CursorBody } from "./cursor.js";
import { operationInfo, type OperationId } from "./operation.js";
import { ensureSuccess, errorNumOf, type Handler, type Reply } from "./reply.js";
import type { Session } from "./session.js";

/** The value of a successful answer, shaped as the table's `result` says. */
export function shape(session: Session, id: OperationId, reply: Reply): unknown {
  const body = reply.body as Record<string, unknown> | undefined;
  switch (operationInfo(id).result) {
    case "body":
      return body;
    case "result":
      return body?.["result"];
    case "count":
      return body?.["count"];
    case "cursor":
      return new Cursor(session, body as unknown as CursorBody);
    case "none":
      return undefined;
    case "raw":
      return reply;
  }
}

/**
 * The operation's handler: throw its error class unless the answer is a success, else shape the
 * value and pass it through `map` (which types it for the caller).
 */
export function handler<T>(session: Session, id: OperationId, map: (value: unknown, reply: Reply) => T = (v) => v as T): Handler<T> {
  const info = operationInfo(id);
  return (reply) => {
    ensureSuccess(info, reply);
    return map(shape(session, id, reply), reply);
  };
}

/** Wraps a handler so that an error answer with `errorNum` (e.g. 1202 document not found) yields `value` instead. */
export function unless<T, M>(errorNum: number, value: M, inner: Handler<T>): Handler<T | M> {
  return (reply) => (errorNumOf(reply) === errorNum ? value : inner(reply));
}
