/**
 * Tenants and their fabrics. Each tenant is a closed world: its own fabrics (each with its own store `Database`),
 * starting with `_system` only. Nothing here is shared between tenants; cursors and jobs are keyed by tenant too.
 */
import { LocalError } from "./errors.js";
import { Database } from "./store.js";

/** The single region a local fabric pretends to run in (C8 reports the fabric's regions in `options`). */
export const LOCAL_REGION = "local";

export interface FabricOptionsInput {
  dcList?: string | string[] | undefined;
  spotDc?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

/** One fabric (a database) of a tenant. */
export class Fabric {
  readonly db: Database;
  readonly isSystem: boolean;
  readonly spotDc: string;
  metadata: Record<string, unknown> | null;

  constructor(
    readonly tenant: string,
    readonly name: string,
    opts: FabricOptionsInput = {},
  ) {
    this.db = new Database(name);
    this.isSystem = name === "_system";
    this.spotDc = typeof opts.spotDc === "string" ? opts.spotDc : "";
    this.metadata = opts.metadata ?? null;
  }

  /** The recorded `result` of `GET /_api/database/current`. */
  describe(): Record<string, unknown> {
    return {
      name: this.name,
      options: {
        associated_regions: [LOCAL_REGION],
        clusters: [LOCAL_REGION],
        dcList: LOCAL_REGION,
        dynamo_local_tables: false,
        metadata: this.metadata,
        name: `${this.tenant}.${this.name}`,
        realTime: true,
        spotDc: this.spotDc,
        status: "available",
        tenant: this.tenant,
      },
      isSystem: this.isSystem,
    };
  }
}

const FABRIC_NAME_RE = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;

export class Tenant {
  readonly fabrics = new Map<string, Fabric>();

  constructor(readonly name: string) {
    this.fabrics.set("_system", new Fabric(name, "_system"));
  }

  /** 400/1229 bad name, 409/1207 duplicate (message as recorded). */
  createFabric(name: string, opts: FabricOptionsInput = {}): Fabric {
    if (!FABRIC_NAME_RE.test(name)) throw new LocalError(400, 1229, "database name invalid");
    if (this.fabrics.has(name)) {
      throw new LocalError(409, 1207, `duplicate database name '${this.name}.${name}'`);
    }
    const f = new Fabric(this.name, name, opts);
    this.fabrics.set(name, f);
    return f;
  }

  /** 404/1228 unknown, 403/1230 for `_system` itself. */
  dropFabric(name: string): Fabric {
    const f = this.fabrics.get(name);
    if (f === undefined) throw fabricNotFound();
    if (f.isSystem) throw new LocalError(403, 1230, "operation only allowed in system database");
    this.fabrics.delete(name);
    return f;
  }
}

export function fabricNotFound(): LocalError {
  return new LocalError(404, 1228, "database not found");
}

export class Tenants {
  private readonly byName = new Map<string, Tenant>();

  get(name: string): Tenant | undefined {
    return this.byName.get(name);
  }

  /** Every fabric's store (the TTL sweep walks them). */
  *databases(): Generator<Database> {
    for (const t of this.byName.values()) for (const f of t.fabrics.values()) yield f.db;
  }

  ensure(name: string): Tenant {
    let t = this.byName.get(name);
    if (t === undefined) {
      t = new Tenant(name);
      this.byName.set(name, t);
    }
    return t;
  }
}
