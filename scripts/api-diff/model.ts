// Turns an OpenAPI document into a flat model of what a client sees: operations, their parameters,
// request body shape, response statuses and the C8 vendor extensions. api-diff compares two of these.

/** A JSON object node of the OpenAPI tree. */
type Node = Record<string, unknown>;

/** A parameter as a client has to send it. */
export interface ApiParam {
  readonly name: string;
  /** `path`, `query`, `header` or `cookie`. */
  readonly in: string;
  readonly required: boolean;
  /** Compact type signature, e.g. `string`, `boolean`, `array<string>`, `integer|null`. */
  readonly type: string;
  /** Allowed values when the schema (or its items) has an enum. */
  readonly enum: readonly string[] | undefined;
}

/** One property of an object schema (request or response body). */
export interface ApiProperty {
  readonly required: boolean;
  readonly type: string;
  readonly enum: readonly string[] | undefined;
}

/** The shape of a JSON body: its type signature and, for objects, its top-level properties. */
export interface ApiShape {
  readonly type: string;
  readonly properties: ReadonlyMap<string, ApiProperty> | undefined;
}

/** A request body as a client has to send it. */
export interface ApiBody {
  readonly required: boolean;
  readonly shape: ApiShape;
}

/** One operation (path + method) of the API. */
export interface ApiOperation {
  /** operationId, or `METHOD path` when the spec gives none. */
  readonly key: string;
  readonly id: string | undefined;
  readonly method: string;
  readonly path: string;
  /** Keyed by `in.name` (header names lower-cased). */
  readonly params: ReadonlyMap<string, ApiParam>;
  readonly body: ApiBody | undefined;
  /** Response status (`200`, `2XX`, `default`) → body shape (undefined when there is no body). */
  readonly responses: ReadonlyMap<string, ApiShape | undefined>;
  /** Whether the operation needs credentials. */
  readonly auth: boolean;
  readonly deprecated: boolean;
  /** `x-c8-async`, `x-c8-error`, `x-c8-result` (absent ones are undefined). */
  readonly async: boolean;
  readonly errorClass: string | undefined;
  readonly result: string | undefined;
}

/** A whole API: operations keyed by `ApiOperation.key`. */
export interface ApiModel {
  readonly title: string;
  readonly version: string;
  readonly operations: ReadonlyMap<string, ApiOperation>;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function isNode(v: unknown): v is Node {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Follows local `$ref`s (`#/components/...`) until a non-ref node; cycles and foreign refs throw. */
function deref(root: Node, v: unknown, seen: Set<string> = new Set()): unknown {
  if (!isNode(v) || typeof v.$ref !== "string") return v;
  const ref = v.$ref;
  if (!ref.startsWith("#/")) throw new Error(`api-diff: only local $refs are supported, got "${ref}"`);
  if (seen.has(ref)) throw new Error(`api-diff: circular $ref "${ref}"`);
  seen.add(ref);
  let cur: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    cur = isNode(cur) ? cur[part] : undefined;
  }
  if (cur === undefined) throw new Error(`api-diff: unresolved $ref "${ref}"`);
  return deref(root, cur, seen);
}

/** Compact, order-independent type signature; `depth` bounds recursion through arrays/unions. */
export function typeSignature(root: Node, schema: unknown, depth = 0): string {
  const s = deref(root, schema);
  if (!isNode(s)) return "any";
  if (depth > 3) return "…";
  const union = (s.oneOf ?? s.anyOf) as unknown;
  if (Array.isArray(union)) {
    return [...new Set(union.map((u) => typeSignature(root, u, depth + 1)))].sort().join("|");
  }
  if (Array.isArray(s.allOf)) return "object";
  if ("const" in s) return s.const === null ? "null" : typeof s.const;
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === "string" ? [s.type] : [];
  if (types.length === 0) {
    if (isNode(s.properties)) return s.nullable === true ? "null|object" : "object";
    if (Array.isArray(s.enum)) return [...new Set(s.enum.map((e) => (e === null ? "null" : typeof e)))].sort().join("|");
    return "any";
  }
  const parts = types.map((t) => (t === "array" ? `array<${typeSignature(root, s.items, depth + 1)}>` : t));
  if (s.nullable === true) parts.push("null");
  return [...new Set(parts)].sort().join("|");
}

function enumOf(root: Node, schema: unknown): string[] | undefined {
  const s = deref(root, schema);
  if (!isNode(s)) return undefined;
  if (Array.isArray(s.enum)) return s.enum.map((e) => JSON.stringify(e));
  if ("const" in s) return [JSON.stringify(s.const)];
  if (Array.isArray(s.oneOf ?? s.anyOf)) {
    const all = ((s.oneOf ?? s.anyOf) as unknown[]).map((u) => enumOf(root, u));
    if (all.every((e) => e !== undefined)) return [...new Set(all.flat() as string[])];
  }
  if (s.type === "array") return enumOf(root, s.items);
  return undefined;
}

/** Merges `allOf` members and returns the object's top-level properties, or undefined for non-objects. */
function propertiesOf(root: Node, schema: unknown): Map<string, ApiProperty> | undefined {
  const s = deref(root, schema);
  if (!isNode(s)) return undefined;
  const members = Array.isArray(s.allOf) ? [s, ...(s.allOf as unknown[]).map((m) => deref(root, m))] : [s];
  const props = new Map<string, ApiProperty>();
  let isObject = false;
  const required = new Set<string>();
  for (const m of members) {
    if (!isNode(m)) continue;
    if (Array.isArray(m.required)) for (const r of m.required) required.add(String(r));
    if (!isNode(m.properties)) continue;
    isObject = true;
    for (const [name, p] of Object.entries(m.properties)) {
      props.set(name, { required: false, type: typeSignature(root, p), enum: enumOf(root, p) });
    }
  }
  if (!isObject) return undefined;
  for (const [name, p] of props) if (required.has(name)) props.set(name, { ...p, required: true });
  return props;
}

function shapeOf(root: Node, content: unknown): ApiShape | undefined {
  if (!isNode(content)) return undefined;
  const media = content["application/json"] ?? Object.values(content)[0];
  if (!isNode(media) || media.schema === undefined) return { type: "any", properties: undefined };
  return { type: typeSignature(root, media.schema), properties: propertiesOf(root, media.schema) };
}

function paramsOf(root: Node, pathItem: Node, op: Node): Map<string, ApiParam> {
  const out = new Map<string, ApiParam>();
  // Path-level parameters first; operation-level ones with the same in+name override them.
  for (const list of [pathItem.parameters, op.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const p = deref(root, raw);
      if (!isNode(p) || typeof p.name !== "string" || typeof p.in !== "string") continue;
      const name = p.in === "header" ? p.name.toLowerCase() : p.name;
      const schema = p.schema ?? (isNode(p.content) ? (Object.values(p.content)[0] as Node | undefined)?.schema : undefined);
      out.set(`${p.in}.${name}`, {
        name,
        in: p.in,
        required: p.in === "path" || p.required === true,
        type: typeSignature(root, schema),
        enum: enumOf(root, schema),
      });
    }
  }
  return out;
}

function needsAuth(op: Node, globalSecurity: unknown): boolean {
  const sec = op.security ?? globalSecurity;
  if (!Array.isArray(sec) || sec.length === 0) return false;
  // `{}` in the list means "no credentials" is one of the accepted alternatives.
  return !sec.some((req) => isNode(req) && Object.keys(req).length === 0);
}

/** Builds the comparable model of an OpenAPI 3.x document. */
export function buildModel(doc: Node): ApiModel {
  const info = isNode(doc.info) ? doc.info : {};
  const operations = new Map<string, ApiOperation>();
  const paths = isNode(doc.paths) ? doc.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const pathItem = deref(doc, rawItem);
    if (!isNode(pathItem)) continue;
    for (const method of METHODS) {
      const op = pathItem[method];
      if (!isNode(op)) continue;
      const id = typeof op.operationId === "string" ? op.operationId : undefined;
      const upper = method.toUpperCase();
      const key = id ?? `${upper} ${path}`;
      if (operations.has(key)) throw new Error(`api-diff: duplicate operationId "${key}"`);
      const body = deref(doc, op.requestBody);
      const responses = new Map<string, ApiShape | undefined>();
      if (isNode(op.responses)) {
        for (const [status, raw] of Object.entries(op.responses)) {
          const r = deref(doc, raw);
          responses.set(status, isNode(r) ? shapeOf(doc, r.content) : undefined);
        }
      }
      operations.set(key, {
        key,
        id,
        method: upper,
        path,
        params: paramsOf(doc, pathItem, op),
        body: isNode(body)
          ? { required: body.required === true, shape: shapeOf(doc, body.content) ?? { type: "any", properties: undefined } }
          : undefined,
        responses,
        auth: needsAuth(op, doc.security),
        deprecated: op.deprecated === true,
        async: op["x-c8-async"] === true,
        errorClass: typeof op["x-c8-error"] === "string" ? op["x-c8-error"] : undefined,
        result: typeof op["x-c8-result"] === "string" ? op["x-c8-result"] : undefined,
      });
    }
  }
  return {
    title: typeof info.title === "string" ? info.title : "(untitled)",
    version: info.version === undefined ? "?" : String(info.version),
    operations,
  };
}
