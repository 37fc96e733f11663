/** Tags Auth and Users: `POST /_open/auth`, `GET /_api/user`. */
import type { Handler } from "../context.js";
import { errorReply, jsonReply } from "../reply.js";
import { bodyObject, ok } from "./common.js";

export const authenticate: Handler = async (ctx) => {
  const answer = await ctx.state.auth.login(bodyObject(ctx));
  return answer === undefined ? errorReply(401, 11, "forbidden") : jsonReply(200, answer);
};

export const listUsers: Handler = (ctx) =>
  jsonReply(200, ok(200, { result: ctx.state.auth.listUsers(ctx.principal.tenant) }));
