/**
 * `POST /_api/cursor/sql`, the subset the recordings show: `SELECT * FROM <collection>` (plus an optional
 * `LIMIT n`), run as the C8QL query it means and answered as a C8QL cursor. Anything else is 400/1501.
 */
import type { Handler } from "../context.js";
import { LocalError } from "../errors.js";
import { bodyObject } from "./common.js";
import { createCursor } from "./query.js";

const SELECT_ALL = /^\s*select\s+\*\s+from\s+([A-Za-z_][A-Za-z0-9_-]{0,255})(?:\s+limit\s+([0-9]{1,9}))?\s*;?\s*$/i;

export const createSqlCursor: Handler = (ctx) => {
  const body = bodyObject(ctx);
  const m = SELECT_ALL.exec(String(body["query"]));
  if (m === null) throw new LocalError(400, 1501, "SQL: only 'SELECT * FROM <collection> [LIMIT n]' is supported by the local fabric");
  const query = `FOR d IN @@collection${m[2] !== undefined ? ` LIMIT ${m[2]}` : ""} RETURN d`;
  const { bindVars: _ignored, ...rest } = body;
  return createCursor({ ...ctx, body: { ...rest, query, bindVars: { "@collection": m[1] } } });
};
