import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { banner } from "./banner.js";
import type { JsonObject } from "./json.js";
import { documentSchemaTypes } from "./type-docs.js";

/**
 * `schema.d.ts`: openapi-typescript's `paths`, `components` and `operations` types, with JSDoc added to what
 * openapi-typescript leaves undocumented (see type-docs.ts) before the AST is printed.
 */
export async function emitSchemaTypes(specFile: string, doc: JsonObject): Promise<string> {
  // openapi-typescript may annotate the object it is given; hand it a copy.
  const ast = await openapiTS(structuredClone(doc) as unknown as OpenAPI3, { silent: true });
  documentSchemaTypes(ast, doc);
  return `${banner(specFile)}\n${astToString(ast)}`;
}
