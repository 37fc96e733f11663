/**
 * C8QL `LIKE` without a regular-expression engine: `%` matches any sequence (newlines too), `_` one character,
 * a backslash makes the next character literal (`\%`, `\_`, `\\`). The pattern is split at `%` into segments;
 * the first is anchored at the start, the last at the end, and each middle one is matched at its leftmost place
 * after the previous one (leftmost is always right for `%`-separated segments). Without `_` the segments are plain
 * strings and V8's own search finds them; with `_` the search compares code points, O(text × pattern) at worst and
 * cut off after {@link MAX_LIKE_STEPS} comparisons (400 / errorNum 32, resource limit exceeded). Never exponential.
 */
import { LocalError } from "../errors.js";

/** A segment between `%`s: code points, `ANY` for `_`. A pattern without `%` is one segment. */
type Segment = Int32Array;

const ANY = -1;
/** Most code-point comparisons one LIKE with `_` may make (a fraction of a second). */
export const MAX_LIKE_STEPS = 50_000_000;
const CACHE_SIZE = 1000;
interface Compiled {
  readonly segments: Segment[];
  /** the segments as strings when the pattern has no `_` */
  readonly literal: string[] | undefined;
}
const cache = new Map<string, Compiled>();

function codePoints(s: string): Int32Array {
  const out = new Int32Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    if (c > 0xffff) i++;
    out[n++] = c;
  }
  return n === out.length ? out : out.slice(0, n);
}

function compile(pattern: string): Compiled {
  const cps = codePoints(pattern);
  const segments: Segment[] = [];
  const literal: string[] = [];
  let cur: number[] = [];
  let text = "";
  let wildcard = false;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if (c === 0x5c /* \ */ && i + 1 < cps.length) {
      cur.push(cps[++i]!);
      text += String.fromCodePoint(cps[i]!);
    } else if (c === 0x25 /* % */) {
      segments.push(Int32Array.from(cur));
      literal.push(text);
      cur = [];
      text = "";
    } else if (c === 0x5f /* _ */) {
      cur.push(ANY);
      wildcard = true;
    } else {
      cur.push(c);
      text += String.fromCodePoint(c);
    }
  }
  segments.push(Int32Array.from(cur));
  literal.push(text);
  return { segments, literal: wildcard ? undefined : literal };
}

/** Patterns up to this length are cached (1,000 of them); a longer one is only remembered until the next. */
const CACHED_LENGTH = 4096;
let last: { key: string; c: Compiled } | undefined;

function compiled(p: string, caseInsensitive: boolean): Compiled {
  const key = (caseInsensitive ? "i" : "s") + p;
  let c = cache.get(key);
  if (c !== undefined) return c;
  if (last !== undefined && last.key === key) return last.c;
  c = compile(caseInsensitive ? p.toLowerCase() : p);
  if (p.length > CACHED_LENGTH) {
    last = { key, c };
    return c;
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, c);
  return c;
}

let steps = 0;

function matchesAt(text: Int32Array, at: number, seg: Segment): boolean {
  steps += seg.length;
  for (let j = 0; j < seg.length; j++) {
    const s = seg[j]!;
    if (s !== ANY && text[at + j] !== s) return false;
  }
  return true;
}

/** Leftmost position ≥ from where `seg` matches, or -1. */
function find(text: Int32Array, from: number, seg: Segment): number {
  const last = text.length - seg.length;
  for (let i = from; i <= last; i++) {
    if (matchesAt(text, i, seg)) return i;
    if (steps > MAX_LIKE_STEPS) throw new LocalError(400, 32, "resource limit exceeded: LIKE pattern too costly for this text");
  }
  return -1;
}

/** True when `text` matches the LIKE pattern `p` as a whole. */
export function like(text: string, p: string, caseInsensitive = false): boolean {
  const c = compiled(p, caseInsensitive);
  const s = caseInsensitive ? text.toLowerCase() : text;
  return c.literal !== undefined ? likeLiteral(s, c.literal) : likeWildcard(codePoints(s), c.segments);
}

function likeLiteral(t: string, segs: string[]): boolean {
  const head = segs[0]!;
  if (segs.length === 1) return t === head;
  const tail = segs[segs.length - 1]!;
  const tailAt = t.length - tail.length;
  if (tailAt < head.length || !t.startsWith(head) || !t.endsWith(tail)) return false;
  let pos = head.length;
  for (let i = 1; i < segs.length - 1; i++) {
    const s = segs[i]!;
    if (s.length === 0) continue;
    const at = t.indexOf(s, pos);
    if (at < 0 || at + s.length > tailAt) return false;
    pos = at + s.length;
  }
  return true;
}

function likeWildcard(t: Int32Array, segs: Segment[]): boolean {
  steps = 0;
  const head = segs[0]!;
  if (segs.length === 1) return t.length === head.length && matchesAt(t, 0, head);
  const tail = segs[segs.length - 1]!;
  const tailAt = t.length - tail.length;
  if (tailAt < head.length || !matchesAt(t, 0, head) || !matchesAt(t, tailAt, tail)) return false;
  let pos = head.length;
  for (let i = 1; i < segs.length - 1; i++) {
    const s = segs[i]!;
    if (s.length === 0) continue;
    const at = find(t, pos, s);
    if (at < 0 || at + s.length > tailAt) return false;
    pos = at + s.length;
  }
  return true;
}
