/**
 * Data-modification stages (INSERT, UPDATE, REPLACE, REMOVE, UPSERT): each row writes to the store at once
 * and binds NEW/OLD for what follows. `OPTIONS {ignoreErrors}` turns a failed write into writesIgnored.
 */
import { LocalError } from "../errors.js";
import type { Collection, WriteOptions } from "../store.js";
import type { CollRef, Expr, Statement } from "./ast.js";
import { compileExpr, isConstant } from "./expressions.js";
import type { Stage } from "./pipeline.js";
import type { Frame, Runtime } from "./runtime.js";
import { equals, isObject, toBool, type Obj, type Value } from "./values.js";

interface QueryWriteOptions extends WriteOptions {
  ignoreErrors?: boolean;
}

function writeOptions(e: Expr | undefined, rt: Runtime): QueryWriteOptions {
  if (e === undefined) return { ignoreRevs: true };
  if (!isConstant(e)) throw new LocalError(400, 1575, "query options must be readable at query compile time");
  const v = compileExpr(e, rt)([]);
  const o: Obj = isObject(v) ? v : {};
  const opts: QueryWriteOptions = { ignoreRevs: o.ignoreRevs === undefined ? true : toBool(o.ignoreRevs) };
  if (o.ignoreErrors !== undefined) opts.ignoreErrors = toBool(o.ignoreErrors);
  if (o.keepNull !== undefined) opts.keepNull = toBool(o.keepNull);
  if (o.mergeObjects !== undefined) opts.mergeObjects = toBool(o.mergeObjects);
  if (o.overwrite !== undefined) opts.overwrite = toBool(o.overwrite);
  const mode = o.overwriteMode;
  if (mode === "ignore" || mode === "replace" || mode === "update" || mode === "conflict") opts.overwriteMode = mode;
  return opts;
}

function targetCollection(ref: CollRef, rt: Runtime): Collection {
  return "name" in ref ? rt.collection(ref.name) : rt.collectionParam(ref.param);
}

/** The `_key` an UPDATE/REPLACE/REMOVE addresses: a key string, an id of this collection, or a document. */
function keyOf(v: Value, c: Collection): { key: string; rev?: string } {
  if (typeof v === "string") {
    const slash = v.indexOf("/");
    if (slash >= 0 && v.slice(0, slash) === c.name) return { key: v.slice(slash + 1) };
    return { key: v };
  }
  if (isObject(v)) {
    const rev = typeof v._rev === "string" ? v._rev : undefined;
    if (typeof v._key === "string") return rev ? { key: v._key, rev } : { key: v._key };
    if (typeof v._id === "string" && v._id.startsWith(c.name + "/")) {
      const key = v._id.slice(c.name.length + 1);
      return rev ? { key, rev } : { key };
    }
    throw new LocalError(400, 1226, "missing document key");
  }
  throw new LocalError(400, 1227, "invalid document type");
}

export function compileWrite(st: Statement & { t: "insert" | "update" | "replace" | "remove" | "upsert" }, rt: Runtime): Stage {
  const c = targetCollection(st.coll, rt);
  const opts = writeOptions(st.options, rt);
  const ignoreErrors = opts.ignoreErrors === true;
  const base: WriteOptions = { ...opts, returnNew: true, returnOld: true };
  delete (base as QueryWriteOptions).ignoreErrors;
  const stats = rt.stats;
  let apply: (f: Frame) => void;

  switch (st.t) {
    case "insert": {
      const doc = compileExpr(st.doc, rt);
      const n = st.newVar.slot;
      const o = st.oldVar.slot;
      apply = (f) => {
        const d = doc(f);
        const res = c.insert(d, base);
        if (res.new === undefined && res.old === undefined) {
          stats.writesIgnored++; // overwriteMode "ignore" met an existing document
          f[n] = (c.lookup(res._key) ?? null) as unknown as Value;
          f[o] = null;
          return;
        }
        stats.writesExecuted++;
        f[n] = (res.new ?? null) as unknown as Value;
        f[o] = (res.old ?? null) as unknown as Value;
      };
      break;
    }
    case "update":
    case "replace": {
      const doc = compileExpr(st.doc, rt);
      const key = st.key ? compileExpr(st.key, rt) : undefined;
      const n = st.newVar.slot;
      const o = st.oldVar.slot;
      const replace = st.t === "replace";
      apply = (f) => {
        const patch = doc(f);
        const k = keyOf(key ? key(f) : patch, c);
        if (!isObject(patch)) throw new LocalError(400, 1227, "invalid document type");
        const wo = opts.ignoreRevs === false && k.rev !== undefined && key !== undefined ? { ...base, ifMatch: k.rev } : base;
        const res = replace ? c.replace(k.key, patch, wo) : c.update(k.key, patch, wo);
        stats.writesExecuted++;
        f[n] = (res.new ?? null) as unknown as Value;
        f[o] = (res.old ?? null) as unknown as Value;
      };
      break;
    }
    case "remove": {
      const key = compileExpr(st.key, rt);
      const o = st.oldVar.slot;
      apply = (f) => {
        const k = keyOf(key(f), c);
        const res = c.remove(k.key, opts.ignoreRevs === false && k.rev ? { ...base, ifMatch: k.rev } : base);
        stats.writesExecuted++;
        f[o] = (res.old ?? null) as unknown as Value;
      };
      break;
    }
    case "upsert": {
      const search = compileExpr(st.search, rt);
      const ins = compileExpr(st.insert, rt);
      const upd = compileExpr(st.update, rt);
      const n = st.newVar.slot;
      const o = st.oldVar.slot;
      const replace = st.replace;
      apply = (f) => {
        const s = search(f);
        if (!isObject(s)) throw new LocalError(400, 1227, "invalid document type");
        const attrs = Object.keys(s);
        let found: Value = null;
        for (const d of c.all()) {
          stats.scannedFull++;
          const doc = d as unknown as Obj;
          if (attrs.every((a) => equals(doc[a] ?? null, s[a]!))) {
            found = doc;
            break;
          }
        }
        f[o] = found;
        if (found === null) {
          const res = c.insert(ins(f), base);
          f[n] = (res.new ?? null) as unknown as Value;
        } else {
          const key = (found as Obj)._key as string;
          const patch = upd(f);
          const res = replace ? c.replace(key, patch, base) : c.update(key, patch, base);
          f[n] = (res.new ?? null) as unknown as Value;
        }
        stats.writesExecuted++;
      };
      break;
    }
  }

  return (next) => ({
    row(f) {
      try {
        apply(f);
      } catch (err) {
        if (ignoreErrors && err instanceof LocalError) {
          stats.writesIgnored++;
          return true;
        }
        throw err;
      }
      return next.row(f);
    },
    end: () => next.end(),
  });
}
