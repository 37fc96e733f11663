// The small intermediate representation the emitters work from: one entry per operation, sorted by operationId.
import { deref, isObject, type Json, type JsonObject } from "./json.js";
import {
  ASYNC_HEADER,
  mergedParameters,
  operationSites,
  successStatuses,
  templateParameters,
  type ResultShape,
} from "./spec-walk.js";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
export type BodyPresence = "none" | "optional" | "required";

export interface IrParam {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required: boolean;
}

export interface IrOperation {
  readonly id: string;
  readonly method: HttpMethod;
  /** The OpenAPI path template, e.g. `/_fabric/{fabric}/_api/cursor`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description: string | undefined;
  /** Path parameters in template order, then query and header parameters in declaration order (header `x-c8-async` excluded). */
  readonly params: readonly IrParam[];
  readonly body: BodyPresence;
  /** Statuses that are a synchronous success (not the async-job 202 acknowledgement). */
  readonly success: readonly number[];
  readonly async: boolean;
  /** False when the operation declares `security: []`. */
  readonly auth: boolean;
  readonly error: string;
  readonly result: ResultShape;
}

export interface ApiIr {
  /** The API version directory name, e.g. `v1`. */
  readonly api: string;
  /** The spec path shown in banners and messages, e.g. `spec/v1/openapi.yaml`. */
  readonly specFile: string;
  readonly title: string;
  readonly version: string;
  readonly operations: readonly IrOperation[];
}

/** Builds the IR from a validated spec (see validateSpec). */
export function buildIr(api: string, specFile: string, doc: JsonObject): ApiIr {
  const info = isObject(doc["info"]) ? doc["info"] : {};
  const globalSecurity = Array.isArray(doc["security"]) ? doc["security"] : [];
  const operations = operationSites(doc).map((site): IrOperation => {
    const { op } = site;
    const params = mergedParameters(doc, site);
    const template = templateParameters(site.path);
    const pathParams = params
      .filter((p) => p.in === "path")
      .sort((a, b) => template.indexOf(a.name) - template.indexOf(b.name));
    const others = params.filter(
      (p) => p.in === "query" || (p.in === "header" && p.name.toLowerCase() !== ASYNC_HEADER),
    );
    const requestBody = op["requestBody"];
    const security = Array.isArray(op["security"]) ? op["security"] : globalSecurity;
    const description = typeof op["description"] === "string" ? op["description"].trim() : undefined;
    const tags = op["tags"];
    return {
      id: String(op["operationId"]),
      method: site.method.toUpperCase() as HttpMethod,
      path: site.path,
      tag: Array.isArray(tags) ? String(tags[0]) : "",
      summary: String(op["summary"]).trim(),
      description: description === "" ? undefined : description,
      params: [...pathParams, ...others].map((p) => ({
        name: p.name,
        in: p.in as IrParam["in"],
        required: p.required,
      })),
      body: requestBody === undefined ? "none" : resolvedRequired(doc, requestBody as Json) ? "required" : "optional",
      success: successStatuses(op),
      async: op["x-c8-async"] === true,
      auth: security.length > 0,
      error: String(op["x-c8-error"]),
      result: op["x-c8-result"] as ResultShape,
    };
  });
  operations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    api,
    specFile,
    title: String(info["title"] ?? ""),
    version: String(info["version"] ?? ""),
    operations,
  };
}

function resolvedRequired(doc: JsonObject, requestBody: Json): boolean {
  const target = deref(doc, requestBody);
  return isObject(target) && target["required"] === true;
}
