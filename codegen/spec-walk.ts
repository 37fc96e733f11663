// Walks the parts of an OpenAPI document that the generator reads; shared by the validator and the IR builder.
import { deref, isObject, type Json, type JsonObject } from "./json.js";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export const ASYNC_PARAMETER_REF = "#/components/parameters/C8Async";
export const ASYNC_ACCEPTED_REF = "#/components/responses/AsyncAccepted";
export const ASYNC_HEADER = "x-c8-async";
export const ASYNC_ID_HEADER = "x-c8-async-id";
export const RESULT_SHAPES = ["body", "result", "count", "cursor", "none", "raw"] as const;
export type ResultShape = (typeof RESULT_SHAPES)[number];

export interface OperationSite {
  readonly path: string;
  readonly method: string;
  readonly op: JsonObject;
  readonly pathItem: JsonObject;
  /** Pointer segments of the operation object: `["paths", path, method]`. */
  readonly at: readonly string[];
}

export function operationSites(doc: JsonObject): OperationSite[] {
  const sites: OperationSite[] = [];
  const paths = doc["paths"];
  if (!isObject(paths)) return sites;
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const op = pathItem[method];
      if (isObject(op)) sites.push({ path, method, op, pathItem, at: ["paths", path, method] });
    }
  }
  return sites;
}

export interface ParameterSite {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly schema: Json | undefined;
  /** The `$ref` the parameter was declared through, if any. */
  readonly ref: string | undefined;
  readonly at: readonly (string | number)[];
}

/** Path-level parameters overlaid by operation-level ones (same name and location), in declaration order. */
export function mergedParameters(doc: JsonObject, site: OperationSite): ParameterSite[] {
  const byKey = new Map<string, ParameterSite>();
  const collect = (list: Json | undefined, at: readonly (string | number)[]) => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, index) => {
      const param = deref(doc, raw);
      if (!isObject(param) || typeof param["name"] !== "string" || typeof param["in"] !== "string") return;
      const ref = isObject(raw) && typeof raw["$ref"] === "string" ? raw["$ref"] : undefined;
      const location = param["in"];
      const key = `${location}:${location === "header" ? param["name"].toLowerCase() : param["name"]}`;
      if (byKey.has(key)) byKey.delete(key); // an operation-level parameter replaces the path-level one
      byKey.set(key, {
        name: param["name"],
        in: location,
        required: param["required"] === true,
        schema: param["schema"],
        ref,
        at: [...at, index],
      });
    });
  };
  collect(site.pathItem["parameters"], ["paths", site.path, "parameters"]);
  collect(site.op["parameters"], [...site.at, "parameters"]);
  return [...byKey.values()];
}

/** Names of `{placeholders}` in a path template, in order. */
export function templateParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? "");
}

/**
 * The statuses that count as a synchronous success: every declared 2xx except a 202 that is only the async-job
 * acknowledgement (`$ref: AsyncAccepted`). A `raw` operation answers whatever the stored response was, so none.
 */
export function successStatuses(op: JsonObject): number[] {
  if (op["x-c8-result"] === "raw") return [];
  const responses = op["responses"];
  if (!isObject(responses)) return [];
  return Object.entries(responses)
    .filter(([status, response]) => /^2\d\d$/.test(status) && !(isObject(response) && response["$ref"] === ASYNC_ACCEPTED_REF))
    .map(([status]) => Number(status))
    .sort((a, b) => a - b);
}

/** The JSON media type object of a request body or response, after following `$ref`s. */
export function jsonContent(doc: JsonObject, node: Json | undefined): JsonObject | undefined {
  const target = deref(doc, node);
  if (!isObject(target)) return undefined;
  const content = target["content"];
  if (!isObject(content)) return undefined;
  const media = content["application/json"];
  return isObject(media) ? media : undefined;
}

/** Names of the component schemas a schema references (directly or in nested schemas), in first-seen order. */
export function componentSchemaRefs(node: Json | undefined): string[] {
  const prefix = "#/components/schemas/";
  const found = new Set<string>();
  const walk = (n: Json | undefined) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (isObject(n)) {
      const ref = n["$ref"];
      if (typeof ref === "string" && ref.startsWith(prefix)) found.add(ref.slice(prefix.length));
      for (const value of Object.values(n)) walk(value);
    }
  };
  walk(node);
  return [...found];
}
