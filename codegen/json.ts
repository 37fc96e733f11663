import { fromPointer } from "./spec-error.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Looks up a local `$ref` (`#/components/...`) in the document; undefined when it does not resolve. */
export function resolveRef(doc: unknown, ref: string): Json | undefined {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = doc;
  for (const segment of fromPointer(ref.slice(1))) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node as Json | undefined;
}

/** Follows `$ref` chains (validated beforehand, so they resolve) and answers the referenced object. */
export function deref(doc: unknown, node: Json | undefined): Json | undefined {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current["$ref"] === "string" && hops < 32; hops++) {
    current = resolveRef(doc, current["$ref"]);
  }
  return current;
}
