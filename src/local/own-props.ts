/**
 * Attribute writes and reads that treat every name as data. `o[k] = v` with k `"__proto__"` replaces the
 * prototype instead of storing an attribute, and `o[k]` with k `"constructor"` reads Object.prototype's; user
 * documents may use both names, so copies of user data go through these.
 */

const hasOwn = Object.prototype.hasOwnProperty;

/** Stores `v` as own enumerable attribute `k` (also `__proto__`). */
export function setOwn(o: object, k: string, v: unknown): void {
  if (k === "__proto__") Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else (o as Record<string, unknown>)[k] = v;
}

/** Own attribute `k`, or undefined (never an inherited one). */
export function getOwn(o: object, k: string): unknown {
  return hasOwn.call(o, k) ? (o as Record<string, unknown>)[k] : undefined;
}

/** True when `k` is an own attribute of `o`. */
export function hasOwnAttr(o: object, k: string): boolean {
  return hasOwn.call(o, k);
}
