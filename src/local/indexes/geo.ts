/**
 * Geo index: the indexed documents' points (`[lat, lon]` in one field, GeoJSON `[lon, lat]` / Point with
 * `geoJson`, or latitude and longitude in two fields), for NEAR, WITHIN and WITHIN_RECTANGLE. Points are kept in a
 * B-tree by latitude, so that radius and rectangle queries walk a latitude band instead of every point; NEAR
 * ranks every indexed point (what a local development fabric needs; no spherical cell covering).
 */
import type { Collection, Doc, DocChange } from "../store.js";
import { BTree } from "./btree.js";
import type { GeoDefinition } from "./definition.js";
import { compareTuples, splitPath, valueAt } from "./keys.js";
import { SecondaryIndex } from "./secondary.js";

/** ArangoDB's earth radius for DISTANCE and the geo index. */
export const EARTH_RADIUS_M = 6_371_000;
const RAD = Math.PI / 180;
/** Metres per degree of latitude (and the most per degree of longitude). */
const M_PER_DEGREE = EARTH_RADIUS_M * RAD;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function isValidLatLon(lat: unknown, lon: unknown): lat is number {
  return typeof lat === "number" && typeof lon === "number" && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

export interface GeoHit {
  readonly doc: Doc;
  readonly distance: number;
}

export class GeoIndex extends SecondaryIndex<GeoDefinition> {
  private readonly paths: string[][];
  private readonly points = new Map<string, readonly [number, number]>();
  private readonly byLat = new BTree<[number, string], number>(undefined, compareTuples);

  constructor(collection: Collection, definition: GeoDefinition) {
    super(collection, definition, {
      geoJson: definition.geoJson,
      bestIndexedLevel: 23,
      worstIndexedLevel: 4,
      maxNumCoverCells: 8,
    });
    this.paths = definition.fields.map(splitPath);
  }

  /** `[lat, lon]` of `doc`, or undefined when it has no valid point. */
  pointOf(doc: Doc): readonly [number, number] | undefined {
    let lat: unknown;
    let lon: unknown;
    if (this.paths.length === 2) {
      lat = valueAt(doc, this.paths[0]!);
      lon = valueAt(doc, this.paths[1]!);
    } else {
      let v = valueAt(doc, this.paths[0]!);
      if (this.definition.geoJson && typeof v === "object" && v !== null && !Array.isArray(v)) {
        const g = v as Record<string, unknown>;
        v = g["type"] === "Point" ? g["coordinates"] : undefined;
      }
      if (!Array.isArray(v) || v.length < 2) return undefined;
      [lat, lon] = this.definition.geoJson ? [v[1], v[0]] : [v[0], v[1]];
    }
    return isValidLatLon(lat, lon) ? [lat, lon as number] : undefined;
  }

  apply(change: DocChange): void {
    if (change.before !== undefined) this.remove(change.key);
    const p = change.after && this.pointOf(change.after);
    if (p !== undefined) {
      this.points.set(change.key, p);
      this.byLat.set([p[0], change.key], p[1]);
    }
  }

  revert(change: DocChange): void {
    this.apply({ ...change, before: change.after, after: change.before });
  }

  private remove(key: string): void {
    const p = this.points.get(key);
    if (p === undefined) return;
    this.points.delete(key);
    this.byLat.delete([p[0], key]);
  }

  clear(): void {
    this.points.clear();
    this.byLat.clear();
  }

  entries(): unknown[] {
    return this.byLat.toArray();
  }

  get size(): number {
    return this.points.size;
  }

  /** The `limit` nearest documents, nearest first (ties in index order). */
  near(lat: number, lon: number, limit: number): GeoHit[] {
    if (limit <= 0) return [];
    const hits: Array<{ key: string; distance: number }> = [];
    for (const [key, p] of this.points) hits.push({ key, distance: distanceMeters(lat, lon, p[0], p[1]) });
    hits.sort((a, b) => a.distance - b.distance);
    return this.docs(hits.slice(0, limit));
  }

  /** Documents within `radius` metres, nearest first. */
  within(lat: number, lon: number, radius: number): GeoHit[] {
    const band = radius / M_PER_DEGREE;
    const hits: Array<{ key: string; distance: number }> = [];
    this.inLatBand(lat - band, lat + band, (key, pLat, pLon) => {
      const d = distanceMeters(lat, lon, pLat, pLon);
      if (d <= radius) hits.push({ key, distance: d });
    });
    hits.sort((a, b) => a.distance - b.distance);
    return this.docs(hits);
  }

  /** Documents inside the rectangle of two corners (longitudes may wrap the antimeridian: lon1 > lon2). */
  withinRectangle(lat1: number, lon1: number, lat2: number, lon2: number): Doc[] {
    const keys: string[] = [];
    const [lo, hi] = lat1 <= lat2 ? [lat1, lat2] : [lat2, lat1];
    this.inLatBand(lo, hi, (key, _lat, pLon) => {
      if (lon1 <= lon2 ? pLon >= lon1 && pLon <= lon2 : pLon >= lon1 || pLon <= lon2) keys.push(key);
    });
    return this.docs(keys.map((key) => ({ key, distance: 0 }))).map((h) => h.doc);
  }

  private inLatBand(lo: number, hi: number, each: (key: string, lat: number, lon: number) => void): void {
    for (const [[lat, key], lon] of this.byLat.entries([lo, ""])) {
      if (lat > hi) break;
      each(key, lat, lon);
    }
  }

  private docs(hits: Array<{ key: string; distance: number }>): GeoHit[] {
    const out: GeoHit[] = [];
    for (const h of hits) {
      const doc = this.collection.lookup(h.key);
      if (doc !== undefined) out.push({ doc, distance: h.distance });
    }
    return out;
  }
}
