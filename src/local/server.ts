/**
 * The local fabric's HTTP server (`node:http`).
 *
 * Intake order, per PROTOCOL.md: route (only to learn whether the operation is open) → authenticate (401/11) →
 * the fabric in the URL exists (404/1228, also for unknown paths and job endpoints) → unknown path 404/404,
 * wrong method 405/405 → body size (413) → `x-c8-async` (`store`: queue and answer 202 + `x-c8-async-id`;
 * `true`: queue, 202, result dropped; else run now). A queued job and a synchronous request both run
 * {@link LocalFabricServer.execute}: parse the JSON body (400/600), check it against the generated zod schema
 * (400/10), call the operation's handler, and turn any error into C8's error body. Nothing on the hot path
 * validates responses or rebuilds route tables.
 *
 * Two path aliases C8 accepts are folded into the spec's paths before routing: the `/_tenant/{tenant}` prefix and
 * fabric paths without `_api` (`/_fabric/{fabric}/collection` → `/_fabric/{fabric}/_api/collection`).
 *
 * Browsers on another origin are answered as C8 does: a CORS preflight (`OPTIONS` with
 * `Access-Control-Request-Method`) is answered before authentication, and every answer to a request with an
 * `Origin` allows it and exposes the headers the SDK reads (`x-c8-async-id`, `x-c8-error-codes`, `location`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { operations, type OperationId, type OperationInfo } from "../../generated/v1/operations.js";
import { requestBodies } from "../../generated/v1/schemas.js";
import { Auth, type LocalUser, type Principal } from "./auth.js";
import type { HandlerContext, ServerState } from "./context.js";
import { CursorRegistry } from "./cursors.js";
import { LocalError } from "./errors.js";
import { handlers } from "./handlers/index.js";
import { JobQueue } from "./job-queue.js";
import { parseJsonBody } from "./json-body.js";
import { QueryParams } from "./query-params.js";
import { emptyReply, errorReply, JSON_CONTENT_TYPE, replyFromError, type Reply } from "./reply.js";
import { Router, splitPath } from "./router.js";
import { Tenant, Tenants } from "./tenants.js";
import { TtlSweeper } from "./indexes/ttl-sweeper.js";

export interface ServerOptions {
  users: readonly LocalUser[];
  maxQueuedJobs: number;
  jobWorkers: number;
  bodyLimit: number;
  /** How often expired TTL-indexed documents are removed (default 30 s). */
  ttlIntervalMs?: number | undefined;
}

/** A request, once accepted: everything needed to run it now or later as a job (no socket references). */
interface Prepared {
  readonly id: OperationId;
  readonly op: OperationInfo;
  readonly params: Record<string, string>;
  readonly rawQuery: string;
  readonly headers: Record<string, string>;
  readonly rawBody: Buffer;
  readonly principal: Principal;
  readonly tenant: Tenant;
  readonly fabricName: string | undefined;
}

interface BodySchema {
  safeParse(v: unknown): { success: true } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

const EMPTY: Buffer = Buffer.alloc(0);
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const ANONYMOUS: Principal = Object.freeze({ tenant: "", username: "", key: "" });
const NO_TENANT = new Tenant("");
const NOT_AUTHORIZED = errorReply(401, 11, "not authorized to execute this request");
const FABRIC_NOT_FOUND = errorReply(404, 1228, "database not found");
const schemas = requestBodies as unknown as Record<string, BodySchema | undefined>;
const CORS_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
const CORS_HEADERS = "authorization, content-type, accept, x-c8-async, if-match, if-none-match";
const CORS_EXPOSE = "x-c8-async-id, x-c8-error-codes, location, etag";

export class LocalFabricServer implements ServerState {
  readonly auth: Auth;
  readonly cursors = new CursorRegistry();
  readonly jobs: JobQueue;
  private readonly tenants = new Tenants();
  private readonly ttl: TtlSweeper;
  private readonly router = new Router(Object.entries(operations) as [OperationId, OperationInfo][]);
  private readonly http: Server;
  private closing: Promise<void> | undefined;

  constructor(private readonly opts: ServerOptions) {
    this.auth = new Auth(opts.users);
    for (const t of this.auth.tenants()) this.tenants.ensure(t);
    this.jobs = new JobQueue({ maxQueued: opts.maxQueuedJobs, workers: opts.jobWorkers });
    this.ttl = new TtlSweeper(() => this.tenants.databases(), opts.ttlIntervalMs);
    this.http = createServer({ keepAliveTimeout: 5000 }, (req, res) => this.onRequest(req, res));
  }

  tenant(name: string): Tenant | undefined {
    return this.tenants.get(name);
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(port, host, () => {
        this.http.off("error", reject);
        resolve(this.http.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting connections, lets in-flight requests finish, stops the job workers and timers. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.jobs.close();
      this.ttl.stop();
      this.cursors.clear();
      this.http.close(() => resolve());
      this.http.closeIdleConnections();
    });
    return this.closing;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) this.send(req, res, replyFromError(e));
      else res.destroy();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    if (method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) return this.preflight(req, res);
    const url = req.url ?? "/";
    const qi = url.indexOf("?");
    const path = qi < 0 ? url : url.slice(0, qi);
    let segs: string[];
    try {
      segs = splitPath(path);
    } catch {
      return this.send(req, res, errorReply(400, 400, "invalid URL"));
    }
    // Old clients (pyC8 ≤ 0.12) and the recorded Location headers use a `/_tenant/{tenant}` prefix.
    let pathTenant: string | undefined;
    if (segs[0] === "_tenant" && segs.length > 2) {
      pathTenant = segs[1];
      segs = segs.slice(2);
    }
    // C8 also serves fabric APIs without the `_api` segment (`/_fabric/f/collection`): Macrometa's jsC8 (1.x, 2.x)
    // sends most calls that way, as pyC8 ≤ 0.12 did. `_`-prefixed segments (`_api`, `_admin`) are left alone.
    if (segs[0] === "_fabric" && segs.length > 2 && !segs[2]!.startsWith("_")) {
      segs = ["_fabric", segs[1]!, "_api", ...segs.slice(2)];
    }
    const match = this.router.match(method, segs);

    let principal = ANONYMOUS;
    let tenant = NO_TENANT;
    if (match.kind !== "op" || match.op.auth) {
      const found = this.auth.authenticate(req.headers.authorization);
      const p = found instanceof Promise ? await found : found;
      if (p === undefined || (pathTenant !== undefined && pathTenant !== p.tenant)) return this.send(req, res, NOT_AUTHORIZED);
      const t = this.tenants.get(p.tenant);
      if (t === undefined) return this.send(req, res, NOT_AUTHORIZED);
      principal = p;
      tenant = t;
    }

    let fabricName: string | undefined;
    if (segs[0] === "_fabric" && segs.length > 1 && principal !== ANONYMOUS) {
      fabricName = segs[1]!;
      if (!tenant.fabrics.has(fabricName)) return this.send(req, res, FABRIC_NOT_FOUND);
    }

    if (match.kind === "none") return this.send(req, res, errorReply(404, 404, `unknown path '${path}'`));
    if (match.kind === "method") {
      return this.send(req, res, errorReply(405, 405, "method not supported", undefined, ["allow", match.allow.join(", ")]));
    }
    const op = match.op;

    let rawBody: Buffer = EMPTY;
    if (op.body !== "none") {
      try {
        rawBody = await readBody(req, this.opts.bodyLimit);
      } catch (e) {
        return this.send(req, res, replyFromError(e));
      }
    }
    let headers = NO_HEADERS;
    if (op.headerParams.length > 0) {
      headers = {};
      for (const name of op.headerParams) {
        const v = req.headers[name];
        if (typeof v === "string") headers[name] = v;
      }
    }
    const prepared: Prepared = { id: match.id, op, params: match.params, rawQuery: qi < 0 ? "" : url.slice(qi + 1), headers, rawBody, principal, tenant, fabricName };

    const mode = op.async ? req.headers["x-c8-async"] : undefined;
    if (mode === "store" || mode === "true") {
      let id: string | undefined;
      try {
        id = this.jobs.submit(mode === "store" ? principal.key : undefined, (signal) => this.execute(prepared, signal));
      } catch (e) {
        return this.send(req, res, replyFromError(e));
      }
      return this.send(req, res, emptyReply(202, id === undefined ? undefined : ["x-c8-async-id", id]));
    }
    const reply = await this.execute(prepared, lazySignal(res));
    this.send(req, res, reply);
  }

  /** The one code path of an operation, for synchronous requests and queued jobs alike. */
  private async execute(p: Prepared, signal: () => AbortSignal): Promise<Reply> {
    try {
      let fabric;
      if (p.fabricName !== undefined) {
        // Resolved again when the job runs: the fabric may have been deleted since it was queued.
        fabric = p.tenant.fabrics.get(p.fabricName);
        if (fabric === undefined) return FABRIC_NOT_FOUND;
      }
      let body: unknown;
      if (p.op.body !== "none") {
        if (p.rawBody.length === 0) {
          if (p.op.body === "required") return errorReply(400, 600, "invalid JSON object: empty request body");
        } else {
          try {
            body = parseJsonBody(p.rawBody);
          } catch (e) {
            return errorReply(400, 600, `invalid JSON object: ${(e as Error).message}`);
          }
          const schema = schemas[p.id];
          if (schema !== undefined) {
            const checked = schema.safeParse(body);
            if (!checked.success) {
              const issue = checked.error.issues[0];
              const where = issue === undefined || issue.path.length === 0 ? "body" : `body.${issue.path.map(String).join(".")}`;
              return errorReply(400, 10, `bad parameter: ${where}: ${issue?.message ?? "invalid"}`);
            }
          }
        }
      }
      const ctx: HandlerContext = {
        state: this,
        principal: p.principal,
        tenant: p.tenant,
        fabric,
        params: p.params,
        query: new QueryParams(p.rawQuery),
        headers: p.headers,
        body,
        get signal() {
          return signal();
        },
      };
      return await handlers[p.id](ctx);
    } catch (e) {
      return replyFromError(e);
    }
  }

  /** A CORS preflight: allowed for every origin (a local development server), no credentials needed. */
  private preflight(req: IncomingMessage, res: ServerResponse): void {
    const requested = req.headers["access-control-request-headers"];
    res.writeHead(204, [
      "access-control-allow-origin",
      req.headers.origin ?? "*",
      "access-control-allow-methods",
      CORS_METHODS,
      "access-control-allow-headers",
      requested === undefined ? CORS_HEADERS : `${CORS_HEADERS}, ${requested}`,
      "access-control-max-age",
      "600",
      "vary",
      "origin",
    ]);
    res.end();
  }

  private send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
    const h: string[] = [];
    const body = reply.body;
    if (body !== undefined) h.push("content-type", JSON_CONTENT_TYPE, "content-length", String(body.length));
    else if (reply.status !== 204 && reply.status !== 304) h.push("content-length", "0");
    if (reply.headers !== undefined) for (const x of reply.headers) h.push(x);
    const origin = req.headers.origin;
    if (origin !== undefined) h.push("access-control-allow-origin", origin, "access-control-expose-headers", CORS_EXPOSE, "vary", "origin");
    if (this.closing !== undefined) h.push("connection", "close");
    res.writeHead(reply.status, h);
    res.end(req.method === "HEAD" ? undefined : body);
  }
}

/** A signal that aborts when the client goes away before the answer; created only if a handler asks. */
function lazySignal(res: ServerResponse): () => AbortSignal {
  let signal: AbortSignal | undefined;
  return () => {
    if (signal === undefined) {
      const ctl = new AbortController();
      res.once("close", () => {
        if (!res.writableFinished) ctl.abort(new LocalError(499, 499, "client closed request"));
      });
      signal = ctl.signal;
    }
    return signal;
  };
}

/** Reads the request body up to `limit` bytes; 413 beyond (the rest is drained, not kept). */
function readBody(req: IncomingMessage, limit: number): Buffer | Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared !== undefined) {
    if (Number(declared) > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    if (declared === "0") return EMPTY;
  } else if (req.headers["transfer-encoding"] === undefined) {
    return EMPTY;
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once("error", reject);
  });
}

function tooLarge(limit: number): LocalError {
  return new LocalError(413, 413, `request body too large (limit ${limit} bytes)`);
}
