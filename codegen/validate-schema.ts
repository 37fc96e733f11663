// Checks of the schema parts of a spec: references, the JSON Schema keywords the zod emitter supports, recursion.
import { isObject, resolveRef, type Json, type JsonObject } from "./json.js";
import { componentSchemaRefs } from "./spec-walk.js";

export type At = readonly (string | number)[];
export type Report = (at: At, message: string) => void;

const SCHEMA_KEYWORDS = new Set([
  "$ref", "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "oneOf",
  "allOf", "description", "title", "default", "example", "examples", "format", "minimum", "maximum",
  "minLength", "maxLength", "pattern", "minItems", "maxItems", "deprecated", "readOnly", "writeOnly",
]);
const SCHEMA_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
export const COMPONENT_REF_PREFIX = {
  schema: "#/components/schemas/",
  parameter: "#/components/parameters/",
  response: "#/components/responses/",
  requestBody: "#/components/requestBodies/",
  header: "#/components/headers/",
} as const;

/** Every `$ref` in the document must be local and resolve. */
export function checkRefs(report: Report, doc: JsonObject, node: Json, at: At): void {
  if (Array.isArray(node)) node.forEach((item, i) => checkRefs(report, doc, item, [...at, i]));
  else if (isObject(node)) {
    const ref = node["$ref"];
    if (ref !== undefined) {
      if (typeof ref !== "string" || !ref.startsWith("#/")) report(at, `unsupported $ref ${JSON.stringify(ref)} (only local "#/…" references)`);
      else if (resolveRef(doc, ref) === undefined) report(at, `unknown $ref "${ref}"`);
    }
    for (const [key, value] of Object.entries(node)) if (key !== "$ref") checkRefs(report, doc, value, [...at, key]);
  }
}

/** A `$ref` in a given position must point at the matching kind of component. */
export function checkRefKind(report: Report, node: Json | undefined, at: At, kind: keyof typeof COMPONENT_REF_PREFIX): void {
  if (isObject(node) && typeof node["$ref"] === "string" && !node["$ref"].startsWith(COMPONENT_REF_PREFIX[kind])) {
    report(at, `a ${kind} $ref must point into ${COMPONENT_REF_PREFIX[kind]}…`);
  }
}

/** A schema may only use the keywords the zod emitter turns into code (annotations and `x-` keys aside). */
export function checkSchema(report: Report, node: Json | undefined, at: At): void {
  if (node === undefined) return;
  if (typeof node === "boolean") return;
  if (!isObject(node)) return report(at, "a schema must be an object");
  checkRefKind(report, node, at, "schema");
  for (const key of Object.keys(node)) {
    if (!SCHEMA_KEYWORDS.has(key) && !key.startsWith("x-")) report([...at, key], `unsupported schema keyword "${key}"`);
  }
  const type = node["type"];
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
  for (const t of types) if (typeof t !== "string" || !SCHEMA_TYPES.has(t)) report([...at, "type"], `unknown type ${JSON.stringify(t)}`);
  const properties = node["properties"];
  if (properties !== undefined) {
    if (!isObject(properties)) report([...at, "properties"], "properties must be an object");
    else for (const [name, sub] of Object.entries(properties)) checkSchema(report, sub, [...at, "properties", name]);
  }
  const required = node["required"];
  if (required !== undefined && !(Array.isArray(required) && required.every((r) => typeof r === "string"))) {
    report([...at, "required"], "required must be a list of property names");
  }
  const additional = node["additionalProperties"];
  if (additional !== undefined && typeof additional !== "boolean") checkSchema(report, additional, [...at, "additionalProperties"]);
  if (node["items"] !== undefined) checkSchema(report, node["items"], [...at, "items"]);
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const list = node[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0) report([...at, key], `${key} must be a non-empty list`);
    else list.forEach((sub, i) => checkSchema(report, sub, [...at, key, i]));
  }
  const values = node["enum"];
  if (values !== undefined && (!Array.isArray(values) || values.length === 0)) report([...at, "enum"], "enum must be a non-empty list");
}

/** The zod emitter declares component schemas in dependency order, so references between them must not cycle. */
export function checkRecursion(report: Report, schemas: JsonObject): void {
  const deps = new Map<string, string[]>();
  for (const [name, schema] of Object.entries(schemas)) deps.set(name, componentSchemaRefs(schema));
  const state = new Map<string, "visiting" | "done">();
  const reported = new Set<string>();
  const visit = (name: string, trail: string[]) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      if (!reported.has(name)) {
        reported.add(name);
        report(["components", "schemas", name], `recursive schema (${cycle.join(" → ")}) is not supported`);
      }
      return;
    }
    state.set(name, "visiting");
    for (const dep of deps.get(name) ?? []) if (deps.has(dep)) visit(dep, [...trail, name]);
    state.set(name, "done");
  };
  for (const name of deps.keys()) visit(name, []);
}
