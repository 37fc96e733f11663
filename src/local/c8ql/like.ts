/**
 * C8QL `LIKE` without a regular-expression engine: `%` matches any sequence (newlines too), `_` one character,
 * a backslash makes the next character literal (`\%`, `\_`, `\\`). The pattern is split at `%` into segments;
 * the first is anchored at the start, the last at the end, and each middle one is matched at its leftmost place
 * after the previous one (leftmost is always right for `%`-separated segments). Time is O(text × pattern) at worst,
 * never exponential, whatever the pattern.
 */

/** A segment between `%`s: code points, `ANY` for `_`. A pattern without `%` is one segment. */
type Segment = Int32Array;

const ANY = -1;
const CACHE_SIZE = 1000;
const cache = new Map<string, Segment[]>();

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

function compile(pattern: string): Segment[] {
  const cps = codePoints(pattern);
  const segments: Segment[] = [];
  let cur: number[] = [];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if (c === 0x5c /* \ */ && i + 1 < cps.length) cur.push(cps[++i]!);
    else if (c === 0x25 /* % */) {
      segments.push(Int32Array.from(cur));
      cur = [];
    } else if (c === 0x5f /* _ */) cur.push(ANY);
    else cur.push(c);
  }
  segments.push(Int32Array.from(cur));
  return segments;
}

function segmentsOf(p: string, caseInsensitive: boolean): Segment[] {
  const key = (caseInsensitive ? "i" : "s") + p;
  let c = cache.get(key);
  if (c === undefined) {
    c = compile(caseInsensitive ? p.toLowerCase() : p);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, c);
  }
  return c;
}

function matchesAt(text: Int32Array, at: number, seg: Segment): boolean {
  for (let j = 0; j < seg.length; j++) {
    const s = seg[j]!;
    if (s !== ANY && text[at + j] !== s) return false;
  }
  return true;
}

/** Leftmost position ≥ from where `seg` matches, or -1. */
function find(text: Int32Array, from: number, seg: Segment): number {
  const last = text.length - seg.length;
  for (let i = from; i <= last; i++) if (matchesAt(text, i, seg)) return i;
  return -1;
}

/** True when `text` matches the LIKE pattern `p` as a whole. */
export function like(text: string, p: string, caseInsensitive = false): boolean {
  const segs = segmentsOf(p, caseInsensitive);
  const t = codePoints(caseInsensitive ? text.toLowerCase() : text);
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
