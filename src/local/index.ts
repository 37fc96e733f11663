/**
 * The local fabric (`c8-fabric/local`): a real HTTP server that answers like the C8 Data Fabric — same paths,
 * statuses, headers, bodies and error numbers as recorded real traffic — for the demo, the SDK's tests and app
 * developers' own tests.
 *
 * ```ts
 * const fabric = await startLocalFabric();            // 127.0.0.1, ephemeral port, user mytenant/root/passwd
 * // … point a client at fabric.url …
 * await fabric.close();
 * ```
 */
import type { LocalUser } from "./auth.js";
import { LocalFabricServer } from "./server.js";

export type { LocalUser } from "./auth.js";

/** Options of {@link startLocalFabric}. */
export interface LocalFabricOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Default: one user, tenant `mytenant`, user `root`, password `passwd`, e-mail `root@mytenant`. */
  users?: LocalUser[];
  /** Jobs that may wait for a worker; beyond it a submission answers 503 / errorNum 21003. Default 4096. */
  maxQueuedJobs?: number;
  /** Jobs running at once. Default 4. */
  jobWorkers?: number;
  /** Largest request body in bytes (413 beyond). Default 8 MiB. */
  bodyLimit?: number;
  /** How often documents expired by a TTL index are removed, in ms. Default 30000 (ArangoDB's 30 s). */
  ttlIntervalMs?: number;
}

/** A configured user as the running fabric knows it, with the API key it accepts for them. */
export interface LocalFabricUser {
  /** The user's tenant. */
  readonly tenant: string;
  /** The user name. */
  readonly username: string;
  /** The e-mail accepted by `POST /_open/auth`. */
  readonly email: string;
  /** `Authorization: apikey <apiKey>`; the key has the form `<tenant>.<keyid>.<secret>`. */
  readonly apiKey: string;
}

/** A running local fabric. */
export interface LocalFabric {
  /** `http://host:port`, no trailing slash. */
  readonly url: string;
  /** The users (one API key each). */
  readonly users: readonly LocalFabricUser[];
  /** Stops accepting connections, lets in-flight requests finish, stops job workers and timers. */
  close(): Promise<void>;
}

/** The user created when {@link LocalFabricOptions.users} is not given: mytenant / root / passwd. */
export const DEFAULT_USER: Readonly<Required<Omit<LocalUser, "apiKey">>> = Object.freeze({
  tenant: "mytenant",
  username: "root",
  password: "passwd",
  email: "root@mytenant",
});

/** Starts a local fabric and resolves once it listens. */
export async function startLocalFabric(opts: LocalFabricOptions = {}): Promise<LocalFabric> {
  const users = opts.users !== undefined && opts.users.length > 0 ? opts.users : [{ ...DEFAULT_USER }];
  const server = new LocalFabricServer({
    users,
    maxQueuedJobs: opts.maxQueuedJobs ?? 4096,
    jobWorkers: Math.max(1, opts.jobWorkers ?? 4),
    bodyLimit: opts.bodyLimit ?? 8 * 1024 * 1024,
    ttlIntervalMs: opts.ttlIntervalMs,
  });
  const host = opts.host ?? "127.0.0.1";
  const addr = await server.listen(opts.port ?? 0, host);
  const shownHost = addr.family === "IPv6" || addr.address.includes(":") ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shownHost}:${addr.port}`,
    users: server.auth.describeUsers(),
    close: () => server.close(),
  };
}
