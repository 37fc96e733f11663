/**
 * Compiles a (sub)query's statements into a push pipeline: each stage receives frames through
 * `row(f)` (returning false when nothing more is wanted, e.g. after a satisfied LIMIT) and `end()`.
 * FOR, LET and FILTER reuse the incoming frame; SORT and COLLECT copy the frames they hold.
 */
import { LocalError } from "../errors.js";
import type { Collection } from "../store.js";
import type { Statement } from "./ast.js";
import { compileCollect } from "./collect.js";
import { compileExpr, describeValue } from "./expressions.js";
import type { Frame, Runtime } from "./runtime.js";
import { compare, hashKey, toBool, toNumber, type Value } from "./values.js";
import { compileWrite } from "./writes.js";

export interface Sink {
  row(f: Frame): boolean;
  end(): void;
}
/** Builds a stage for one run of the (sub)query; `init` is the frame the run starts from. */
export type Stage = (next: Sink, init: Frame) => Sink;

/**
 * Compiles a statement list. The returned function runs it from a starting frame (the enclosing
 * frame for a subquery, a fresh one at top level) and answers the RETURN values.
 */
export function compileBody(body: Statement[], rt: Runtime, topLevel: boolean): (init: Frame) => Value[] {
  const stages: Stage[] = [];
  let lastLimit = -1;
  if (topLevel) for (let i = 0; i < body.length; i++) if (body[i]!.t === "limit") lastLimit = i;
  let ret: (Statement & { t: "return" }) | undefined;
  for (let i = 0; i < body.length; i++) {
    const st = body[i]!;
    if (st.t === "return") {
      ret = st;
      break;
    }
    stages.push(compileStatement(st, rt, body[i + 1], i === lastLimit));
  }
  const retFn = ret ? compileExpr(ret.e, rt) : undefined;
  const distinct = ret?.distinct === true;
  const countAll = topLevel && lastLimit < 0;

  return (init: Frame) => {
    const out: Value[] = [];
    let sink: Sink;
    if (retFn === undefined) {
      sink = { row: () => true, end() {} };
    } else if (distinct) {
      const seen = new Set<string>();
      sink = {
        row(f) {
          const v = retFn(f);
          const k = hashKey(v);
          if (!seen.has(k)) {
            seen.add(k);
            out.push(v);
          }
          return true;
        },
        end() {},
      };
    } else {
      sink = {
        row(f) {
          out.push(retFn(f));
          return true;
        },
        end() {},
      };
    }
    for (let i = stages.length - 1; i >= 0; i--) sink = stages[i]!(sink, init);
    sink.row(init);
    sink.end();
    if (countAll) rt.fullCount = out.length;
    return out;
  };
}

function compileStatement(st: Statement, rt: Runtime, following: Statement | undefined, fullCountLimit: boolean): Stage {
  switch (st.t) {
    case "for":
      return compileFor(st, rt, following);
    case "let": {
      const e = compileExpr(st.e, rt);
      const slot = st.v.slot;
      return (next) => ({
        row(f) {
          f[slot] = e(f);
          return next.row(f);
        },
        end: () => next.end(),
      });
    }
    case "filter": {
      const e = compileExpr(st.e, rt);
      return (next) => ({
        row(f) {
          const v = e(f);
          if (v === true || (v !== false && toBool(v))) return next.row(f);
          rt.stats.filtered++;
          return true;
        },
        end: () => next.end(),
      });
    }
    case "sort":
      return compileSort(st, rt);
    case "limit":
      return compileLimit(st, rt, fullCountLimit);
    case "collect":
      return compileCollect(st, rt);
    case "insert":
    case "update":
    case "replace":
    case "remove":
    case "upsert":
      return compileWrite(st, rt);
    case "return":
      throw new Error("RETURN is compiled by compileBody");
  }
}

// ----------------------------------------------------------------------------------------------- FOR

function compileFor(st: Statement & { t: "for" }, rt: Runtime, following: Statement | undefined): Stage {
  const slot = st.v.slot;
  const src = st.in;
  let coll: Collection | undefined;
  if (src.t === "coll") coll = rt.collection(src.name);
  else if (src.t === "dsparam") coll = rt.collectionParam(src.name);
  if (coll !== undefined) {
    const c = coll;
    const snapshot = rt.written.has(c.name);
    // `FOR d IN c SORT d._key` is served by the primary index in C8 (counted as scannedIndex)
    const byIndex =
      following?.t === "sort" &&
      following.items.length === 1 &&
      following.items[0]!.e.t === "attr" &&
      following.items[0]!.e.name === "_key" &&
      following.items[0]!.e.obj.t === "var" &&
      following.items[0]!.e.obj.slot === slot;
    return (next) => ({
      row(f) {
        const docs = snapshot ? Array.from(c.all()) : c.all();
        const stats = rt.stats;
        for (const d of docs) {
          if (byIndex) stats.scannedIndex++;
          else stats.scannedFull++;
          f[slot] = d as unknown as Value;
          if (!next.row(f)) return false;
        }
        return true;
      },
      end: () => next.end(),
    });
  }
  if (src.t === "bin" && src.op === "..") {
    // iterate a range without building the array
    const lo = compileExpr(src.l, rt);
    const hi = compileExpr(src.r, rt);
    return (next) => ({
      row(f) {
        const a = Math.trunc(toNumber(lo(f)));
        const b = Math.trunc(toNumber(hi(f)));
        if (a <= b) {
          for (let i = a; i <= b; i++) {
            f[slot] = i;
            if (!next.row(f)) return false;
          }
        } else {
          for (let i = a; i >= b; i--) {
            f[slot] = i;
            if (!next.row(f)) return false;
          }
        }
        return true;
      },
      end: () => next.end(),
    });
  }
  const e = compileExpr(src, rt);
  return (next) => ({
    row(f) {
      const v = e(f);
      if (!Array.isArray(v)) {
        throw new LocalError(
          400,
          1563,
          `collection or array expected as operand to FOR loop; you specified ${describeValue(v)}`,
        );
      }
      for (let i = 0; i < v.length; i++) {
        f[slot] = v[i]!;
        if (!next.row(f)) return false;
      }
      return true;
    },
    end: () => next.end(),
  });
}

// ------------------------------------------------------------------------------------- SORT, LIMIT

function compileSort(st: Statement & { t: "sort" }, rt: Runtime): Stage {
  const keys = st.items.map((it) => compileExpr(it.e, rt));
  const dirs = st.items.map((it) => (it.asc ? 1 : -1));
  const n = keys.length;
  return (next) => {
    const rows: { f: Frame; k: Value[] }[] = [];
    return {
      row(f) {
        const k: Value[] = new Array(n);
        for (let i = 0; i < n; i++) k[i] = keys[i]!(f);
        rows.push({ f: f.slice(), k });
        return true;
      },
      end() {
        rt.bufferedRows = Math.max(rt.bufferedRows, rows.length);
        rows.sort((a, b) => {
          for (let i = 0; i < n; i++) {
            const c = compare(a.k[i], b.k[i]);
            if (c !== 0) return c * dirs[i]!;
          }
          return 0;
        });
        for (const r of rows) if (!next.row(r.f)) break;
        next.end();
      },
    };
  };
}

function limitValue(v: Value): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new LocalError(400, 1504, "number out of range");
  }
  return Math.floor(v);
}

function compileLimit(st: Statement & { t: "limit" }, rt: Runtime, lastTopLevel: boolean): Stage {
  const fullCount = lastTopLevel && rt.wantFullCount;
  const off = compileExpr(st.offset, rt);
  const cnt = compileExpr(st.count, rt);
  return (next) => {
    // evaluated at the first row, so constant LET variables before the LIMIT can be used
    let offset = -1;
    let count = 0;
    let seen = 0;
    let emitted = 0;
    let open = true;
    return {
      row(f) {
        if (offset < 0) {
          offset = limitValue(off(f));
          count = limitValue(cnt(f));
          open = count > 0;
        }
        seen++;
        if (seen <= offset) return true;
        if (open) {
          emitted++;
          if (!next.row(f) || emitted >= count) open = false;
        }
        // keep counting everything when fullCount is wanted
        return open || fullCount;
      },
      end() {
        if (fullCount) rt.fullCount = seen;
        next.end();
      },
    };
  };
}
