/** Users of the caller's tenant: list, create, delete. Always synchronous (C8 does not queue them as jobs). */
import type { components } from "../generated/v1/schema.js";
import { checkCallOptions, type CallOptions } from "./deadline.js";
import { handler } from "./handlers.js";
import { call, type Session } from "./session.js";

/** A user of the tenant as C8 lists it; `user` is the user name. */
export type UserInfo = components["schemas"]["User"];

/** A new user of the tenant. */
export interface NewUser {
  /** The e-mail the user logs in with. */
  email: string;
  /** The password. */
  password: string;
  /** The user name; C8 makes one up when absent. */
  user?: string;
  /** Whether the user may log in (default true). */
  active?: boolean;
}

export function listUsers(session: Session, opts?: CallOptions): Promise<UserInfo[]> {
  checkCallOptions(opts);
  return session.execute(call("listUsers", {}, handler<UserInfo[]>(session, "listUsers")), opts);
}

export function createUser(session: Session, user: NewUser, opts?: CallOptions): Promise<UserInfo> {
  checkCallOptions(opts);
  if (typeof user !== "object" || user === null) throw new TypeError("user must be an object");
  const { email, password, user: name, active } = user;
  if (typeof email !== "string" || email === "") throw new TypeError("email must be a non-empty string");
  if (typeof password !== "string") throw new TypeError("password must be a string");
  if (name !== undefined && (typeof name !== "string" || name === "")) throw new TypeError("user must be a non-empty string");
  if (active !== undefined && typeof active !== "boolean") throw new TypeError("active must be a boolean");
  const body = { email, passwd: password, user: name, active };
  const handle = handler(session, "createUser", (created) => {
    const { error: _e, code: _c, ...info } = created as UserInfo & { error?: boolean; code?: number };
    return info as UserInfo;
  });
  return session.execute(call("createUser", { body }, handle), opts);
}

export function deleteUser(session: Session, name: string, opts?: CallOptions): Promise<true> {
  checkCallOptions(opts);
  if (typeof name !== "string" || name === "") throw new TypeError("user name must be a non-empty string");
  const params = { path: { user: name } };
  return session.execute(call("deleteUser", { params }, handler(session, "deleteUser", () => true as const)), opts);
}
