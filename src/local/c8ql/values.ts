/**
 * C8QL (AQL) value semantics: type order, comparison, equality and the implicit casts.
 * Values are plain JSON values; `undefined` never appears (a missing attribute reads as null).
 */

export type Value = null | boolean | number | string | Value[] | { [k: string]: Value };
export type Obj = { [k: string]: Value };

const hasOwn = Object.prototype.hasOwnProperty;

/** ArangoDB's type order: null < bool < number < string < array < object. */
export function typeRank(v: unknown): number {
  switch (typeof v) {
    case "boolean":
      return 1;
    case "number":
      return 2;
    case "string":
      return 3;
    case "object":
      return v === null ? 0 : Array.isArray(v) ? 4 : 5;
    default:
      return 0;
  }
}

export function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ArangoDB compares strings with an ICU collator (language "en"): "a" < "A" < "b" < "B".
const collator = new Intl.Collator("en");
const SIMPLE = /^[0-9a-z]*$/;

/** String order as in AQL; plain byte order where it coincides with the collation (fast path). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  if (SIMPLE.test(a) && SIMPLE.test(b)) return a < b ? -1 : 1;
  const c = collator.compare(a, b);
  if (c !== 0) return c < 0 ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order of AQL values: -1, 0 or 1. */
export function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 3:
      return compareStrings(a as string, b as string);
    case 4: {
      // element by element; a shorter array's missing elements count as null
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.max(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compare(i < x.length ? x[i] : null, i < y.length ? y[i] : null);
        if (c !== 0) return c;
      }
      return 0;
    }
    case 5: {
      // over the sorted union of attribute names; a missing attribute counts as null
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
      for (const k of keys) {
        const c = compare(hasOwn.call(x, k) ? x[k] : null, hasOwn.call(y, k) ? y[k] : null);
        if (c !== 0) return c;
      }
      return 0;
    }
    default:
      return 0;
  }
}

export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const t = typeof a;
  if (t !== "object" || typeof b !== "object") return false;
  return compare(a, b) === 0;
}

/** TO_BOOL. */
export function toBool(v: unknown): boolean {
  switch (typeof v) {
    case "boolean":
      return v;
    case "number":
      return v !== 0;
    case "string":
      return v.length > 0;
    case "object":
      return v !== null;
    default:
      return false;
  }
}

const NUMERIC = /^\s*[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*$/;

/** TO_NUMBER: null/false → 0, true → 1, numeric strings parsed (else 0), [x] → TO_NUMBER(x), else 0. */
export function toNumber(v: unknown): number {
  switch (typeof v) {
    case "number":
      return v;
    case "boolean":
      return v ? 1 : 0;
    case "string": {
      if (!NUMERIC.test(v)) return 0;
      const n = Number(v);
      return Number.isFinite(n) ? n : 0;
    }
    case "object":
      if (Array.isArray(v)) return v.length === 0 ? 0 : v.length === 1 ? toNumber(v[0]) : 0;
      return 0;
    default:
      return 0;
  }
}

/** Number → string as ArangoDB prints it (integers without fraction, else shortest round-trip). */
export function numberToString(n: number): string {
  return Object.is(n, -0) ? "0" : String(n);
}

/** TO_STRING: null → "", booleans and numbers printed, arrays/objects as JSON. */
export function toStr(v: unknown): string {
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return numberToString(v);
    case "boolean":
      return v ? "true" : "false";
    case "object":
      return v === null ? "" : JSON.stringify(v);
    default:
      return "";
  }
}

/** Arithmetic result: non-finite numbers (overflow, NaN) become null as in AQL. */
export function num(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

/** A stable identity key for hashing (DISTINCT, UNIQUE, COLLECT): JSON with object keys sorted. */
export function hashKey(v: unknown): string {
  if (typeof v !== "object" || v === null) return typeof v === "string" ? JSON.stringify(v) : String(v);
  if (Array.isArray(v)) {
    let s = "[";
    for (let i = 0; i < v.length; i++) s += (i ? "," : "") + hashKey(v[i]);
    return s + "]";
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let s = "{";
  for (let i = 0; i < keys.length; i++) s += (i ? "," : "") + JSON.stringify(keys[i]) + ":" + hashKey(o[keys[i]!]);
  return s + "}";
}

/** Name of a value's type as ArangoDB reports it in messages. */
export function typeName(v: unknown): string {
  return ["null", "bool", "number", "string", "array", "object"][typeRank(v)]!;
}

/** Converts a JS value from outside (bind parameters) into an AQL value: undefined → null. */
export function fromJs(v: unknown): Value {
  if (v === undefined) return null;
  return v as Value;
}
