/** Test helpers: a real local fabric on an ephemeral port and a tiny fetch-based client for it. */
import { startLocalFabric, type LocalFabric, type LocalFabricOptions } from "../../src/local/index.js";

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body was empty. */
  body: any;
  text: string;
}

export interface CallInit {
  body?: unknown;
  /** Raw body text (sent as is, e.g. malformed JSON). */
  raw?: string;
  headers?: Record<string, string>;
  /** Overrides the client's default Authorization header (null: send none). */
  auth?: string | null;
}

export class Client {
  constructor(
    readonly url: string,
    public authorization: string | undefined,
  ) {}

  async call(method: string, path: string, init: CallInit = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers };
    const auth = init.auth === undefined ? this.authorization : init.auth;
    if (auth !== null && auth !== undefined) headers["authorization"] = auth;
    let body: string | undefined;
    if (init.raw !== undefined) body = init.raw;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const res = await fetch(this.url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  get(path: string, init?: CallInit) {
    return this.call("GET", path, init);
  }
  post(path: string, body?: unknown, init: CallInit = {}) {
    return this.call("POST", path, { ...init, body });
  }
  put(path: string, body?: unknown, init: CallInit = {}) {
    return this.call("PUT", path, { ...init, body });
  }
  patch(path: string, body?: unknown, init: CallInit = {}) {
    return this.call("PATCH", path, { ...init, body });
  }
  del(path: string, init?: CallInit) {
    return this.call("DELETE", path, init);
  }
}

/** Logs in with `{tenant, username, password}` and answers a client carrying `bearer <jwt>`. */
export async function login(url: string, tenant: string, username: string, password: string): Promise<Client> {
  const c = new Client(url, undefined);
  const res = await c.post("/_open/auth", { tenant, username, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  c.authorization = `bearer ${res.body.jwt}`;
  return c;
}

export interface Started {
  fabric: LocalFabric;
  client: Client;
}

/** Starts a fabric (default user mytenant/root/passwd) and logs the default user in. */
export async function start(opts: LocalFabricOptions = {}): Promise<Started> {
  const fabric = await startLocalFabric(opts);
  const u = opts.users?.[0] ?? { tenant: "mytenant", username: "root", password: "passwd" };
  const client = await login(fabric.url, u.tenant, u.username, u.password);
  return { fabric, client };
}

/** The error-body shape every failure answers. */
export function expectError(res: Answer, status: number, errorNum: number): void {
  if (res.status !== status || res.body?.errorNum !== errorNum || res.body?.error !== true || res.body?.code !== status) {
    throw new Error(`expected ${status}/${errorNum}, got ${res.status}: ${res.text}`);
  }
  if (typeof res.body.errorMessage !== "string") throw new Error(`no errorMessage: ${res.text}`);
}

/** Polls `GET /job/{id}` until done (200). */
export async function waitDone(client: Client, fabric: string, id: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`/_fabric/${fabric}/_api/job/${id}`);
    if (res.status === 200) return;
    if (res.status !== 204) throw new Error(`job ${id}: ${res.status} ${res.text}`);
    if (Date.now() > until) throw new Error(`job ${id} still pending`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
