/** Early argument checks: a clear TypeError at the call site beats a 400 from the server. */

/** A non-empty name (collection, fabric). */
export function checkName(what: string, name: unknown): string {
  if (typeof name !== "string" || name.length === 0) throw new TypeError(`${what} name must be a non-empty string, got ${describe(name)}`);
  return name;
}

/** A document key, given as a string or as a document carrying `_key`. */
export function keyOf(selector: unknown): string {
  const key = typeof selector === "object" && selector !== null ? (selector as { _key?: unknown })._key : selector;
  if (typeof key !== "string" || key.length === 0) throw new TypeError(`document key must be a non-empty string (or _key), got ${describe(selector)}`);
  return key;
}

/** A document: a plain object (not null, not an array). */
export function checkDocument<D>(doc: D, what = "document"): D {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new TypeError(`${what} must be an object, got ${describe(doc)}`);
  return doc;
}

/** An array of documents. */
export function checkDocuments<D>(docs: readonly D[], what = "documents"): D[] {
  if (!Array.isArray(docs)) throw new TypeError(`${what} must be an array, got ${describe(docs)}`);
  docs.forEach((doc, i) => checkDocument(doc, `${what}[${i}]`));
  return docs as D[];
}

/** A positive integer option such as `count` or `batchSize`, when given. */
export function checkPositiveInt(what: string, value: unknown): void {
  if (value !== undefined && !(typeof value === "number" && Number.isInteger(value) && value > 0)) throw new TypeError(`${what} must be a positive integer, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value;
}
