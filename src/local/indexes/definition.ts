/**
 * Index definitions: what a create request asks for, checked and normalized (ArangoDB's defaults), and the
 * serializable form a collection's indexes are persisted and recreated from.
 */
import { LocalError } from "../errors.js";

interface Base {
  /** The number part of the id (`collection/<id>`). */
  readonly id: string;
  readonly name: string;
  readonly fields: readonly string[];
}

export interface PersistentDefinition extends Base {
  readonly type: "persistent";
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly deduplicate: boolean;
  readonly estimates: boolean;
}

export interface TtlDefinition extends Base {
  readonly type: "ttl";
  /** Seconds after the date in the field. */
  readonly expireAfter: number;
}

export interface GeoDefinition extends Base {
  readonly type: "geo";
  /** One field holding GeoJSON (`[lon, lat]` or a Point) instead of `[lat, lon]`. */
  readonly geoJson: boolean;
}

export interface FulltextDefinition extends Base {
  readonly type: "fulltext";
  readonly minLength: number;
}

/** A secondary index as it is persisted and recreated (JSON-serializable). */
export type IndexDefinition = PersistentDefinition | TtlDefinition | GeoDefinition | FulltextDefinition;

/** A definition before the collection gave it an id (and, unless asked for, a name). */
export type IndexRequest = { [K in IndexDefinition["type"]]: Omit<Extract<IndexDefinition, { type: K }>, "id" | "name"> & { name?: string } }[IndexDefinition["type"]];

const MAX_FIELDS = 32;
const MAX_FIELD_LENGTH = 1024;

const bad = (message: string) => new LocalError(400, 10, message);

function flag(body: Record<string, unknown>, name: string, dflt: boolean): boolean {
  const v = body[name];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== "boolean") throw bad(`bad parameter: '${name}' must be a boolean`);
  return v;
}

function fieldsOf(body: Record<string, unknown>, min: number, max: number): string[] {
  const f = body["fields"];
  if (!Array.isArray(f) || f.length < min || f.length > max) {
    throw bad(min === max ? `invalid index definition: expecting ${min} field(s) in 'fields'` : `invalid index definition: 'fields' must be an array of ${min} to ${max} attribute names`);
  }
  const out: string[] = [];
  for (const x of f) {
    if (typeof x !== "string" || x.length === 0 || x.length > MAX_FIELD_LENGTH) throw bad("invalid index definition: 'fields' must hold non-empty attribute names");
    if (x.includes("[*]")) throw bad("invalid index definition: array expansion ([*]) is not supported by the local fabric");
    if (x.split(".").some((p) => p === "")) throw bad(`invalid index definition: bad attribute path '${x}'`);
    if (out.includes(x)) throw bad(`invalid index definition: duplicate attribute name '${x}'`);
    out.push(x);
  }
  return out;
}

/**
 * Checks a create body (`typeInPath` from `POST /_api/index/{type}`); 400/10 for a bad definition. `hash` and
 * `skiplist` become `persistent`, as in C8.
 */
export function parseIndexRequest(body: Record<string, unknown>, typeInPath?: string): IndexRequest {
  let type = typeInPath ?? body["type"];
  if (typeInPath !== undefined && body["type"] !== undefined && body["type"] !== typeInPath) {
    throw bad(`invalid index definition: type '${String(body["type"])}' in the body, '${typeInPath}' in the path`);
  }
  if (type === "hash" || type === "skiplist") type = "persistent";
  const nameV = body["name"];
  if (nameV !== undefined && (typeof nameV !== "string" || !/^[a-zA-Z][a-zA-Z0-9_-]{0,255}$/.test(nameV))) {
    throw bad("invalid index name");
  }
  const name = nameV as string | undefined;
  const named = <T extends object>(d: T): T & { name?: string } => (name === undefined ? d : { ...d, name });
  switch (type) {
    case "persistent":
      return named({
        type,
        fields: fieldsOf(body, 1, MAX_FIELDS),
        unique: flag(body, "unique", false),
        sparse: flag(body, "sparse", false),
        deduplicate: flag(body, "deduplicate", true),
        estimates: flag(body, "estimates", true),
      });
    case "ttl": {
      const e = body["expireAfter"];
      if (typeof e !== "number" || !Number.isFinite(e) || e < 0) throw bad("invalid index definition: 'expireAfter' must be a number of seconds >= 0");
      if (flag(body, "unique", false)) throw bad("invalid index definition: a ttl index cannot be unique");
      return named({ type, fields: fieldsOf(body, 1, 1), expireAfter: e });
    }
    case "geo": {
      const fields = fieldsOf(body, 1, 2);
      const geoJson = flag(body, "geoJson", false);
      if (geoJson && fields.length !== 1) throw bad("invalid index definition: 'geoJson' needs exactly one field");
      return named({ type, fields, geoJson });
    }
    case "fulltext": {
      const m = body["minLength"];
      if (m !== undefined && m !== null && (typeof m !== "number" || !Number.isInteger(m) || m < 1 || m > 40)) {
        throw bad("invalid index definition: 'minLength' must be an integer from 1 to 40");
      }
      return named({ type, fields: fieldsOf(body, 1, 1), minLength: typeof m === "number" ? m : 2 });
    }
    default:
      throw bad(`invalid index type '${String(type)}'`);
  }
}

/** Same index for ensureIndex: type, fields and the options that change what the index holds. */
export function sameDefinition(a: IndexRequest, b: IndexRequest): boolean {
  if (a.type !== b.type || a.fields.length !== b.fields.length || a.fields.some((f, i) => f !== b.fields[i])) return false;
  switch (a.type) {
    case "persistent": {
      const o = b as PersistentDefinition;
      return a.unique === o.unique && a.sparse === o.sparse;
    }
    case "ttl":
      return a.expireAfter === (b as TtlDefinition).expireAfter;
    case "geo":
      return a.geoJson === (b as GeoDefinition).geoJson;
    case "fulltext":
      return a.minLength === (b as FulltextDefinition).minLength;
  }
}
