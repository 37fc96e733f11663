/**
 * COLLECT: groups rows (by hashing the group values), fills INTO / WITH COUNT / AGGREGATE outputs, and
 * emits the groups sorted by their values, as ArangoDB's sorted COLLECT does.
 */
import { setOwn } from "../own-props.js";
import type { Statement } from "./ast.js";
import { compileExpr } from "./expressions.js";
import { AGGREGATES } from "./functions.js";
import type { Stage } from "./pipeline.js";
import type { Frame, Runtime } from "./runtime.js";
import { compare, hashKey, type Obj, type Value } from "./values.js";

interface Group {
  values: Value[];
  frame: Frame;
  count: number;
  into: Value[];
  aggs: Value[][];
}

export function compileCollect(st: Statement & { t: "collect" }, rt: Runtime): Stage {
  const groupFns = st.groups.map((g) => compileExpr(g.e, rt));
  const groupSlots = st.groups.map((g) => g.v.slot);
  const aggFns = st.aggregates.map((a) => compileExpr(a.e, rt));
  const aggImpl = st.aggregates.map((a) => AGGREGATES[a.fn]!);
  const aggSlots = st.aggregates.map((a) => a.v.slot);
  const into = st.into;
  const intoFn = into?.e ? compileExpr(into.e, rt) : undefined;
  const intoVars = into?.keep ?? st.visible;
  const countSlot = st.count?.slot;
  const single = groupFns.length === 0; // COLLECT WITH COUNT / AGGREGATE only: exactly one row

  return (next, init) => {
    const groups = new Map<string, Group>();
    const newGroup = (values: Value[], f: Frame): Group => ({
      values,
      frame: f.slice(),
      count: 0,
      into: [],
      aggs: aggFns.map(() => []),
    });
    return {
      row(f) {
        const values: Value[] = groupFns.map((g) => g(f));
        const key = single ? "" : hashKey(values);
        let g = groups.get(key);
        if (g === undefined) {
          g = newGroup(values, f);
          groups.set(key, g);
        }
        g.count++;
        if (into) {
          if (intoFn) g.into.push(intoFn(f));
          else {
            const o: Obj = {};
            for (const v of intoVars) setOwn(o, v.name, f[v.slot]!);
            g.into.push(o);
          }
        }
        for (let i = 0; i < aggFns.length; i++) g.aggs[i]!.push(aggFns[i]!(f));
        return true;
      },
      end() {
        if (single && groups.size === 0) groups.set("", newGroup([], init));
        const list = [...groups.values()];
        rt.bufferedRows = Math.max(rt.bufferedRows, list.length);
        // groups come out sorted by their values, as from ArangoDB's sorted COLLECT
        if (!single) list.sort((a, b) => compare(a.values, b.values));
        for (const g of list) {
          const f = g.frame;
          for (let i = 0; i < groupSlots.length; i++) f[groupSlots[i]!] = g.values[i]!;
          for (let i = 0; i < aggSlots.length; i++) f[aggSlots[i]!] = aggImpl[i]!(g.aggs[i]!);
          if (into) f[into.v.slot] = g.into;
          if (countSlot !== undefined) f[countSlot] = g.count;
          if (!next.row(f)) break;
        }
        next.end();
      },
    };
  };
}
