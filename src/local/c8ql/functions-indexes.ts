/**
 * C8QL functions answered by geo and fulltext indexes (NEAR, WITHIN, WITHIN_RECTANGLE, FULLTEXT) and the geo
 * distance functions (DISTANCE, GEO_DISTANCE). The collection argument is its name (a collection reference is
 * passed as its name, as DOCUMENT gets it). Errors as recorded from C8: a missing index 404/1570 (geo) or 1571
 * (fulltext), a coordinate out of range 500/1505, a malformed fulltext query 400/10.
 */
import { LocalError } from "../errors.js";
import { distanceMeters, isValidLatLon, type GeoHit, type GeoIndex } from "../indexes/geo.js";
import type { Collection, Doc } from "../store.js";
import type { FnContext, FnDef } from "./functions.js";
import { isObject, num, type Value } from "./values.js";

/** ArangoDB's NEAR default limit. */
const NEAR_DEFAULT_LIMIT = 100;

function invalidArg(name: string): LocalError {
  return new LocalError(400, 1542, `invalid argument type in call to function '${name}()'`);
}

function collectionArg(ctx: FnContext, v: Value | undefined, name: string): Collection {
  if (typeof v !== "string") throw invalidArg(name);
  const c = ctx.db.findCollection(v);
  if (c === undefined) throw new LocalError(404, 1203, `collection or view not found: ${v}`);
  return c;
}

function geoIndexOf(c: Collection): GeoIndex {
  const g = c.indexes.geo();
  if (g === undefined) throw new LocalError(404, 1570, `no suitable geo index found for geo restriction on '${c.name}'`);
  return g;
}

function coordinates(lat: Value | undefined, lon: Value | undefined, name: string): [number, number] {
  if (typeof lat !== "number" || typeof lon !== "number") throw invalidArg(name);
  if (!isValidLatLon(lat, lon)) throw new LocalError(500, 1505, "invalid geo coordinate value");
  return [lat, lon];
}

function withDistance(hits: readonly GeoHit[], attr: Value | undefined): Value[] {
  if (attr === undefined || attr === null) return hits.map((h) => h.doc as unknown as Value);
  if (typeof attr !== "string" || attr === "") throw new LocalError(400, 1542, "invalid distance attribute name");
  return hits.map((h) => ({ ...(h.doc as unknown as Record<string, Value>), [attr]: num(h.distance) }) as Value);
}

/** `[lat, lon]` of a GeoJSON Point or a `[lon, lat]` pair, else undefined. */
function geoJsonPoint(v: Value | undefined): [number, number] | undefined {
  let c: Value | undefined = v;
  if (isObject(v)) c = v["type"] === "Point" ? v["coordinates"] : undefined;
  if (!Array.isArray(c) || c.length < 2 || !isValidLatLon(c[1], c[0])) return undefined;
  return [c[1] as number, c[0] as number];
}

export const INDEX_FUNCTIONS: Readonly<Record<string, FnDef>> = {
  NEAR: {
    min: 3,
    max: 5,
    fn: ([coll, lat, lon, limit, attr], ctx, name) => {
      const g = geoIndexOf(collectionArg(ctx, coll, name));
      const [la, lo] = coordinates(lat, lon, name);
      let n = NEAR_DEFAULT_LIMIT;
      if (limit !== undefined && limit !== null) {
        if (typeof limit !== "number") throw invalidArg(name);
        n = Math.max(0, Math.trunc(limit));
      }
      return withDistance(g.near(la, lo, n), attr);
    },
  },
  WITHIN: {
    min: 4,
    max: 5,
    fn: ([coll, lat, lon, radius, attr], ctx, name) => {
      const g = geoIndexOf(collectionArg(ctx, coll, name));
      const [la, lo] = coordinates(lat, lon, name);
      if (typeof radius !== "number" || !(radius >= 0)) throw invalidArg(name);
      return withDistance(g.within(la, lo, radius), attr);
    },
  },
  WITHIN_RECTANGLE: {
    min: 5,
    max: 5,
    fn: ([coll, lat1, lon1, lat2, lon2], ctx, name) => {
      const g = geoIndexOf(collectionArg(ctx, coll, name));
      const [a, b] = coordinates(lat1, lon1, name);
      const [c, d] = coordinates(lat2, lon2, name);
      return g.withinRectangle(a, b, c, d) as unknown as Value[];
    },
  },
  FULLTEXT: {
    min: 3,
    max: 4,
    fn: ([coll, attr, query, limit], ctx, name) => {
      const c = collectionArg(ctx, coll, name);
      if (typeof attr !== "string" || typeof query !== "string") throw invalidArg(name);
      const f = c.indexes.fulltext(attr);
      if (f === undefined) throw new LocalError(404, 1571, `no suitable fulltext index found for fulltext query on '${c.name}'`);
      let n = Infinity;
      if (limit !== undefined && limit !== null) {
        if (typeof limit !== "number") throw invalidArg(name);
        n = Math.max(0, Math.trunc(limit));
      }
      return f.search(query, n) as Doc[] as unknown as Value[];
    },
  },
  DISTANCE: {
    min: 4,
    max: 4,
    fn: ([lat1, lon1, lat2, lon2], ctx, name) => {
      if (!isValidLatLon(lat1, lon1) || !isValidLatLon(lat2, lon2)) {
        ctx.warn(1542, `invalid argument type in call to function '${name}()'`);
        return null;
      }
      return num(distanceMeters(lat1, lon1 as number, lat2, lon2 as number));
    },
  },
  GEO_DISTANCE: {
    min: 2,
    max: 3,
    fn: ([a, b], ctx, name) => {
      const p = geoJsonPoint(a);
      const q = geoJsonPoint(b);
      if (p === undefined || q === undefined) {
        ctx.warn(1542, `invalid argument type in call to function '${name}()' (points only in the local fabric)`);
        return null;
      }
      return num(distanceMeters(p[0], p[1], q[0], q[1]));
    },
  },
};
