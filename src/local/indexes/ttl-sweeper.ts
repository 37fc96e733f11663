/**
 * The background removal of expired documents (ArangoDB's TTL thread): every `intervalMs` (ArangoDB's default
 * 30 s), each collection with a TTL index loses up to {@link MAX_REMOVALS_PER_RUN} expired documents, in one atomic
 * step per collection. The timer is unref'd (it never keeps the process alive) and stopped by the server's close.
 */
import type { Database } from "../store.js";

/** ArangoDB's `--ttl.max-collection-removes` default: bounds the work of one run. */
export const MAX_REMOVALS_PER_RUN = 100_000;
export const DEFAULT_TTL_INTERVAL_MS = 30_000;

export class TtlSweeper {
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly databases: () => Iterable<Database>,
    intervalMs = DEFAULT_TTL_INTERVAL_MS,
  ) {
    this.timer = setInterval(() => {
      try {
        this.sweep();
      } catch (e) {
        // a failed run leaves the documents for the next one; it must not take the server down
        console.error("local fabric: TTL sweep failed:", e);
      }
    }, Math.max(1, intervalMs));
    this.timer.unref();
  }

  /** One run; answers how many documents it removed. */
  sweep(now = Date.now()): number {
    let removed = 0;
    for (const db of this.databases()) {
      for (const info of db.collections()) {
        const c = db.findCollection(info.name);
        const ttl = c?.indexes.ttl();
        if (c === undefined || ttl === undefined || ttl.size === 0) continue;
        const keys = ttl.expired(now, MAX_REMOVALS_PER_RUN);
        if (keys.length === 0) continue;
        db.atomic(() => {
          for (const k of keys) if (c.has(k)) c.remove(k);
        });
        removed += keys.length;
      }
    }
    return removed;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
