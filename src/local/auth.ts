/**
 * Users and credentials: `POST /_open/auth` (JWT, HS256, `tenant` claim, 12 h, signed with a per-process random
 * secret through jose), and the three `Authorization` schemes C8 accepts:
 * - `bearer <jwt>` (any case of the scheme word),
 * - `apikey <tenant>.<keyid>.<secret>` — every user gets one key at startup (`LocalUser.apiKey`, or generated as
 *   `<tenant>.<username>key.<32 hex>`; tenants may contain dots, so a key is matched as a whole),
 * - HTTP Basic `tenant.username:password` (also `email:password`).
 * Verifying a JWT is async and costs CPU, so verified (and self-issued) tokens are cached; the hot path is one
 * `Map` lookup.
 */
import { randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { LocalError } from "./errors.js";

/** A user of a local fabric: its tenant gets its own fabrics (starting with `_system`). */
export interface LocalUser {
  /** The tenant (may contain dots, e.g. `demo_macrometa.com`). */
  tenant: string;
  /** The user name within the tenant. */
  username: string;
  /** The password for `POST /_open/auth` and HTTP Basic. */
  password: string;
  /** The e-mail for `POST /_open/auth` `{email, password}`; default `<username>@<tenant>`. */
  email?: string;
  /** Full API key `<tenant>.<keyid>.<secret>`; generated when absent. */
  apiKey?: string;
}

/** Who a request runs as. Frozen and shared: the job queue keys ownership on `key`. */
export interface Principal {
  readonly tenant: string;
  readonly username: string;
  /** `tenant \0 username`: the owner key of jobs. */
  readonly key: string;
}

interface UserRecord {
  readonly tenant: string;
  readonly username: string;
  readonly password: string;
  readonly email: string;
  readonly apiKey: string;
  readonly principal: Principal;
}

const JWT_TTL_S = 12 * 3600;
const TOKEN_CACHE_MAX = 10_000;

export class Auth {
  private readonly secret = new Uint8Array(randomBytes(32));
  private readonly users = new Map<string, UserRecord>(); // tenant \0 username
  private readonly byEmail = new Map<string, UserRecord>();
  private readonly byApiKey = new Map<string, UserRecord>();
  /** token → principal and expiry (ms); insertion-ordered so the oldest entry goes first when full. */
  private readonly tokens = new Map<string, { principal: Principal; exp: number }>();
  /** Users created with `active: false` (they cannot log in). */
  private readonly inactive = new Set<string>();

  constructor(users: readonly LocalUser[]) {
    for (const u of users) {
      if (!u.tenant || !u.username) throw new Error("local fabric: a user needs a tenant and a username");
      const key = `${u.tenant}\0${u.username}`;
      if (this.users.has(key)) throw new Error(`local fabric: duplicate user ${u.tenant}/${u.username}`);
      const email = u.email ?? `${u.username}@${u.tenant}`;
      if (this.byEmail.has(email)) throw new Error(`local fabric: duplicate e-mail ${email}`);
      const apiKey = u.apiKey ?? `${u.tenant}.${u.username}key.${randomBytes(16).toString("hex")}`;
      if (!apiKey.startsWith(`${u.tenant}.`)) throw new Error(`local fabric: API key of ${u.username} must start with '${u.tenant}.'`);
      const rec: UserRecord = {
        tenant: u.tenant,
        username: u.username,
        password: u.password,
        email,
        apiKey,
        principal: Object.freeze({ tenant: u.tenant, username: u.username, key }),
      };
      this.users.set(key, rec);
      this.byEmail.set(email, rec);
      this.byApiKey.set(apiKey, rec);
    }
  }

  /** Tenants that have at least one user (each gets its own world at startup). */
  tenants(): string[] {
    return [...new Set([...this.users.values()].map((u) => u.tenant))];
  }

  /** The users as configured, with their API keys (for tests and the CLI banner). */
  describeUsers(): Array<{ tenant: string; username: string; email: string; apiKey: string }> {
    return [...this.users.values()].map((u) => ({ tenant: u.tenant, username: u.username, email: u.email, apiKey: u.apiKey }));
  }

  /** The recorded `GET /_api/user` items of one tenant. */
  listUsers(tenant: string): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = [];
    for (const u of this.users.values()) {
      if (u.tenant === tenant) {
        out.push({ tenant: u.tenant, email: u.email, active: !this.inactive.has(u.principal.key), extra: {}, user: u.username, displayName: u.username });
      }
    }
    return out;
  }

  /**
   * `POST /_api/user`: a new user of `tenant` (a made-up 22-character user name unless `username` is given);
   * 409/1702 when the e-mail or name is taken. It logs in, and owns its jobs, like a configured user.
   */
  addUser(tenant: string, u: { email: string; password: string; username?: string | undefined; active?: boolean | undefined }): Record<string, unknown> {
    const username = u.username ?? randomBytes(16).toString("base64url").slice(0, 22);
    const key = `${tenant}\0${username}`;
    if (!/^[A-Za-z0-9_@.+-]{1,64}$/.test(username)) throw new LocalError(400, 10, "bad parameter: invalid user name");
    if (this.users.has(key) || this.byEmail.has(u.email)) throw new LocalError(409, 1702, "duplicate user");
    const rec: UserRecord = {
      tenant,
      username,
      password: u.password,
      email: u.email,
      apiKey: `${tenant}.${username}key.${randomBytes(16).toString("hex")}`,
      principal: Object.freeze({ tenant, username, key }),
    };
    this.users.set(key, rec);
    this.byEmail.set(rec.email, rec);
    this.byApiKey.set(rec.apiKey, rec);
    if (u.active === false) this.inactive.add(key);
    return { active: u.active !== false, displayName: username, email: rec.email, extra: {}, tenant, user: username };
  }

  /** `DELETE /_api/user/{user}`: 404/1703 when unknown; the user's tokens stop working at once. */
  removeUser(tenant: string, username: string): void {
    const key = `${tenant}\0${username}`;
    const rec = this.users.get(key);
    if (rec === undefined) throw new LocalError(404, 1703, "user not found");
    this.users.delete(key);
    this.byEmail.delete(rec.email);
    this.byApiKey.delete(rec.apiKey);
    this.inactive.delete(key);
    for (const [token, hit] of this.tokens) if (hit.principal === rec.principal) this.tokens.delete(token);
  }

  /** `POST /_open/auth`: `{email, password}` or `{tenant, username, password}`; undefined on bad credentials. */
  async login(body: Record<string, unknown>): Promise<{ jwt: string; tenant: string; username: string } | undefined> {
    const rec = this.findByCredentials(body);
    if (rec === undefined) return undefined;
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ tenant: rec.tenant, username: rec.username, preferred_username: rec.username })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer("c8-local-fabric")
      .setIssuedAt(now)
      .setExpirationTime(now + JWT_TTL_S)
      .sign(this.secret);
    this.remember(jwt, rec.principal, (now + JWT_TTL_S) * 1000);
    return { jwt, tenant: rec.tenant, username: rec.username };
  }

  /**
   * The principal of an `Authorization` header, or undefined. Synchronous for everything but the first sight of
   * a JWT this process did not hand out in its lifetime (which still must carry our signature).
   */
  authenticate(header: string | undefined): Principal | undefined | Promise<Principal | undefined> {
    if (header === undefined) return undefined;
    const sp = header.indexOf(" ");
    if (sp <= 0) return undefined;
    const scheme = header.slice(0, sp).toLowerCase();
    const cred = header.slice(sp + 1).trim();
    if (scheme === "bearer") return this.fromJwt(cred);
    if (scheme === "apikey") return this.byApiKey.get(cred)?.principal;
    if (scheme === "basic") return this.fromBasic(cred);
    return undefined;
  }

  private fromJwt(token: string): Principal | undefined | Promise<Principal | undefined> {
    const hit = this.tokens.get(token);
    if (hit !== undefined) {
      if (hit.exp > Date.now()) return hit.principal;
      this.tokens.delete(token);
      return undefined;
    }
    return this.verify(token);
  }

  private async verify(token: string): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { algorithms: ["HS256"] });
      const tenant = payload["tenant"];
      const username = payload["username"] ?? payload["preferred_username"];
      if (typeof tenant !== "string" || typeof username !== "string" || typeof payload.exp !== "number") return undefined;
      const rec = this.users.get(`${tenant}\0${username}`);
      if (rec === undefined) return undefined;
      this.remember(token, rec.principal, payload.exp * 1000);
      return rec.principal;
    } catch {
      return undefined;
    }
  }

  private remember(token: string, principal: Principal, exp: number): void {
    if (this.tokens.size >= TOKEN_CACHE_MAX) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    this.tokens.set(token, { principal, exp });
  }

  private fromBasic(cred: string): Principal | undefined {
    let decoded: string;
    try {
      decoded = Buffer.from(cred, "base64").toString("utf8");
    } catch {
      return undefined;
    }
    const colon = decoded.indexOf(":");
    if (colon <= 0) return undefined;
    const who = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    let rec = this.byEmail.get(who);
    if (rec === undefined) {
      // `tenant.username`: tenants may contain dots (e.g. `demo_macrometa.com`), user names do not.
      const dot = who.lastIndexOf(".");
      if (dot > 0) rec = this.users.get(`${who.slice(0, dot)}\0${who.slice(dot + 1)}`);
    }
    return rec !== undefined && rec.password === password ? rec.principal : undefined;
  }

  private findByCredentials(body: Record<string, unknown>): UserRecord | undefined {
    const { email, tenant, username, password } = body;
    if (typeof password !== "string") return undefined;
    let rec: UserRecord | undefined;
    if (typeof email === "string") rec = this.byEmail.get(email);
    else if (typeof tenant === "string" && typeof username === "string") rec = this.users.get(`${tenant}\0${username}`);
    return rec !== undefined && rec.password === password && !this.inactive.has(rec.principal.key) ? rec : undefined;
  }
}
