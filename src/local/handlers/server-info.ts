/** Tag Server: the version answer, asked directly (`/_api/version`) or through a fabric (`/_fabric/{fabric}/_api/version`). */
import type { Handler } from "../context.js";
import { jsonReply } from "../reply.js";
import { fabricOf } from "./common.js";

/** Name and license as the published GDN API reports them; the version is that of the API this fabric mirrors. */
const VERSION = { server: "C8DB", version: "0.17.17", license: "Macrometa" } as const;

function version(details: boolean): Record<string, unknown> {
  if (!details) return { ...VERSION };
  return { ...VERSION, details: { mode: "server", role: "SINGLE", "server-version": VERSION.version } };
}

export const getVersion: Handler = (ctx) => jsonReply(200, version(ctx.query.bool("details") ?? false));

export const getFabricVersion: Handler = (ctx) => {
  fabricOf(ctx);
  return jsonReply(200, version(ctx.query.bool("details") ?? false));
};
