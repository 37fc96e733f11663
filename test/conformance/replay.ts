/**
 * Replaying recorded C8 traffic against the local fabric: loading cassettes, deciding what is in scope,
 * building what a cassette presupposes, translating server-made values (keys, revisions, cursor ids) from the
 * recording to ours, and comparing answers by shape.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Exchange {
  request: { method: string; path: string; query: Record<string, string>; headers: Record<string, string>; body: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

export interface Cassette {
  file: string;
  source: string;
  test: string;
  exchanges: Exchange[];
}

export function loadCassettes(dir: string): Cassette[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(join(dir, file), "utf8")) as Omit<Cassette, "file">) }));
}

// ---------------------------------------------------------------------------------------------------------------
// scope

const errorNumOf = (e: Exchange): unknown => (e.response.body as { errorNum?: unknown } | null)?.errorNum;

/** Out-of-scope exchanges, each with the reason; the first rule that applies wins. */
export const SKIP_RULES: ReadonlyArray<{ reason: string; applies: (e: Exchange) => boolean }> = [
  {
    reason: "export API (/_api/export) is not in the spec",
    applies: (e) => e.request.path.includes("/_api/export"),
  },
  {
    reason: "SQL cursors (/_api/cursor/sql) are not in the spec",
    applies: (e) => e.request.path.endsWith("/_api/cursor/sql"),
  },
  {
    reason: "query management (/_api/query/current|slow|{id}) is not in the spec",
    // An unknown fabric still answers 1228 first (intake order), so those exchanges are replayed.
    applies: (e) => e.request.path.includes("/_api/query/") && errorNumOf(e) !== 1228,
  },
  {
    reason: "fabric metadata (/database/metadata) is not in the spec",
    applies: (e) => e.request.path.endsWith("/_api/database/metadata") && errorNumOf(e) !== 1228,
  },
  {
    reason: "datacenter API (/datacenter/…) is not in the spec",
    applies: (e) => e.request.path.startsWith("/datacenter"),
  },
  {
    reason: "user management (POST/DELETE /_api/user) is not in the spec",
    applies: (e) => e.request.path.startsWith("/_api/user") && e.request.method !== "GET",
  },
  {
    reason: "a query killed from another connection (needs the query-kill API, /_api/query/{id})",
    applies: (e) => e.response.status === 410 && errorNumOf(e) === 1500,
  },
];

export function skipReason(e: Exchange): string | undefined {
  return SKIP_RULES.find((r) => r.applies(e))?.reason;
}

// ---------------------------------------------------------------------------------------------------------------
// what a cassette presupposes

export interface Preconditions {
  /** Fabrics to create (besides `_system`), with the metadata the cassette's reads show they had. */
  fabrics: Array<{ name: string; metadata?: Record<string, unknown> }>;
  /** fabric → collection → type, for collections that exist before the cassette starts. */
  collections: Map<string, Map<string, 2 | 3>>;
  /** fabric → collection → documents that already existed (seen as 1210 conflicts, contents from later reads). */
  documents: Map<string, Map<string, Map<string, Record<string, unknown>>>>;
  /** Users named in auth requests (besides the default one). */
  usernames: string[];
  /** fabric → collection → index definitions the cassette's geo and fulltext queries presuppose. */
  indexes: Map<string, Map<string, Array<Record<string, unknown>>>>;
}

/**
 * The indexes pyC8's test setup created (not recorded): a fulltext index on each attribute a FULLTEXT query
 * searches (unless C8 answered "no suitable fulltext index", 1571), and for NEAR/WITHIN queries a geo index on
 * the imported documents' attribute that holds `[lat, lon]` pairs.
 */
function indexPreconditions(c: Cassette): Preconditions["indexes"] {
  const out: Preconditions["indexes"] = new Map();
  const add = (fabric: string, coll: string, def: Record<string, unknown>) => {
    const defs = getOrSet(getOrSet(out, fabric, () => new Map<string, Array<Record<string, unknown>>>()), coll, (): Array<Record<string, unknown>> => []);
    if (!defs.some((d) => JSON.stringify(d) === JSON.stringify(def))) defs.push(def);
  };
  const pairs = new Map<string, Set<string>>(); // collection → attributes holding [number, number]
  for (const e of c.exchanges) {
    const named = /\/_api\/import\/([^/]+)/.exec(e.request.path)?.[1];
    if (named === undefined) continue;
    for (const d of ((e.request.body as { data?: unknown[] } | null)?.data ?? []) as Array<Record<string, unknown>>) {
      for (const [k, v] of Object.entries(d)) {
        if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number")) getOrSet(pairs, named, () => new Set()).add(k);
      }
    }
  }
  for (const e of c.exchanges) {
    const fabric = fabricOfPath(e.request.path);
    if (fabric === undefined || !e.request.path.endsWith("/_api/cursor")) continue;
    const body = e.request.body as { query?: unknown; bindVars?: Record<string, unknown> } | null;
    const query = String(body?.query ?? "");
    const bind = body?.bindVars ?? {};
    const m = /\b(FULLTEXT|NEAR|WITHIN(?:_RECTANGLE)?)\s*\(\s*(@@?\w+|\w+)\s*,\s*(@\w+|"[^"]*")?/.exec(query);
    if (m === undefined || m === null) continue;
    const resolve = (t: string | undefined) => (t === undefined ? undefined : t.startsWith("@@") ? bind[t.slice(1)] : t.startsWith("@") ? bind[t.slice(1)] : t.startsWith('"') ? t.slice(1, -1) : t);
    const coll = resolve(m[2]);
    if (typeof coll !== "string") continue;
    if (m[1] === "FULLTEXT") {
      const field = resolve(m[3]);
      if (typeof field === "string" && errorNumOf(e) !== 1571) add(fabric, coll, { type: "fulltext", fields: [field] });
    } else {
      for (const attr of pairs.get(coll) ?? []) add(fabric, coll, { type: "geo", fields: [attr] });
    }
  }
  return out;
}

function fabricOfPath(path: string): string | undefined {
  const m = /^\/_fabric\/([^/]+)\//.exec(path);
  return m?.[1];
}

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

export function preconditions(c: Cassette): Preconditions {
  const fabricsSeen = new Set<string>();
  const fabricsCreated = new Set<string>();
  const collections = new Map<string, Map<string, 2 | 3>>();
  const created = new Set<string>(); // fabric \0 collection
  const documents: Preconditions["documents"] = new Map();
  const usernames = new Set<string>();
  const metadata = new Map<string, Record<string, unknown>>();

  for (const e of c.exchanges) {
    const { method, path, body } = e.request;
    const res = e.response;
    const fabric = fabricOfPath(path);
    if (path === "/_open/auth" && typeof (body as { username?: unknown })?.username === "string") {
      usernames.add((body as { username: string }).username);
    }
    if (fabric === undefined) continue;
    if (errorNumOf(e) !== 1228 && fabric !== "_system") fabricsSeen.add(fabric);
    if (method === "GET" && path.endsWith("/_api/database/current") && res.status === 200 && !metadata.has(fabric)) {
      const md = (res.body as { result?: { options?: { metadata?: unknown } } }).result?.options?.metadata;
      if (typeof md === "object" && md !== null) metadata.set(fabric, md as Record<string, unknown>);
    }
    if (method === "POST" && path.endsWith("/_api/database") && res.status === 201) {
      fabricsCreated.add(String((body as { name?: unknown }).name));
    }
    const cols = getOrSet(collections, fabric, () => new Map<string, 2 | 3>());
    if (method === "POST" && path.endsWith("/_api/collection") && res.status === 200) {
      created.add(`${fabric}\0${String((body as { name?: unknown }).name)}`);
    }
    if (method === "GET" && path.endsWith("/_api/collection") && res.status === 200) {
      for (const item of (res.body as { result: Array<{ name: string; type: 2 | 3; isSystem: boolean }> }).result) {
        if (!item.isSystem) cols.set(item.name, item.type);
      }
    }
    const named = /\/_api\/(?:collection|document|import)\/([^/]+)/.exec(path)?.[1];
    if (named !== undefined && errorNumOf(e) !== 1203 && !cols.has(named)) cols.set(named, 2);
    // documents an import found already there
    if (named !== undefined && path.includes("/_api/import/")) {
      const errors = (res.body as { result?: { details?: { errors?: Array<{ document: Record<string, unknown>; errorNumber: number }> } } })
        .result?.details?.errors;
      for (const err of errors ?? []) {
        if (err.errorNumber !== 1210) continue;
        const docs = getOrSet(getOrSet(documents, fabric, () => new Map()), named, () => new Map());
        docs.set(String(err.document["_key"]), { ...err.document });
      }
    }
  }
  // contents of pre-existing documents as the cassette's own reads show them
  for (const e of c.exchanges) {
    const fabric = fabricOfPath(e.request.path);
    if (fabric === undefined || !/\/_api\/cursor(\/[0-9]+)?$/.test(e.request.path)) continue;
    for (const d of ((e.response.body as { result?: unknown[] } | null)?.result ?? []) as Array<Record<string, unknown>>) {
      if (typeof d !== "object" || d === null || typeof d["_id"] !== "string") continue;
      const [col, key] = (d["_id"] as string).split("/") as [string, string];
      const existing = documents.get(fabric)?.get(col)?.get(key);
      if (existing === undefined) continue;
      const { _id, _rev, ...rest } = d;
      documents.get(fabric)!.get(col)!.set(key, { ...rest });
      void _id;
      void _rev;
    }
  }
  for (const [fabric, cols] of collections) for (const name of cols.keys()) if (created.has(`${fabric}\0${name}`)) cols.delete(name);
  for (const f of collections.keys()) if (!fabricsSeen.has(f)) collections.delete(f);
  return {
    fabrics: [...fabricsSeen].filter((f) => !fabricsCreated.has(f)).map((name) => ({ name, metadata: metadata.get(name) })),
    collections,
    documents,
    usernames: [...usernames],
    indexes: indexPreconditions(c),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// server-made values: recorded → ours

const TRANSLATED_KEYS = new Set(["_key", "_id", "_rev", "_oldRev", "id"]);

/** Learns recorded→ours pairs for keys, ids, revisions and cursor ids by walking both answers in parallel. */
export function learnValues(recorded: unknown, ours: unknown, map: Map<string, string>): void {
  if (Array.isArray(recorded) && Array.isArray(ours)) {
    for (let i = 0; i < Math.min(recorded.length, ours.length); i++) learnValues(recorded[i], ours[i], map);
    return;
  }
  if (!isObject(recorded) || !isObject(ours)) return;
  for (const [k, v] of Object.entries(recorded)) {
    const o = ours[k];
    if (TRANSLATED_KEYS.has(k) && typeof v === "string" && typeof o === "string") {
      if (v !== o) map.set(v, o);
    } else {
      learnValues(v, o, map);
    }
  }
}

/** Rewrites a recorded request's server-made values (path segments, If-Match, `_key`/`_id`/`_rev`, key lists). */
export function translate<T>(value: T, map: Map<string, string>): T {
  if (typeof value === "string") return (map.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => translate(v, map)) as T;
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = typeof v === "string" ? (TRANSLATED_KEYS.has(k) ? translate(v, map) : v) : translate(v, map);
  }
  return out as T;
}

export function translatePath(path: string, map: Map<string, string>): string {
  return path
    .split("/")
    .map((seg) => {
      const decoded = decodeURIComponent(seg);
      const t = map.get(decoded);
      return t === undefined ? seg : encodeURIComponent(t);
    })
    .join("/");
}

// ---------------------------------------------------------------------------------------------------------------
// comparing

/** Keys C8 adds that the local fabric does not have: `_rice` is GDN's replication metadata inside `old`. */
const IGNORED_KEYS = new Set(["_rice"]);
/** Values compared exactly (not volatile). */
const EXACT_KEYS = new Set(["error", "code", "errorNum"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/**
 * Differences in shape: same keys (minus ignored ones), same value types, recursively; arrays element by element
 * and of the same length, except where the length depends on earlier, unrecorded state (`lengthFree`), where
 * each of our items is compared with the first recorded one.
 */
export function shapeDiff(recorded: unknown, ours: unknown, where: string, lengthFree: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (kind(recorded) !== kind(ours)) return [`${where}: ${kind(recorded)} recorded, ${kind(ours)} here`];
  if (Array.isArray(recorded) && Array.isArray(ours)) {
    if (lengthFree.has(where)) {
      const model = recorded[0];
      if (model !== undefined) for (let i = 0; i < ours.length; i++) out.push(...shapeDiff(model, ours[i], `${where}[]`, lengthFree));
      return out;
    }
    if (recorded.length !== ours.length) return [`${where}: ${recorded.length} items recorded, ${ours.length} here`];
    for (let i = 0; i < recorded.length; i++) out.push(...shapeDiff(recorded[i], ours[i], `${where}[${i}]`, lengthFree));
    return out;
  }
  if (isObject(recorded) && isObject(ours)) {
    const rk = Object.keys(recorded).filter((k) => !IGNORED_KEYS.has(k));
    const ok = Object.keys(ours).filter((k) => !IGNORED_KEYS.has(k));
    for (const k of rk) if (!(k in ours)) out.push(`${where}.${k}: missing here`);
    for (const k of ok) if (!(k in recorded)) out.push(`${where}.${k}: not recorded`);
    for (const k of rk) {
      if (!(k in ours)) continue;
      if (EXACT_KEYS.has(k) && recorded[k] !== ours[k]) out.push(`${where}.${k}: ${JSON.stringify(recorded[k])} recorded, ${JSON.stringify(ours[k])} here`);
      else out.push(...shapeDiff(recorded[k], ours[k], `${where}.${k}`, lengthFree));
    }
  }
  return out;
}
