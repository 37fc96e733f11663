// Checks a parsed spec against what the generator needs, collecting every fault with its JSON pointer.
import { deref, isObject, type Json, type JsonObject } from "./json.js";
import type { LoadedSpec } from "./load.js";
import { SpecError, toPointer, type SpecFault } from "./spec-error.js";
import {
  ASYNC_ACCEPTED_REF,
  ASYNC_HEADER,
  ASYNC_ID_HEADER,
  ASYNC_PARAMETER_REF,
  HTTP_METHODS,
  RESULT_SHAPES,
  jsonContent,
  mergedParameters,
  operationSites,
  successStatuses,
  templateParameters,
  type OperationSite,
} from "./spec-walk.js";
import {
  COMPONENT_REF_PREFIX,
  checkRecursion,
  checkRefKind,
  checkRefs,
  checkSchema,
  type At,
  type Report,
} from "./validate-schema.js";

const SUPPORTED_METHODS = new Set(["get", "put", "post", "delete", "head", "patch"]);
const PATH_ITEM_KEYS = new Set([...HTTP_METHODS, "parameters", "summary", "description", "servers"]);
/** Names the generated modules export themselves; a component schema must not take one. */
const RESERVED_EXPORTS = new Set([
  "OperationInfo", "OperationId", "OperationTypes", "operations", "paths", "components", "requestBodies",
  "responseBodies", "z",
]);
const RESERVED_WORDS = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await").split(" "),
);

class Checker {
  readonly faults: SpecFault[] = [];
  constructor(
    readonly file: string,
    readonly doc: JsonObject,
  ) {}

  fault(at: At, message: string): void {
    this.faults.push({ file: this.file, pointer: toPointer(at), message });
  }

  readonly report: Report = (at, message) => this.fault(at, message);

  schema(node: Json | undefined, at: At): void {
    checkSchema(this.report, node, at);
  }

  refKind(node: Json | undefined, at: At, kind: keyof typeof COMPONENT_REF_PREFIX): void {
    checkRefKind(this.report, node, at, kind);
  }

  components(): void {
    const components = this.doc["components"];
    if (components === undefined) return;
    if (!isObject(components)) return this.fault(["components"], "components must be an object");
    const section = (name: string): JsonObject => {
      const value = components[name];
      if (value !== undefined && !isObject(value)) this.fault(["components", name], `components/${name} must be an object`);
      return isObject(value) ? value : {};
    };
    for (const [name, param] of Object.entries(section("parameters"))) {
      const at = ["components", "parameters", name];
      if (isObject(param) && !("$ref" in param)) this.schema(param["schema"], [...at, "schema"]);
    }
    for (const [name, response] of Object.entries(section("responses"))) {
      if (!(isObject(response) && "$ref" in response)) this.response(response, ["components", "responses", name]);
    }
    for (const [name, body] of Object.entries(section("requestBodies"))) {
      if (!(isObject(body) && "$ref" in body)) this.content(body, ["components", "requestBodies", name]);
    }
    for (const [name, header] of Object.entries(section("headers"))) {
      if (isObject(header) && !("$ref" in header)) this.schema(header["schema"], ["components", "headers", name, "schema"]);
    }
    const schemas = components["schemas"];
    if (schemas === undefined) return;
    if (!isObject(schemas)) return this.fault(["components", "schemas"], "components/schemas must be an object");
    for (const [name, schema] of Object.entries(schemas)) {
      const at = ["components", "schemas", name];
      if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) this.fault(at, `schema name "${name}" must be a PascalCase identifier`);
      else if (RESERVED_EXPORTS.has(name)) this.fault(at, `schema name "${name}" is taken by the generated modules`);
      this.schema(schema, at);
    }
    checkRecursion(this.report, schemas);
  }

  top(): void {
    const { doc } = this;
    if (typeof doc["openapi"] !== "string" || !doc["openapi"].startsWith("3.")) this.fault(["openapi"], 'missing or unsupported "openapi" version (3.x expected)');
    const info = doc["info"];
    if (!isObject(info) || typeof info["title"] !== "string" || typeof info["version"] !== "string") this.fault(["info"], "info needs a title and a version");
    if (!isObject(doc["paths"])) this.fault(["paths"], "missing paths");
    const tags = doc["tags"];
    if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => isObject(t) && typeof t["name"] === "string"))) {
      this.fault(["tags"], "tags must be a list of {name}");
    }
    const schemes = isObject(doc["components"]) ? doc["components"]["securitySchemes"] : undefined;
    this.security(doc["security"], ["security"], isObject(schemes) ? schemes : {});
    const paths = doc["paths"];
    if (!isObject(paths)) return;
    for (const [path, item] of Object.entries(paths)) {
      const at = ["paths", path];
      if (!path.startsWith("/")) this.fault(at, "a path must start with /");
      if (!isObject(item)) {
        this.fault(at, "a path item must be an object");
        continue;
      }
      if (item["$ref"] !== undefined) this.fault([...at, "$ref"], "path item $refs are not supported");
      for (const [key, value] of Object.entries(item)) {
        if (key === "$ref") continue;
        if (!PATH_ITEM_KEYS.has(key) && !key.startsWith("x-")) this.fault([...at, key], `unknown path item key "${key}"`);
        else if ((HTTP_METHODS as readonly string[]).includes(key) && !SUPPORTED_METHODS.has(key)) this.fault([...at, key], `unsupported method ${key.toUpperCase()}`);
        else if ((HTTP_METHODS as readonly string[]).includes(key) && !isObject(value)) this.fault([...at, key], "an operation must be an object");
      }
      this.parameterList(item["parameters"], [...at, "parameters"]);
    }
  }

  security(list: Json | undefined, at: At, schemes: JsonObject): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) return this.fault(at, "security must be a list");
    list.forEach((requirement, i) => {
      if (!isObject(requirement)) return this.fault([...at, i], "a security requirement must be an object");
      for (const name of Object.keys(requirement)) {
        if (!Object.hasOwn(schemes, name)) this.fault([...at, i, name], `unknown security scheme "${name}"`);
      }
    });
  }

  parameterList(list: Json | undefined, at: At): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) return this.fault(at, "parameters must be a list");
    const seen = new Set<string>();
    list.forEach((raw, i) => {
      this.refKind(raw, [...at, i], "parameter");
      const param = deref(this.doc, raw);
      if (!isObject(param)) return this.fault([...at, i], "a parameter must be an object");
      const { name, in: location } = param;
      if (typeof name !== "string" || name === "") return this.fault([...at, i], "a parameter needs a name");
      if (location !== "path" && location !== "query" && location !== "header") {
        return this.fault([...at, i], `parameter "${name}": unsupported location ${JSON.stringify(location)}`);
      }
      if (location === "path" && param["required"] !== true) this.fault([...at, i], `path parameter "${name}" must be required`);
      if (location === "header" && name.toLowerCase() === ASYNC_HEADER && !(isObject(raw) && raw["$ref"] === ASYNC_PARAMETER_REF)) {
        this.fault([...at, i], `declare the ${ASYNC_HEADER} header through $ref ${ASYNC_PARAMETER_REF}`);
      }
      const key = `${location}:${location === "header" ? name.toLowerCase() : name}`;
      if (seen.has(key)) this.fault([...at, i], `duplicate ${location} parameter "${name}"`);
      seen.add(key);
      // Shared components are checked once, in components().
      if (!(isObject(raw) && typeof raw["$ref"] === "string")) this.schema(param["schema"], [...at, i, "schema"]);
    });
  }

  operation(site: OperationSite, firstById: Map<string, string>, tagNames: Set<string>, schemes: JsonObject): void {
    const { op, at, path } = site;
    const id = op["operationId"];
    if (typeof id !== "string") this.fault(at, "missing operationId");
    else if (!/^[a-z][A-Za-z0-9]*$/.test(id) || RESERVED_WORDS.has(id)) {
      this.fault([...at, "operationId"], `operationId "${id}" must be a camelCase identifier and not a reserved word`);
    } else if (firstById.has(id)) {
      this.fault([...at, "operationId"], `duplicate operationId "${id}" (first declared at #${firstById.get(id)})`);
    } else firstById.set(id, toPointer(at));

    if (typeof op["summary"] !== "string" || op["summary"].trim() === "") this.fault(at, "missing summary");
    const tags = op["tags"];
    if (!Array.isArray(tags) || tags.length !== 1 || typeof tags[0] !== "string") this.fault([...at, "tags"], "an operation needs exactly one tag");
    else if (!tagNames.has(tags[0])) this.fault([...at, "tags", 0], `tag "${tags[0]}" is not declared in #/tags`);

    const error = op["x-c8-error"];
    if (error === undefined) this.fault(at, "missing x-c8-error");
    else if (typeof error !== "string" || !/^[A-Z][A-Za-z0-9]*Error$/.test(error)) this.fault([...at, "x-c8-error"], `x-c8-error must name an error class (…Error), got ${JSON.stringify(error)}`);
    const result = op["x-c8-result"];
    if (result === undefined) this.fault(at, "missing x-c8-result");
    else if (typeof result !== "string" || !(RESULT_SHAPES as readonly string[]).includes(result)) {
      this.fault([...at, "x-c8-result"], `unknown x-c8-result value ${JSON.stringify(result)} (expected one of ${RESULT_SHAPES.join(", ")})`);
    }
    const isAsync = op["x-c8-async"];
    if (isAsync !== undefined && typeof isAsync !== "boolean") this.fault([...at, "x-c8-async"], "x-c8-async must be true or false");

    this.parameterList(op["parameters"], [...at, "parameters"]);
    this.security(op["security"], [...at, "security"], schemes);

    // Path template and path parameters must match one to one.
    const params = mergedParameters(this.doc, site);
    const declared = new Set(params.filter((p) => p.in === "path").map((p) => p.name));
    const template = templateParameters(path);
    for (const name of template) if (!declared.has(name)) this.fault(at, `path template parameter "${name}" has no path parameter`);
    for (const name of declared) if (!template.includes(name)) this.fault(at, `path parameter "${name}" is not in the path template`);

    // Request body.
    const body = op["requestBody"];
    if (body !== undefined) {
      this.refKind(body, [...at, "requestBody"], "requestBody");
      const media = jsonContent(this.doc, body);
      if (!media || media["schema"] === undefined) this.fault([...at, "requestBody"], "a request body needs application/json content with a schema");
      else if (!(isObject(body) && "$ref" in body)) this.content(body, [...at, "requestBody"]);
    }

    // Responses.
    const responses = op["responses"];
    if (!isObject(responses) || Object.keys(responses).length === 0) {
      this.fault(at, "missing responses");
      return;
    }
    for (const [status, response] of Object.entries(responses)) {
      const rat = [...at, "responses", status];
      if (!/^[1-5]\d\d$/.test(status) && status !== "default") this.fault(rat, `unsupported response key "${status}" (use a status code or default)`);
      this.refKind(response, rat, "response");
      if (isObject(response) && "$ref" in response) continue; // checked once in components()
      this.response(response, rat);
    }
    const success = successStatuses(op);
    if (result !== "raw" && success.length === 0) this.fault([...at, "responses"], "no synchronous success (2xx) response");
    if (result === "none") {
      for (const status of success) {
        if (jsonContent(this.doc, responses[String(status)])) this.fault([...at, "responses", String(status)], "x-c8-result is none but the success response has a body");
      }
    }
    if (result === "result" || result === "count") {
      for (const status of success) {
        const schema = jsonContent(this.doc, responses[String(status)])?.["schema"];
        if (!this.hasProperty(schema, result)) {
          this.fault([...at, "responses", String(status)], `x-c8-result is ${result} but the success body has no "${result}" property`);
        }
      }
    }

    // Async capability: the header parameter and the 202 acknowledgement go together with the extension.
    const asyncParam = params.some((p) => p.ref === ASYNC_PARAMETER_REF);
    const accepted = responses["202"];
    const acceptedTarget = deref(this.doc, accepted);
    const acceptedHeaders = isObject(acceptedTarget) ? acceptedTarget["headers"] : undefined;
    const acceptsJobs =
      (isObject(accepted) && accepted["$ref"] === ASYNC_ACCEPTED_REF) ||
      (isObject(acceptedHeaders) && Object.keys(acceptedHeaders).some((h) => h.toLowerCase() === ASYNC_ID_HEADER));
    if (isAsync === true) {
      if (!asyncParam) this.fault(at, `x-c8-async operation lacks the parameter $ref ${ASYNC_PARAMETER_REF}`);
      if (!acceptsJobs) this.fault([...at, "responses"], `x-c8-async operation lacks a 202 response ($ref ${ASYNC_ACCEPTED_REF}, or one with an ${ASYNC_ID_HEADER} header)`);
    } else {
      if (asyncParam) this.fault(at, `declares the ${ASYNC_HEADER} header parameter but x-c8-async is not true`);
      if (isObject(accepted) && accepted["$ref"] === ASYNC_ACCEPTED_REF) this.fault([...at, "responses", "202"], "answers AsyncAccepted but x-c8-async is not true");
    }
  }

  response(target: Json | undefined, at: At): void {
    if (!isObject(target)) return this.fault(at, "a response must be an object");
    if (typeof target["description"] !== "string") this.fault(at, "a response needs a description");
    const headers = target["headers"];
    if (isObject(headers)) {
      for (const [name, header] of Object.entries(headers)) {
        this.refKind(header, [...at, "headers", name], "header");
        if (isObject(header) && !("$ref" in header)) this.schema(header["schema"], [...at, "headers", name, "schema"]);
      }
    }
    this.content(target, at);
  }

  content(target: Json | undefined, at: At): void {
    if (!isObject(target)) return;
    const content = target["content"];
    if (content === undefined) return;
    if (!isObject(content)) return this.fault([...at, "content"], "content must be an object");
    for (const [media, value] of Object.entries(content)) {
      if (media !== "application/json") this.fault([...at, "content", media], `unsupported media type "${media}" (only application/json)`);
      else if (isObject(value)) this.schema(value["schema"], [...at, "content", media, "schema"]);
    }
  }

  /** Whether an object schema (following $ref and allOf) declares a property. */
  hasProperty(schema: Json | undefined, name: string, depth = 0): boolean {
    const target = deref(this.doc, schema);
    if (!isObject(target) || depth > 16) return false;
    if (isObject(target["properties"]) && Object.hasOwn(target["properties"], name)) return true;
    const allOf = target["allOf"];
    return Array.isArray(allOf) && allOf.some((s) => this.hasProperty(s, name, depth + 1));
  }
}

/** Validates a loaded spec; throws a SpecError listing every fault as `file#pointer: message`. */
export function validateSpec(spec: LoadedSpec): JsonObject {
  const { file, doc } = spec;
  if (!isObject(doc)) throw new SpecError([{ file, pointer: "", message: "the spec must be a YAML mapping" }]);
  const checker = new Checker(file, doc);
  checkRefs(checker.report, doc, doc, []);
  // Unresolved references make every later check noisy; report them alone.
  if (checker.faults.length > 0) throw new SpecError(checker.faults);
  checker.top();
  checker.components();
  const tags = doc["tags"];
  const tagNames = new Set(Array.isArray(tags) ? tags.flatMap((t) => (isObject(t) && typeof t["name"] === "string" ? [t["name"]] : [])) : []);
  const schemes = isObject(doc["components"]) && isObject(doc["components"]["securitySchemes"]) ? doc["components"]["securitySchemes"] : {};
  const firstById = new Map<string, string>();
  for (const site of operationSites(doc)) {
    if (SUPPORTED_METHODS.has(site.method)) checker.operation(site, firstById, tagNames, schemes);
  }
  if (checker.faults.length > 0) throw new SpecError(checker.faults);
  return doc;
}
