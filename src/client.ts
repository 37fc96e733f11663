/** The entry point: `new C8Client({ url })` then `client.fabric({ … })`. */
import type { Client } from "openapi-fetch";
import type { paths } from "../generated/v1/schema.js";
import { Auth, type Credentials } from "./auth.js";
import { executor } from "./context.js";
import { checkCallOptions } from "./deadline.js";
import { Fabric } from "./fabric.js";
import { handler } from "./handlers.js";
import { call, Session, type SessionOptions } from "./session.js";
import { createTransport, type FetchLike } from "./transport.js";
import { checkName } from "./validate.js";

export type { FetchLike } from "./transport.js";

/** Where the server is, and how to talk to it. */
export interface C8ClientOptions {
  /** Base URL, e.g. `https://api-eu.macrometa.io` or a local fabric's `url`. Instead of `protocol`/`host`/`port`. */
  url?: string;
  /** `"https"` (default) or `"http"`. */
  protocol?: "http" | "https";
  /** Host name, e.g. `"api-eu.macrometa.io"`. */
  host?: string;
  /** Port (default 443 for https, 80 for http). */
  port?: number;
  /** The transport (default `globalThis.fetch`): pass undici's `fetch`, a counting wrapper, a test double, … */
  fetch?: FetchLike;
  /** Merged into every request's init, e.g. `{ dispatcher: new undici.Agent({ connections: 128 }) }` on Node. */
  requestInitExt?: Record<string, unknown>;
  /** Default time limit per request in milliseconds (none by default); every method also takes its own `timeoutMs`. */
  timeoutMs?: number;
  /** How often a 503 "queue is full" answer (errorNum 21003, the request never ran) is retried with backoff (default 5). */
  queueFullRetries?: number;
}

/** Which fabric to open, as whom. */
export type FabricOptions = Credentials & {
  /** The fabric's name (default `"_system"`). */
  name?: string;
};

/**
 * A C8 Data Fabric server.
 * @example
 * const client = new C8Client({ protocol: "https", host: "api-eu.macrometa.io", port: 443 });
 * const fabric = client.fabric({ tenant: "mytenant", name: "test", username: "root", password: "passwd" });
 */
export class C8Client {
  /** The server's base URL. */
  readonly url: string;
  readonly #http: Client<paths>;
  readonly #defaults: SessionOptions;
  readonly #auths = new Map<string, Auth>();

  /** Describes the server; nothing is sent until the first call. */
  constructor(opts: C8ClientOptions) {
    this.url = baseUrlOf(opts);
    checkCallOptions({ timeoutMs: opts.timeoutMs });
    if (opts.fetch !== undefined && typeof opts.fetch !== "function") throw new TypeError("fetch must be a function");
    const { timeoutMs, queueFullRetries = 5 } = opts;
    if (!(Number.isInteger(queueFullRetries) && queueFullRetries >= 0)) throw new TypeError("queueFullRetries must be an integer ≥ 0");
    this.#defaults = { timeoutMs, queueFullRetries };
    this.#http = createTransport(this.url, opts.fetch, opts.requestInitExt);
  }

  /**
   * A fabric in the default context, authenticated with `{ tenant, username, password }`,
   * `{ email, password }`, `{ apiKey }` or `{ token }`. Returns at once; the JWT is fetched with
   * the first request and fetched again once when the server answers 401.
   */
  fabric(opts: FabricOptions): Fabric {
    const name = checkName("fabric", opts.name ?? "_system");
    return new Fabric(executor(this.#session(name, this.#authFor(opts)), "default"));
  }

  // Fabrics opened with the same credentials share one Auth, so one JWT (and one login at a time).
  #authFor(opts: FabricOptions): Auth {
    const login = loginBody(opts);
    const key = login ? JSON.stringify(login) : fixedHeader(opts);
    let auth = this.#auths.get(key);
    if (!auth) this.#auths.set(key, (auth = login ? new Auth(undefined, () => this.#login(login)) : new Auth(key, undefined)));
    return auth;
  }

  #login(body: LoginBody): Promise<string> {
    // `authenticate` is open (no fabric, no Authorization header); a session only lends it limits and error mapping.
    const session = this.#session("_system", new Auth("", undefined));
    const handle = handler(session, "authenticate", (answer) => {
      const jwt = (answer as { jwt?: unknown } | undefined)?.jwt;
      if (typeof jwt !== "string" || jwt === "") throw new TypeError("the server's auth answer carries no jwt");
      return jwt;
    });
    return session.execute(call("authenticate", { body }, handle));
  }

  #session(fabric: string, auth: Auth): Session {
    return new Session(this.#http, this.url, fabric, auth, this.#defaults);
  }
}

type LoginBody = { email: string; password: string } | { tenant: string; username: string; password: string };

function baseUrlOf({ url, protocol = "https", host, port = protocol === "http" ? 80 : 443 }: C8ClientOptions): string {
  url ??= host ? `${protocol}://${host}:${port}` : undefined;
  if (typeof url !== "string" || !/^https?:\/\//.test(url) || !URL.canParse(url) || !(Number.isInteger(port) && port > 0))
    throw new TypeError(`bad server address ${JSON.stringify(url)}: give { url } or { protocol, host, port }`);
  return url.replace(/\/+$/, "");
}

function loginBody(opts: FabricOptions): LoginBody | undefined {
  const o = opts as Partial<Record<"email" | "tenant" | "username" | "password" | "apiKey" | "token", unknown>>;
  if (o.apiKey !== undefined || o.token !== undefined) return undefined;
  const { email, tenant, username, password } = o;
  if (typeof password === "string") {
    if (typeof email === "string") return { email, password };
    if (typeof tenant === "string" && typeof username === "string") return { tenant, username, password };
  }
  throw new TypeError("credentials: give { tenant, username, password }, { email, password }, { apiKey } or { token }");
}

function fixedHeader(opts: FabricOptions): string {
  const { apiKey, token } = opts as Partial<Record<"apiKey" | "token", unknown>>;
  if (typeof apiKey === "string" && apiKey) return `apikey ${apiKey}`;
  if (typeof token === "string" && token) return `bearer ${token}`;
  throw new TypeError("credentials: apiKey and token must be non-empty strings");
}
