/**
 * Fulltext index: an inverted index from words (lower-cased runs of letters and digits, at least `minLength`
 * characters, at most 40) to document keys, in a B-tree of words so that `prefix:` terms are range walks. Answers
 * C8's FULLTEXT query syntax: comma-separated terms, each `+` (and, the default), `|` (or) or `-` (not), with an
 * optional `prefix:` or `complete:`.
 */
import { LocalError } from "../errors.js";
import type { Collection, Doc, DocChange } from "../store.js";
import { BTree } from "./btree.js";
import type { FulltextDefinition } from "./definition.js";
import { splitPath, valueAt } from "./keys.js";
import { SecondaryIndex } from "./secondary.js";

/** ArangoDB's longest indexed word; longer words are indexed (and searched) by their first 40 characters. */
const MAX_WORD_LENGTH = 40;
/** Terms in one query, and characters of a query: bounds on user-controlled work. */
const MAX_TERMS = 64;
const MAX_QUERY_LENGTH = 4096;
/** Linear (no backtracking): one character class repeated. */
const WORD_RE = /[\p{L}\p{N}]+/gu;

/** The words of a text, lower-cased, deduplicated, in first-seen order. */
export function words(text: string, minLength: number): string[] {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(WORD_RE)) {
    const w = Array.from(m[0]).slice(0, MAX_WORD_LENGTH).join("");
    if (Array.from(w).length >= minLength) out.add(w);
  }
  return [...out];
}

interface Term {
  readonly op: "and" | "or" | "not";
  readonly prefix: boolean;
  readonly word: string;
}

/** Parses a FULLTEXT query; 400/10 (bad parameter) for an empty or malformed one. */
export function parseFulltextQuery(query: string): Term[] {
  const bad = () => new LocalError(400, 10, "bad parameter");
  if (query.length > MAX_QUERY_LENGTH) throw bad();
  const parts = query.split(",");
  if (parts.length > MAX_TERMS) throw bad();
  const terms: Term[] = [];
  for (const raw of parts) {
    let s = raw.trim();
    let op: Term["op"] = "and";
    if (s.startsWith("+")) s = s.slice(1);
    else if (s.startsWith("|")) (op = "or"), (s = s.slice(1));
    else if (s.startsWith("-")) (op = "not"), (s = s.slice(1));
    let prefix = false;
    if (s.startsWith("prefix:")) (prefix = true), (s = s.slice(7));
    else if (s.startsWith("complete:")) s = s.slice(9);
    const w = words(s, 1)[0];
    if (w === undefined) throw bad();
    terms.push({ op, prefix, word: w });
  }
  if (terms.length === 0 || terms[0]!.op === "not") throw bad();
  return terms;
}

export class FulltextIndex extends SecondaryIndex<FulltextDefinition> {
  private readonly path: string[];
  private readonly postings = new BTree<string, Set<string>>();
  private readonly wordsOfKey = new Map<string, string[]>();

  constructor(collection: Collection, definition: FulltextDefinition) {
    super(collection, definition, { minLength: definition.minLength });
    this.path = splitPath(definition.fields[0]!);
  }

  /** Words of `doc`: the attribute's string, or the strings of an array in it. */
  wordsOf(doc: Doc): string[] {
    const v = valueAt(doc, this.path);
    if (typeof v === "string") return words(v, this.definition.minLength);
    if (!Array.isArray(v)) return [];
    const all = new Set<string>();
    for (const x of v) if (typeof x === "string") for (const w of words(x, this.definition.minLength)) all.add(w);
    return [...all];
  }

  apply(change: DocChange): void {
    if (change.before !== undefined) this.remove(change.key);
    if (change.after === undefined) return;
    const ws = this.wordsOf(change.after);
    if (ws.length === 0) return;
    this.wordsOfKey.set(change.key, ws);
    for (const w of ws) {
      let s = this.postings.get(w);
      if (s === undefined) this.postings.set(w, (s = new Set()));
      s.add(change.key);
    }
  }

  revert(change: DocChange): void {
    this.apply({ ...change, before: change.after, after: change.before });
  }

  private remove(key: string): void {
    const ws = this.wordsOfKey.get(key);
    if (ws === undefined) return;
    this.wordsOfKey.delete(key);
    for (const w of ws) {
      const s = this.postings.get(w);
      if (s === undefined) continue;
      s.delete(key);
      if (s.size === 0) this.postings.delete(w);
    }
  }

  clear(): void {
    this.postings.clear();
    this.wordsOfKey.clear();
  }

  entries(): unknown[] {
    return this.postings.toArray().map(([w, keys]) => [w, [...keys].sort()]);
  }

  /** Documents matching `query` (at most `limit`). */
  search(query: string, limit = Infinity): Doc[] {
    let result: Set<string> | undefined;
    for (const t of parseFulltextQuery(query)) {
      const m = this.matches(t);
      if (result === undefined) result = t.op === "not" ? new Set() : m;
      else if (t.op === "or") for (const k of m) result.add(k);
      else if (t.op === "not") for (const k of m) result.delete(k);
      else result = new Set([...result].filter((k) => m.has(k)));
    }
    const out: Doc[] = [];
    for (const k of result ?? []) {
      if (out.length >= limit) break;
      const d = this.collection.lookup(k);
      if (d !== undefined) out.push(d);
    }
    return out;
  }

  private matches(t: Term): Set<string> {
    if (!t.prefix) return new Set(this.postings.get(t.word));
    const out = new Set<string>();
    for (const [w, keys] of this.postings.entries(t.word)) {
      if (!w.startsWith(t.word)) break;
      for (const k of keys) out.add(k);
    }
    return out;
  }
}
