/**
 * Query-string access for handlers. Parsed lazily (most requests never read a flag), with C8's conventions:
 * booleans are `true`/`false` or `1`/`0`; anything else is a 400 / errorNum 10 rather than a silent guess.
 */
import { LocalError } from "./errors.js";

export class QueryParams {
  private parsed: URLSearchParams | undefined;

  /** `raw` is the part of the URL after `?` (kept as is, so a queued job stores one short string). */
  constructor(readonly raw: string) {}

  get(name: string): string | undefined {
    if (this.raw === "") return undefined;
    this.parsed ??= new URLSearchParams(this.raw);
    return this.parsed.get(name) ?? undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  bool(name: string): boolean | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    switch (v.toLowerCase()) {
      case "true":
      case "1":
        return true;
      case "false":
      case "0":
        return false;
      default:
        throw new LocalError(400, 10, `bad parameter: '${name}' must be true, false, 1 or 0`);
    }
  }

  /** A non-negative integer, or undefined when absent. */
  count(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (!/^[0-9]{1,15}$/.test(v)) throw new LocalError(400, 10, `bad parameter: '${name}' must be a non-negative integer`);
    return Number(v);
  }

  /** A finite number, or undefined when absent. */
  number(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    const n = v.trim() === "" ? NaN : Number(v);
    if (!Number.isFinite(n)) throw new LocalError(400, 10, `bad parameter: '${name}' must be a number`);
    return n;
  }
}
