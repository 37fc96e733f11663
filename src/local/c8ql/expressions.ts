/**
 * Compiles C8QL expressions to closures over a frame (`(f) => value`), once per query run (bind
 * values and collections are resolved here, so evaluation does no lookups).
 */
import { LocalError } from "../errors.js";
import { setOwn } from "../own-props.js";
import type { Expr } from "./ast.js";
import { FUNCTIONS } from "./functions.js";
import { like } from "./like.js";
import { compileBody } from "./pipeline.js";
import { compileRegex } from "./regex.js";
import type { Fn, Frame, Runtime } from "./runtime.js";
import {
  compare,
  equals,
  fromJs,
  isObject,
  num,
  toBool,
  toNumber,
  toStr,
  typeName,
  type Obj,
  type Value,
} from "./values.js";

/** Largest array a range (`a..b`) may build. */
export const MAX_RANGE = 10_000_000;

function badBind(key: string): LocalError {
  return new LocalError(400, 1553, `bind parameter '${key}' has an invalid value or type`);
}

/** Attribute read that never reaches Object.prototype (`{}`.constructor must read as null). */
function attrReader(name: string): (v: Value) => Value {
  if (name in Object.prototype) {
    return (v) => (isObject(v) && Object.prototype.hasOwnProperty.call(v, name) ? v[name]! : null);
  }
  return (v) => {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const x = (v as Obj)[name];
      return x === undefined ? null : x;
    }
    return null;
  };
}

function indexValue(v: Value, i: Value): Value {
  if (Array.isArray(v)) {
    let n: number;
    if (typeof i === "number") n = i;
    else if (typeof i === "string" && /^-?[0-9]+$/.test(i)) n = Number(i);
    else return null;
    n = Math.trunc(n);
    if (n < 0) n += v.length;
    const x = v[n];
    return x === undefined ? null : x;
  }
  if (isObject(v)) {
    const k = typeof i === "string" ? i : typeof i === "number" ? toStr(i) : null;
    if (k === null || !Object.prototype.hasOwnProperty.call(v, k)) return null;
    return v[k]!;
  }
  return null;
}

/** `a..b`: integers from a to b (descending when a > b). */
export function range(a: Value, b: Value): number[] {
  const lo = Math.trunc(toNumber(a));
  const hi = Math.trunc(toNumber(b));
  const n = Math.abs(hi - lo) + 1;
  if (n > MAX_RANGE) throw new LocalError(400, 1504, "number out of range");
  const out: number[] = new Array(n);
  const step = hi >= lo ? 1 : -1;
  for (let i = 0; i < n; i++) out[i] = lo + i * step;
  return out;
}

/** True when the expression has no variables, subqueries or collections (OPTIONS must be constant). */
export function isConstant(e: Expr): boolean {
  switch (e.t) {
    case "lit":
    case "param":
      return true;
    case "arr":
      return e.items.every(isConstant);
    case "obj":
      return e.entries.every((x) => isConstant(x.v) && (x.k !== "computed" || isConstant(x.key)));
    case "unary":
      return isConstant(e.e);
    case "bin":
      return isConstant(e.l) && isConstant(e.r);
    case "ternary":
      return isConstant(e.c) && isConstant(e.b) && (e.a === undefined || isConstant(e.a));
    case "attr":
      return isConstant(e.obj);
    case "index":
      return isConstant(e.obj) && isConstant(e.index);
    case "call":
      return e.name !== "SLEEP" && e.name !== "DATE_NOW" && e.name !== "DOCUMENT" && e.args.every(isConstant);
    default:
      return false;
  }
}

export function compileExpr(e: Expr, rt: Runtime): Fn {
  switch (e.t) {
    case "lit": {
      const v = e.v;
      return () => v;
    }
    case "param": {
      const v = fromJs(rt.bind[e.name]);
      return () => v;
    }
    case "var": {
      const s = e.slot;
      return (f) => f[s]!;
    }
    case "coll":
      rt.collection(e.name);
      throw new LocalError(400, 1568, `collection '${e.name}' used as expression operand`);
    case "dsparam": {
      const c = rt.collectionParam(e.name);
      throw new LocalError(400, 1568, `collection '${c.name}' used as expression operand`);
    }
    case "arr": {
      const items = e.items.map((x) => compileExpr(x, rt));
      const n = items.length;
      return (f) => {
        const out: Value[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = items[i]!(f);
        return out;
      };
    }
    case "obj": {
      const parts = e.entries.map((x) => {
        const v = compileExpr(x.v, rt);
        if (x.k === "name") return { name: x.name, v };
        if (x.k === "param") {
          const name = rt.bind[x.param];
          if (typeof name !== "string") throw badBind(x.param);
          return { name, v };
        }
        return { key: compileExpr(x.key, rt), v };
      });
      return (f) => {
        const out: Obj = {};
        for (const p of parts) {
          const k = p.name ?? toStr(p.key!(f));
          setOwn(out, k, p.v(f));
        }
        return out;
      };
    }
    case "attr": {
      const o = compileExpr(e.obj, rt);
      const read = attrReader(e.name);
      return (f) => read(o(f));
    }
    case "attrParam": {
      const o = compileExpr(e.obj, rt);
      const p = rt.bind[e.param];
      // a string names one attribute; an array of strings a path (as in ArangoDB 3.x)
      const path = typeof p === "string" ? [p] : Array.isArray(p) && p.length > 0 && p.every((x) => typeof x === "string") ? (p as string[]) : null;
      if (path === null || path.some((x) => x.length === 0)) throw badBind(e.param);
      const readers = path.map(attrReader);
      return (f) => {
        let v = o(f);
        for (const r of readers) v = r(v);
        return v;
      };
    }
    case "index": {
      const o = compileExpr(e.obj, rt);
      const i = compileExpr(e.index, rt);
      return (f) => indexValue(o(f), i(f));
    }
    case "expand":
      return compileExpansion(e, rt);
    case "call":
      return compileCall(e, rt);
    case "unary": {
      const x = compileExpr(e.e, rt);
      if (e.op === "!") return (f) => !toBool(x(f));
      if (e.op === "-") return (f) => num(-toNumber(x(f)));
      return (f) => num(toNumber(x(f)));
    }
    case "ternary": {
      const c = compileExpr(e.c, rt);
      const b = compileExpr(e.b, rt);
      if (e.a === undefined) {
        return (f) => {
          const v = c(f);
          return toBool(v) ? v : b(f);
        };
      }
      const a = compileExpr(e.a, rt);
      return (f) => (toBool(c(f)) ? a(f) : b(f));
    }
    case "subquery": {
      const run = compileBody(e.body, rt, false);
      return (f) => run(f);
    }
    case "bin":
      return compileBinary(e, rt);
  }
}

function compileBinary(e: Expr & { t: "bin" }, rt: Runtime): Fn {
  const l = compileExpr(e.l, rt);
  const r = compileExpr(e.r, rt);
  switch (e.op) {
    case "and":
      return (f) => {
        const a = l(f);
        return toBool(a) ? r(f) : a;
      };
    case "or":
      return (f) => {
        const a = l(f);
        return toBool(a) ? a : r(f);
      };
    case "+":
      return (f) => {
        const a = l(f);
        const b = r(f);
        if (typeof a === "number" && typeof b === "number") return num(a + b);
        return num(toNumber(a) + toNumber(b));
      };
    case "-":
      return (f) => {
        const a = l(f);
        const b = r(f);
        if (typeof a === "number" && typeof b === "number") return num(a - b);
        return num(toNumber(a) - toNumber(b));
      };
    case "*":
      return (f) => {
        const a = l(f);
        const b = r(f);
        if (typeof a === "number" && typeof b === "number") return num(a * b);
        return num(toNumber(a) * toNumber(b));
      };
    case "/":
    case "%": {
      const mod = e.op === "%";
      return (f) => {
        const a = l(f);
        const b = r(f);
        const x = typeof a === "number" ? a : toNumber(a);
        const y = typeof b === "number" ? b : toNumber(b);
        if (y === 0) {
          rt.warn(1562, "division by zero");
          return null;
        }
        return num(mod ? x % y : x / y);
      };
    }
    case "==":
      return (f) => {
        const a = l(f);
        const b = r(f);
        return a === b || (typeof a === "object" && typeof b === "object" && equals(a, b));
      };
    case "!=":
      return (f) => {
        const a = l(f);
        const b = r(f);
        return a !== b && !(typeof a === "object" && typeof b === "object" && equals(a, b));
      };
    case "<":
      return (f) => compare(l(f), r(f)) < 0;
    case "<=":
      return (f) => compare(l(f), r(f)) <= 0;
    case ">":
      return (f) => compare(l(f), r(f)) > 0;
    case ">=":
      return (f) => compare(l(f), r(f)) >= 0;
    case "in":
    case "nin": {
      const neg = e.op === "nin";
      return (f) => {
        const a = l(f);
        const b = r(f);
        let found = false;
        if (Array.isArray(b)) {
          for (let i = 0; i < b.length; i++) {
            if (a === b[i] || equals(a, b[i])) {
              found = true;
              break;
            }
          }
        }
        return neg ? !found : found;
      };
    }
    case "like":
    case "nlike": {
      const neg = e.op === "nlike";
      return (f) => {
        const a = toStr(l(f));
        const res = like(a, toStr(r(f)));
        return neg ? !res : res;
      };
    }
    case "=~":
    case "!~": {
      const neg = e.op === "!~";
      return (f) => {
        const a = toStr(l(f));
        const re = compileRegex(toStr(r(f)), false);
        if (re === null) {
          rt.warn(1543, "invalid regex value");
          return null;
        }
        const res = re.test(a);
        return neg ? !res : res;
      };
    }
    case "..":
      return (f) => range(l(f), r(f));
  }
}

function compileExpansion(e: Expr & { t: "expand" }, rt: Runtime): Fn {
  const src = compileExpr(e.src, rt);
  const slot = e.slot;
  const filter = e.filter ? compileExpr(e.filter, rt) : undefined;
  const ret = e.ret ? compileExpr(e.ret, rt) : undefined;
  const proj = e.proj ? compileExpr(e.proj, rt) : undefined;
  const limit = e.limit ? [compileExpr(e.limit[0], rt), compileExpr(e.limit[1], rt)] : undefined;
  const flattenDepth = e.depth - 1;
  return (f: Frame) => {
    let arr = src(f);
    if (!Array.isArray(arr)) return [];
    if (flattenDepth > 0) arr = (FUNCTIONS.FLATTEN!.fn([arr, flattenDepth], rt, "FLATTEN") as Value[]) ?? [];
    let skip = 0;
    let take = Infinity;
    if (limit) {
      skip = Math.max(0, Math.trunc(toNumber(limit[0]!(f))));
      take = Math.max(0, Math.trunc(toNumber(limit[1]!(f))));
    }
    const out: Value[] = [];
    for (const x of arr) {
      f[slot] = x;
      if (filter && !toBool(filter(f))) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      if (take-- <= 0) break;
      let v = ret ? ret(f) : x;
      if (proj) {
        f[slot] = v;
        v = proj(f);
      }
      out.push(v);
    }
    return out;
  };
}

/** Functions whose collection argument is the collection's name (geo and fulltext index functions). */
const COLLECTION_ARG_FUNCTIONS = new Set(["NEAR", "WITHIN", "WITHIN_RECTANGLE", "FULLTEXT"]);

function compileCall(e: Expr & { t: "call" }, rt: Runtime): Fn {
  const def = FUNCTIONS[e.name]!;
  const name = e.name;
  // a collection passed to LENGTH/COUNT is its document count, to DOCUMENT its name (as in ArangoDB)
  const first = e.args[0];
  if ((name === "LENGTH" || name === "COUNT") && first !== undefined && (first.t === "coll" || first.t === "dsparam")) {
    const c = first.t === "coll" ? rt.collection(first.name) : rt.collectionParam(first.name);
    return () => c.count();
  }
  const args: Fn[] = e.args.map((a) => {
    if ((name === "DOCUMENT" || COLLECTION_ARG_FUNCTIONS.has(name)) && (a.t === "coll" || a.t === "dsparam")) {
      const c = a.t === "coll" ? rt.collection(a.name) : rt.collectionParam(a.name);
      return () => c.name;
    }
    return compileExpr(a, rt);
  });
  const fn = def.fn;
  switch (args.length) {
    case 0:
      return () => fn([], rt, name);
    case 1: {
      const a = args[0]!;
      return (f) => fn([a(f)], rt, name);
    }
    case 2: {
      const a = args[0]!;
      const b = args[1]!;
      return (f) => fn([a(f), b(f)], rt, name);
    }
    default:
      return (f) => {
        const vals: Value[] = new Array(args.length);
        for (let i = 0; i < args.length; i++) vals[i] = args[i]!(f);
        return fn(vals, rt, name);
      };
  }
}

/** Message part ArangoDB uses for a FOR operand that is neither a collection nor an array. */
export function describeValue(v: Value): string {
  const s = JSON.stringify(v);
  return `type '${typeName(v)}' with content '${s.length > 100 ? s.slice(0, 100) + "..." : s}'`;
}
