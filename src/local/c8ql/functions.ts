/**
 * C8QL functions (AQL semantics). A wrong argument type is a warning (1542) and the call returns null,
 * as in ArangoDB; only arity is checked at parse time (1541).
 */
import type { RE2JS } from "re2js";
import { LocalError } from "../errors.js";
import { getOwn, setOwn } from "../own-props.js";
import type { Database, Doc } from "../store.js";
import { like } from "./like.js";
import { compileRegex, firstMatch, regexReplace, regexSplit } from "./regex.js";
import {
  compare,
  equals,
  hashKey,
  isObject,
  num,
  numberToString,
  toBool,
  toNumber,
  toStr,
  type Obj,
  type Value,
} from "./values.js";
import { INDEX_FUNCTIONS } from "./functions-indexes.js";

/** What functions may use of the running query. */
export interface FnContext {
  readonly db: Database;
  warn(code: number, message: string): void;
  /** SLEEP: the query waits this long (asynchronously) before it answers. */
  addDelay(ms: number): void;
  /** Wall clock including the pending SLEEP delay. */
  now(): number;
}

export interface FnDef {
  min: number;
  max: number;
  fn: (args: Value[], ctx: FnContext, name: string) => Value;
}

function badArg(ctx: FnContext, name: string): null {
  ctx.warn(1542, `invalid argument type in call to function '${name}()'`);
  return null;
}

const chars = (s: string): string[] => Array.from(s);

function length(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case "boolean":
      return v ? 1 : 0;
    case "number":
      return numberToString(v).length;
    case "string":
      return chars(v).length;
    default:
      return Array.isArray(v) ? v.length : Object.keys(v).length;
  }
}

function sum(a: Value[]): Value {
  let s = 0;
  for (const x of a) {
    if (x === null) continue;
    if (typeof x !== "number") return null;
    s += x;
  }
  return num(s);
}

function average(a: Value[]): Value {
  let s = 0;
  let n = 0;
  for (const x of a) {
    if (x === null) continue;
    if (typeof x !== "number") return null;
    s += x;
    n++;
  }
  return n === 0 ? null : num(s / n);
}

function extreme(a: Value[], sign: 1 | -1): Value {
  let best: Value = null;
  for (const x of a) {
    if (x === null) continue;
    if (best === null || compare(x, best) * sign > 0) best = x;
  }
  return best;
}

function unique(a: Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const x of a) {
    const k = hashKey(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

function flatten(a: Value[], depth: number, out: Value[] = []): Value[] {
  for (const x of a) {
    if (Array.isArray(x) && depth > 0) flatten(x, depth - 1, out);
    else out.push(x);
  }
  return out;
}

/** MERGE_RECURSIVE of two objects: nested objects merge, anything else in `b` wins. */
function mergeRecursive(a: Obj, b: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(a)) setOwn(out, k, a[k]);
  for (const k of Object.keys(b)) {
    const old = getOwn(out, k);
    const v = b[k]!;
    setOwn(out, k, isObject(old) && isObject(v) ? mergeRecursive(old, v) : v);
  }
  return out;
}

/** Attribute names from KEEP/UNSET arguments: strings, or arrays of them. */
function attrNames(args: Value[]): Set<string> {
  const out = new Set<string>();
  for (const a of args) {
    if (Array.isArray(a)) for (const x of a) out.add(toStr(x));
    else out.add(toStr(a));
  }
  return out;
}

/** A compiled pattern, or null after warning 1543 (ArangoDB's answer to an invalid regex). */
function regexOrWarn(p: Value, ci: Value | undefined, ctx: FnContext): RE2JS | null {
  const re = compileRegex(toStr(p), toBool(ci ?? false));
  if (re === null) ctx.warn(1543, "invalid regex value");
  return re;
}

/** SPLIT at any of several literal separators (leftmost; the first listed wins a tie), without a regex. */
function splitAny(s: string, seps: string[]): string[] {
  const out: string[] = [];
  // next occurrence of each separator at or after pos (-1: none left); each is searched again only once passed
  const next = seps.map((sep) => s.indexOf(sep));
  let last = 0;
  for (;;) {
    let best = -1;
    for (let i = 0; i < seps.length; i++) {
      if (next[i]! >= 0 && next[i]! < last) next[i] = s.indexOf(seps[i]!, last);
      if (next[i]! >= 0 && (best < 0 || next[i]! < next[best]!)) best = i;
    }
    if (best < 0) break;
    out.push(s.slice(last, next[best]));
    last = next[best]! + seps[best]!.length;
  }
  out.push(s.slice(last));
  return out;
}

function concatParts(args: Value[]): Value[] {
  return args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
}

function documentLookup(db: Database, coll: string | null, id: Value): Doc | null {
  if (typeof id !== "string") return null;
  let c = coll;
  let key = id;
  const slash = id.indexOf("/");
  if (slash >= 0) {
    if (c !== null && id.slice(0, slash) !== c) return null;
    c = id.slice(0, slash);
    key = id.slice(slash + 1);
  }
  if (c === null) return null;
  return db.findCollection(c)?.lookup(key) ?? null;
}

const F: Record<string, FnDef> = {
  LENGTH: { min: 1, max: 1, fn: ([v]) => length(v!) },
  SUM: { min: 1, max: 1, fn: ([a], ctx, n) => (Array.isArray(a) ? sum(a) : badArg(ctx, n)) },
  AVERAGE: { min: 1, max: 1, fn: ([a], ctx, n) => (Array.isArray(a) ? average(a) : badArg(ctx, n)) },
  MIN: { min: 1, max: 1, fn: ([a], ctx, n) => (Array.isArray(a) ? extreme(a, -1) : badArg(ctx, n)) },
  MAX: { min: 1, max: 1, fn: ([a], ctx, n) => (Array.isArray(a) ? extreme(a, 1) : badArg(ctx, n)) },
  CONCAT: {
    min: 1,
    max: Infinity,
    fn: (args) => {
      let s = "";
      for (const x of concatParts(args)) if (x !== null) s += toStr(x);
      return s;
    },
  },
  CONCAT_SEPARATOR: {
    min: 2,
    max: Infinity,
    fn: ([sep, ...rest]) => {
      const parts: string[] = [];
      for (const x of concatParts(rest)) if (x !== null) parts.push(toStr(x));
      return parts.join(toStr(sep!));
    },
  },
  UPPER: { min: 1, max: 1, fn: ([v]) => toStr(v!).toUpperCase() },
  LOWER: { min: 1, max: 1, fn: ([v]) => toStr(v!).toLowerCase() },
  SUBSTRING: {
    min: 2,
    max: 3,
    fn: ([v, o, l]) => {
      const cs = chars(toStr(v!));
      let start = Math.trunc(toNumber(o));
      if (start < 0) start = Math.max(0, cs.length + start);
      const len = l === undefined || l === null ? cs.length : Math.trunc(toNumber(l));
      return len <= 0 ? "" : cs.slice(start, start + len).join("");
    },
  },
  CONTAINS: {
    min: 2,
    max: 3,
    fn: ([t, s, ri]) => {
      const text = toStr(t!);
      const idx = text.indexOf(toStr(s!));
      if (!toBool(ri)) return idx >= 0;
      return idx < 0 ? -1 : chars(text.slice(0, idx)).length;
    },
  },
  LIKE: {
    min: 2,
    max: 3,
    fn: ([t, p, ci]) => like(toStr(t!), toStr(p!), toBool(ci)),
  },
  REGEX_TEST: {
    min: 2,
    max: 3,
    fn: ([t, p, ci], ctx) => {
      const re = regexOrWarn(p!, ci, ctx);
      return re === null ? null : re.test(toStr(t!));
    },
  },
  REGEX_MATCHES: {
    min: 2,
    max: 3,
    fn: ([t, p, ci], ctx) => {
      const re = regexOrWarn(p!, ci, ctx);
      return re === null ? null : firstMatch(re, toStr(t!));
    },
  },
  REGEX_SPLIT: {
    min: 2,
    max: 4,
    fn: ([t, p, ci, lim], ctx) => {
      const re = regexOrWarn(p!, ci, ctx);
      if (re === null) return null;
      const limit = lim === undefined || lim === null ? -1 : Math.trunc(toNumber(lim));
      return regexSplit(re, toStr(t!), limit);
    },
  },
  REGEX_REPLACE: {
    min: 3,
    max: 4,
    fn: ([t, p, r, ci], ctx) => {
      const re = regexOrWarn(p!, ci, ctx);
      const out = re === null ? null : regexReplace(re, toStr(t!), toStr(r!));
      if (out === null && re !== null) ctx.warn(1543, "invalid regex value");
      return out;
    },
  },
  MERGE: {
    min: 1,
    max: Infinity,
    fn: (args, ctx, n) => {
      const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
      const out: Obj = {};
      for (const x of list) {
        if (!isObject(x)) return badArg(ctx, n);
        for (const k of Object.keys(x)) setOwn(out, k, x[k]);
      }
      return out;
    },
  },
  MERGE_RECURSIVE: {
    min: 1,
    max: Infinity,
    fn: (args, ctx, n) => {
      let out: Obj = {};
      for (const x of args) {
        if (!isObject(x)) return badArg(ctx, n);
        out = mergeRecursive(out, x);
      }
      return out;
    },
  },
  KEEP: {
    min: 2,
    max: Infinity,
    fn: ([d, ...names], ctx, n) => {
      if (!isObject(d)) return badArg(ctx, n);
      const keep = attrNames(names);
      const out: Obj = {};
      for (const k of Object.keys(d)) if (keep.has(k)) setOwn(out, k, d[k]);
      return out;
    },
  },
  UNSET: {
    min: 2,
    max: Infinity,
    fn: ([d, ...names], ctx, n) => {
      if (!isObject(d)) return badArg(ctx, n);
      const drop = attrNames(names);
      const out: Obj = {};
      for (const k of Object.keys(d)) if (!drop.has(k)) setOwn(out, k, d[k]);
      return out;
    },
  },
  HAS: { min: 2, max: 2, fn: ([d, a]) => isObject(d) && Object.prototype.hasOwnProperty.call(d, toStr(a!)) },
  ATTRIBUTES: {
    min: 1,
    max: 3,
    fn: ([d, ri, so], ctx, n) => {
      if (!isObject(d)) return badArg(ctx, n);
      let keys = Object.keys(d);
      if (toBool(ri)) keys = keys.filter((k) => !k.startsWith("_"));
      if (toBool(so)) keys.sort();
      return keys;
    },
  },
  VALUES: {
    min: 1,
    max: 2,
    fn: ([d, ri], ctx, n) => {
      if (!isObject(d)) return badArg(ctx, n);
      const internal = toBool(ri);
      return Object.keys(d)
        .filter((k) => !(internal && k.startsWith("_")))
        .map((k) => d[k]!);
    },
  },
  FIRST: { min: 1, max: 1, fn: ([a], ctx, n) => (Array.isArray(a) ? (a.length ? a[0]! : null) : badArg(ctx, n)) },
  LAST: {
    min: 1,
    max: 1,
    fn: ([a], ctx, n) => (Array.isArray(a) ? (a.length ? a[a.length - 1]! : null) : badArg(ctx, n)),
  },
  PUSH: {
    min: 2,
    max: 3,
    fn: ([a, v, u], ctx, n) => {
      if (a !== null && !Array.isArray(a)) return badArg(ctx, n);
      const list = a === null ? [] : a;
      if (toBool(u) && list.some((x) => equals(x, v))) return list.slice();
      return [...list, v!];
    },
  },
  APPEND: {
    min: 2,
    max: 3,
    fn: ([a, v, u], ctx, n) => {
      if (a !== null && !Array.isArray(a)) return badArg(ctx, n);
      const out = a === null ? [] : a.slice();
      const add = v === null ? [] : Array.isArray(v) ? v : [v!];
      if (!toBool(u)) return out.concat(add);
      return unique(out.concat(add));
    },
  },
  UNIQUE: { min: 1, max: 1, fn: ([a], ctx, n) => (Array.isArray(a) ? unique(a) : badArg(ctx, n)) },
  SORTED: { min: 1, max: 1, fn: ([a], ctx, n) => (Array.isArray(a) ? a.slice().sort(compare) : badArg(ctx, n)) },
  FLATTEN: {
    min: 1,
    max: 2,
    fn: ([a, d], ctx, n) => {
      if (!Array.isArray(a)) return badArg(ctx, n);
      return flatten(a, d === undefined || d === null ? 1 : Math.max(0, Math.trunc(toNumber(d))));
    },
  },
  RANGE: {
    min: 2,
    max: 3,
    fn: ([a, b, s], ctx, n) => {
      const from = toNumber(a);
      const to = toNumber(b);
      const step = s === undefined || s === null ? (from <= to ? 1 : -1) : toNumber(s);
      if (step === 0 || (from < to && step < 0) || (from > to && step > 0)) return badArg(ctx, n);
      const count = Math.floor((to - from) / step) + 1;
      if (count > 10_000_000) throw rangeTooBig();
      const out: number[] = new Array(count);
      for (let i = 0; i < count; i++) out[i] = from + i * step;
      return out;
    },
  },
  TO_NUMBER: { min: 1, max: 1, fn: ([v]) => toNumber(v) },
  TO_STRING: { min: 1, max: 1, fn: ([v]) => toStr(v) },
  TO_BOOL: { min: 1, max: 1, fn: ([v]) => toBool(v) },
  TO_ARRAY: {
    min: 1,
    max: 1,
    fn: ([v]) => (v === null ? [] : Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [v!]),
  },
  IS_NULL: { min: 1, max: 1, fn: ([v]) => v === null },
  IS_BOOL: { min: 1, max: 1, fn: ([v]) => typeof v === "boolean" },
  IS_NUMBER: { min: 1, max: 1, fn: ([v]) => typeof v === "number" },
  IS_STRING: { min: 1, max: 1, fn: ([v]) => typeof v === "string" },
  IS_ARRAY: { min: 1, max: 1, fn: ([v]) => Array.isArray(v) },
  IS_OBJECT: { min: 1, max: 1, fn: ([v]) => isObject(v) },
  DOCUMENT: {
    min: 1,
    max: 2,
    fn: (args, ctx) => {
      const coll = args.length === 2 ? toStr(args[0]!) : null;
      const ids = args.length === 2 ? args[1]! : args[0]!;
      if (Array.isArray(ids)) {
        const out: Value[] = [];
        for (const id of ids) {
          const d = documentLookup(ctx.db, coll, id);
          if (d !== null) out.push(d as unknown as Value);
        }
        return out;
      }
      return documentLookup(ctx.db, coll, ids) as unknown as Value;
    },
  },
  DATE_NOW: { min: 0, max: 0, fn: (_a, ctx) => ctx.now() },
  SLEEP: {
    min: 1,
    max: 1,
    fn: ([s], ctx, n) => {
      if (typeof s !== "number" || s < 0) return badArg(ctx, n);
      ctx.addDelay(s * 1000);
      return null;
    },
  },
  ROUND: { min: 1, max: 1, fn: ([v]) => num(Math.floor(toNumber(v) + 0.5)) },
  FLOOR: { min: 1, max: 1, fn: ([v]) => num(Math.floor(toNumber(v))) },
  CEIL: { min: 1, max: 1, fn: ([v]) => num(Math.ceil(toNumber(v))) },
  ABS: { min: 1, max: 1, fn: ([v]) => num(Math.abs(toNumber(v))) },
  SPLIT: {
    min: 1,
    max: 3,
    fn: ([v, sep, lim], ctx, n) => {
      const s = toStr(v!);
      let parts: string[];
      if (sep === undefined || sep === null) parts = [s];
      else if (Array.isArray(sep)) {
        const seps = sep.map((x) => toStr(x)).filter((x) => x.length > 0);
        parts = seps.length === 0 ? chars(s) : splitAny(s, seps);
      } else if (typeof sep === "string") parts = sep === "" ? chars(s) : s.split(sep);
      else return badArg(ctx, n);
      if (lim !== undefined && lim !== null) {
        const l = Math.trunc(toNumber(lim));
        if (l >= 0) parts = parts.slice(0, l);
      }
      return parts;
    },
  },
  TRIM: {
    min: 1,
    max: 2,
    fn: ([v, how]) => {
      const s = toStr(v!);
      let set = " \t\r\n";
      let mode = 0;
      if (typeof how === "string") set = how;
      else if (how !== undefined && how !== null) mode = Math.trunc(toNumber(how));
      const cs = chars(s);
      let a = 0;
      let b = cs.length;
      if (mode === 0 || mode === 1) while (a < b && set.includes(cs[a]!)) a++;
      if (mode === 0 || mode === 2) while (b > a && set.includes(cs[b - 1]!)) b--;
      return cs.slice(a, b).join("");
    },
  },
  REVERSE: {
    min: 1,
    max: 1,
    fn: ([v], ctx, n) => {
      if (Array.isArray(v)) return v.slice().reverse();
      if (typeof v === "string") return chars(v).reverse().join("");
      return badArg(ctx, n);
    },
  },
  NOT_NULL: {
    min: 1,
    max: Infinity,
    fn: (args) => {
      for (const x of args) if (x !== null) return x;
      return null;
    },
  },
  FIRST_DOCUMENT: {
    min: 1,
    max: Infinity,
    fn: (args) => {
      for (const x of args) if (isObject(x)) return x;
      return null;
    },
  },
  POSITION: {
    min: 2,
    max: 3,
    fn: ([a, s, ri], ctx, n) => {
      if (!Array.isArray(a)) return badArg(ctx, n);
      const idx = a.findIndex((x) => equals(x, s));
      return toBool(ri) ? idx : idx >= 0;
    },
  },
  SLICE: {
    min: 2,
    max: 3,
    fn: ([a, s, l], ctx, n) => {
      if (!Array.isArray(a)) return badArg(ctx, n);
      let start = Math.trunc(toNumber(s));
      if (start < 0) start = Math.max(0, a.length + start);
      if (l === undefined || l === null) return a.slice(start);
      const len = Math.trunc(toNumber(l));
      return len >= 0 ? a.slice(start, start + len) : a.slice(start, Math.max(start, a.length + len));
    },
  },
  ZIP: {
    min: 2,
    max: 2,
    fn: ([k, v], ctx, n) => {
      if (!Array.isArray(k) || !Array.isArray(v) || k.length !== v.length) return badArg(ctx, n);
      const out: Obj = {};
      for (let i = 0; i < k.length; i++) setOwn(out, toStr(k[i]!), v[i]);
      return out;
    },
  },
};
Object.assign(F, INDEX_FUNCTIONS);
F.COUNT = F.LENGTH!;
F.AVG = F.AVERAGE!;
F.IS_DOCUMENT = F.IS_OBJECT!;

export const FUNCTIONS: Readonly<Record<string, FnDef>> = F;

function rangeTooBig(): LocalError {
  return new LocalError(400, 1504, "number out of range");
}

/** Aggregations usable in COLLECT … AGGREGATE: the function applied to the group's values. */
export const AGGREGATES: Readonly<Record<string, (values: Value[]) => Value>> = {
  LENGTH: (v) => v.length,
  COUNT: (v) => v.length,
  SUM: (v) => sum(v),
  AVERAGE: (v) => average(v),
  AVG: (v) => average(v),
  MIN: (v) => extreme(v, -1),
  MAX: (v) => extreme(v, 1),
  UNIQUE: (v) => unique(v),
  SORTED_UNIQUE: (v) => unique(v).sort(compare),
  COUNT_DISTINCT: (v) => unique(v).length,
  COUNT_UNIQUE: (v) => unique(v).length,
  PUSH: (v) => v,
};
