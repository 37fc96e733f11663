/** Index keys: attribute paths of a document, and tuples ordered by C8QL's value ordering. */
import { compare } from "../c8ql/values.js";
import type { Doc } from "../store.js";

/** Sorts after every value: the upper end of a prefix range. */
export const HIGH: unique symbol = Symbol("high");

/** `a.b.c` → the nested value, or undefined when missing. Own properties only. */
export function valueAt(doc: Doc, path: readonly string[]): unknown {
  let v: unknown = doc;
  for (const p of path) {
    if (typeof v !== "object" || v === null || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, p)) return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

export function splitPath(field: string): string[] {
  return field.split(".");
}

/** Element by element with {@link compare}; a proper prefix sorts first; {@link HIGH} sorts last. */
export function compareTuples(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === HIGH || y === HIGH) {
      if (x === y) continue;
      return x === HIGH ? 1 : -1;
    }
    const c = compare(x, y);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
