import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { banner } from "./banner.js";
import type { JsonObject } from "./json.js";

/** `schema.d.ts`: openapi-typescript's `paths`, `components` and `operations` types. */
export async function emitSchemaTypes(specFile: string, doc: JsonObject): Promise<string> {
  // openapi-typescript may annotate the object it is given; hand it a copy.
  const ast = await openapiTS(structuredClone(doc) as unknown as OpenAPI3, { silent: true });
  return `${banner(specFile)}\n${astToString(ast)}`;
}
