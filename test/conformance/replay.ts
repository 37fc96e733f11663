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
    reason: "datacenter API (/datacenter/…): GDN's region directory, which a single local server cannot mean",
    applies: (e) => e.request.path.startsWith("/datacenter"),
  },
  {
    reason: "pending query management (/_api/query/current|slow|{id}, engine helper)",
    // An unknown fabric still answers 1228 first (intake order), so those exchanges are replayed.
    applies: (e) => e.request.path.includes("/_api/query/") && errorNumOf(e) !== 1228,
  },
  {
    reason: "pending query kill (a query killed from another connection, engine helper)",
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
  /** Users named in auth requests (besides the default one), minus those the cassette creates itself. */
  usernames: string[];
  /** E-mails of users the cassette creates (`POST /_api/user`): the default user must not have them. */
  createdEmails: string[];
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
  const createdUsers = new Set<string>();
  const createdEmails = new Set<string>();

  for (const e of c.exchanges) {
    const { method, path, body } = e.request;
    const res = e.response;
    const fabric = fabricOfPath(path);
    if (path === "/_open/auth" && typeof (body as { username?: unknown })?.username === "string") {
      usernames.add((body as { username: string }).username);
    }
    if (method === "POST" && path === "/_api/user" && res.status === 201) {
      createdUsers.add(String((res.body as { user?: unknown }).user));
      createdEmails.add(String((body as { email?: unknown }).email));
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
    usernames: [...usernames].filter((u) => !createdUsers.has(u)),
    createdEmails: [...createdEmails],
    indexes: indexPreconditions(c),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// server-made values: recorded → ours

const TRANSLATED_KEYS = new Set(["_key", "_id", "_rev", "_oldRev", "id", "user", "username"]);

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

/**
 * Volatile values: compared by type only. Everything else must equal the recording. Ids and revisions are
 * server-made (recorded ones are translated to ours in later requests), times and memory are measured, JWTs are
 * signed with another key, and statistics counters depend on how a plan scans.
 */
export const VOLATILE_KEYS: ReadonlySet<string> = new Set([
  // ids and revisions
  "_rev",
  "_oldRev",
  "id",
  "globallyUniqueId",
  "jwt",
  "objectId",
  // timings and memory
  "executionTime",
  "profile",
  "peakMemoryUsage",
  // statistics counters
  "scannedFull",
  "scannedIndex",
  "filtered",
  "httpRequests",
  "figures",
]);

/**
 * Keys whose values the server may make up, with the form of a made-up value: generated document keys (and the
 * ids made of them) are decimal numbers; generated user names are ~22 base64url characters.
 */
const GENERATED: ReadonlyMap<string, RegExp> = new Map([
  ["_key", /^[0-9]+$/],
  ["_id", /^[^/]+\/[0-9]+$/],
  ["user", /^[A-Za-z0-9_-]{20,24}$/],
  ["displayName", /^[A-Za-z0-9_-]{20,24}$/],
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/**
 * Differences between a recorded answer and ours: same keys (minus ignored ones), equal values except volatile
 * ones (same type there), recursively; arrays element by element and of the same length. Recorded server-made
 * keys (generated `_key`s and the `_id`s made of them) are translated to ours before comparing.
 */
export function valueDiff(recorded: unknown, ours: unknown, where: string, values: ReadonlyMap<string, string>, volatile = false): string[] {
  if (kind(recorded) !== kind(ours)) return [`${where}: ${kind(recorded)} recorded, ${kind(ours)} here`];
  if (Array.isArray(recorded) && Array.isArray(ours)) {
    if (recorded.length !== ours.length) return [`${where}: ${recorded.length} items recorded, ${ours.length} here`];
    return recorded.flatMap((r, i) => valueDiff(r, ours[i], `${where}[${i}]`, values, volatile));
  }
  if (isObject(recorded) && isObject(ours)) {
    const out: string[] = [];
    const rk = Object.keys(recorded).filter((k) => !IGNORED_KEYS.has(k));
    const ok = Object.keys(ours).filter((k) => !IGNORED_KEYS.has(k));
    for (const k of rk) if (!(k in ours)) out.push(`${where}.${k}: missing here`);
    for (const k of ok) if (!(k in recorded)) out.push(`${where}.${k}: not recorded`);
    for (const k of rk) {
      if (!(k in ours)) continue;
      const r = recorded[k];
      const o = ours[k];
      // a key generated here for the first time (learnt afterwards, translated in later exchanges)
      const form = GENERATED.get(k);
      const fresh = form !== undefined && typeof r === "string" && typeof o === "string" && form.test(r) && form.test(o) && !values.has(r);
      if (!fresh) out.push(...valueDiff(r, o, `${where}.${k}`, values, volatile || VOLATILE_KEYS.has(k)));
    }
    return out;
  }
  if (volatile || recorded === ours) return [];
  const translated = typeof recorded === "string" ? (values.get(recorded) ?? translateId(recorded, values)) : recorded;
  return translated === ours ? [] : [`${where}: ${JSON.stringify(recorded)} recorded, ${JSON.stringify(ours)} here`];
}

/** `collection/key` with a translated key. */
function translateId(s: string, values: ReadonlyMap<string, string>): string {
  const slash = s.indexOf("/");
  if (slash <= 0) return s;
  const key = values.get(s.slice(slash + 1));
  return key === undefined ? s : `${s.slice(0, slash)}/${key}`;
}

/**
 * Collection lists: the recording shows the collections the recorded fabric had, in its order; ours may hold
 * fewer (ones an earlier, unrecorded test left behind) or list them in another order. Every recorded item whose
 * collection we have must equal ours, and every one of ours must be recorded.
 */
export function collectionListDiff(recorded: unknown, ours: unknown, values: ReadonlyMap<string, string>): string[] {
  if (!isObject(recorded) || !isObject(ours) || !Array.isArray(recorded["result"]) || !Array.isArray(ours["result"])) {
    return valueDiff(recorded, ours, "body", values);
  }
  const { result: rec, ...recRest } = recorded as { result: Array<{ name: string }> };
  const { result: our, ...ourRest } = ours as { result: Array<{ name: string }> };
  const out = valueDiff(recRest, ourRest, "body", values);
  const recByName = new Map(rec.map((c) => [c.name, c]));
  for (const c of our) {
    const r = recByName.get(c.name);
    if (r === undefined) out.push(`body.result: ${c.name} not recorded`);
    else out.push(...valueDiff(r, c, `body.result[${c.name}]`, values));
  }
  return out;
}
