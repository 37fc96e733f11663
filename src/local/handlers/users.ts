/** Tag Users, tenant users: `POST /_api/user` (recorded 201 shape), `DELETE /_api/user/{user}` (recorded 202). */
import type { Handler } from "../context.js";
import { jsonReply } from "../reply.js";
import { bodyObject, ok, param } from "./common.js";

const optionalString = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

export const createUser: Handler = (ctx) => {
  const body = bodyObject(ctx);
  const user = ctx.state.auth.addUser(ctx.principal.tenant, {
    email: String(body["email"]),
    password: String(body["passwd"]),
    username: optionalString(body["user"]),
    active: typeof body["active"] === "boolean" ? body["active"] : undefined,
  });
  return jsonReply(201, { ...user, error: false, code: 201 });
};

export const deleteUser: Handler = (ctx) => {
  ctx.state.auth.removeUser(ctx.principal.tenant, param(ctx, "user"));
  return jsonReply(202, ok(202, {}));
};
