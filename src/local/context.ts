/**
 * What a handler gets: who is asking, the fabric in the URL, the decoded path parameters, the query string, the
 * operation's declared header parameters, the validated JSON body, and an AbortSignal (client gone, job
 * cancelled, server closing). The same context is built for a synchronous request and for a queued job, so
 * both run the very same handler code.
 */
import type { Auth, Principal } from "./auth.js";
import type { CursorRegistry } from "./cursors.js";
import type { JobQueue } from "./job-queue.js";
import type { QueryParams } from "./query-params.js";
import type { Reply } from "./reply.js";
import type { Fabric, Tenant } from "./tenants.js";

/** Process-wide state of one local fabric server. */
export interface ServerState {
  readonly auth: Auth;
  readonly cursors: CursorRegistry;
  readonly jobs: JobQueue;
  tenant(name: string): Tenant | undefined;
}

export interface HandlerContext {
  readonly state: ServerState;
  readonly principal: Principal;
  readonly tenant: Tenant;
  /** The fabric in the URL (resolved when the handler runs); undefined for the two fabric-less operations. */
  readonly fabric: Fabric | undefined;
  readonly params: Readonly<Record<string, string>>;
  readonly query: QueryParams;
  /** The operation's declared header parameters (lower-case names) that were sent. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body (checked against the generated schema), or undefined when none was sent. */
  readonly body: unknown;
  readonly signal: AbortSignal;
}

export type Handler = (ctx: HandlerContext) => Reply | Promise<Reply>;
