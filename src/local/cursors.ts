/**
 * Open query cursors: the rest of a query's result, handed out batch by batch. A cursor belongs to the fabric
 * object it was created in (so to one tenant and fabric: another tenant or fabric cannot see it, and a deleted
 * fabric's cursors die with it). `ttl` is an idle timeout refreshed on every read; one unref'd sweep timer
 * removes expired cursors, and every lookup checks expiry too.
 */
import type { Fabric } from "./tenants.js";

export interface CursorState {
  readonly id: string;
  readonly fabric: Fabric;
  readonly batchSize: number;
  readonly ttlMs: number;
  /** `count` attribute (only when the client asked for it). */
  readonly count: number | undefined;
  /** `extra` as sent with the first batch (stats, warnings, profile). */
  readonly extra: Record<string, unknown>;
  readonly result: unknown[];
  position: number;
  expires: number;
}

const SWEEP_MS = 1000;

export class CursorRegistry {
  private readonly open = new Map<string, CursorState>();
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;

  /** Registers the rest of a result; the caller has already sent `result[0, position)`. */
  create(init: Omit<CursorState, "id" | "expires">): CursorState {
    const id = String(this.nextId++);
    const c: CursorState = { ...init, id, expires: Date.now() + init.ttlMs };
    this.open.set(id, c);
    this.timer ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    return c;
  }

  /** The live cursor `id` of `fabric`, or undefined (unknown, expired, or someone else's). */
  get(fabric: Fabric, id: string): CursorState | undefined {
    const c = this.open.get(id);
    if (c === undefined || c.fabric !== fabric) return undefined;
    if (c.expires <= Date.now()) {
      this.open.delete(id);
      return undefined;
    }
    return c;
  }

  /** Takes the next batch; forgets the cursor once exhausted. */
  next(c: CursorState): { batch: unknown[]; hasMore: boolean } {
    const end = Math.min(c.position + c.batchSize, c.result.length);
    const batch = c.result.slice(c.position, end);
    c.position = end;
    const hasMore = end < c.result.length;
    if (hasMore) c.expires = Date.now() + c.ttlMs;
    else this.open.delete(c.id);
    return { batch, hasMore };
  }

  delete(c: CursorState): void {
    this.open.delete(c.id);
  }

  get size(): number {
    return this.open.size;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, c] of this.open) if (c.expires <= now) this.open.delete(id);
    if (this.open.size === 0) this.stop();
  }

  /** Stops the sweep timer (the server's close). */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  clear(): void {
    this.open.clear();
    this.stop();
  }
}
