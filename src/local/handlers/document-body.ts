/**
 * C8 keeps `_id`, `_key` and `_rev` only at the top level of a stored document: inside nested objects they are
 * dropped (recorded: a replace whose body nests `old: {_key, _id, _rev, …}` reads back without them). Documents
 * written over HTTP pass through here before the store sees them.
 */
const NESTED_SYSTEM = new Set(["_id", "_key", "_rev"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value with nested system attributes removed; the same object when there were none (the common case). */
function stripNested(v: unknown): unknown {
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const s = stripNested(v[i]);
      if (s !== v[i]) (out ??= v.slice())[i] = s;
    }
    return out ?? v;
  }
  if (!isObject(v)) return v;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(v)) {
    if (NESTED_SYSTEM.has(k)) {
      out ??= { ...v };
      delete out[k];
      continue;
    }
    const s = stripNested(v[k]);
    if (s !== v[k]) (out ??= { ...v })[k] = s;
  }
  return out ?? v;
}

/** A document body as C8 stores it: top-level attributes kept, nested `_id`/`_key`/`_rev` dropped. */
export function documentBody(doc: unknown): unknown {
  if (!isObject(doc)) return doc;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(doc)) {
    const v = doc[k];
    if (typeof v !== "object" || v === null) continue;
    const s = stripNested(v);
    if (s !== v) (out ??= { ...doc })[k] = s;
  }
  return out ?? doc;
}
