import { StructureKind, type OptionalKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import { banner, docText } from "./banner.js";
import type { ApiIr } from "./ir.js";
import { constStatement, type StructurePrinter } from "./printer.js";
import { deref, isObject, type JsonObject } from "./json.js";
import { componentSchemaRefs, jsonContent, operationSites } from "./spec-walk.js";
import { print, propertyKey, zodFor, type ZNode } from "./zod-expr.js";

/** Component schema names in declaration order, each after the schemas it references (no cycles: validated). */
function dependencyOrder(schemas: JsonObject): string[] {
  const ordered: string[] = [];
  const done = new Set<string>();
  const visit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    for (const ref of componentSchemaRefs(schemas[name])) if (Object.hasOwn(schemas, ref)) visit(ref);
    ordered.push(name);
  };
  for (const name of Object.keys(schemas)) visit(name);
  return ordered;
}

const statusKey = (status: string) => (/^\d+$/.test(status) ? status : propertyKey(status));

/** The JSDoc of a component schema whose spec entry has no description: a sentence naming it. */
export function undocumentedSchemaDoc(ir: ApiIr, name: string): string {
  return `The \`${name}\` schema (\`#/components/schemas/${name}\`) of ${ir.title} ${ir.api}; the spec gives it no description.`;
}

/** `schemas.ts`: zod 4 schemas of the component schemas, request bodies and response bodies. */
export function schemasFile(ir: ApiIr, doc: JsonObject): OptionalKind<SourceFileStructure> {
  const components = isObject(doc["components"]) && isObject(doc["components"]["schemas"]) ? doc["components"]["schemas"] : {};
  const constant = (name: string, node: ZNode, docs: string | undefined): StatementStructures | string =>
    "\n" + constStatement(name, print(node, 0, `export const ${name} = `.length), docs === undefined ? undefined : docText(docs));
  const componentStatements = dependencyOrder(components).map((name) => {
    const schema = components[name];
    const description = isObject(schema) && typeof schema["description"] === "string" ? schema["description"].trim() : "";
    return constant(name, zodFor(schema), description === "" ? undocumentedSchemaDoc(ir, name) : description);
  });

  const byId = new Map(operationSites(doc).map((site) => [String(site.op["operationId"]), site.op]));
  const requestProps: [string, ZNode][] = [];
  const responseProps: [string, ZNode][] = [];
  for (const { id } of ir.operations) {
    const op = byId.get(id) ?? {};
    const body = jsonContent(doc, op["requestBody"]);
    if (body) requestProps.push([id, zodFor(body["schema"])]);
    const responses = deref(doc, op["responses"]);
    const statuses = isObject(responses) ? Object.keys(responses) : [];
    // Numeric statuses ascending, then `default`.
    statuses.sort((a, b) => (a === "default" ? 1 : b === "default" ? -1 : Number(a) - Number(b)));
    const perStatus: [string, ZNode][] = [];
    for (const status of statuses) {
      const media = jsonContent(doc, isObject(responses) ? responses[status] : undefined);
      if (media) perStatus.push([statusKey(status), zodFor(media["schema"])]);
    }
    responseProps.push([id, { kind: "props", open: "{", props: perStatus, close: "}" }]);
  }

  return {
    statements: [
      banner(ir.specFile),
      { kind: StructureKind.ImportDeclaration, namedImports: ["z"], moduleSpecifier: "zod" },
      ...componentStatements,
      constant("requestBodies", { kind: "props", open: "{", props: requestProps, close: "}" }, "Request body schemas by operationId (operations without a body are absent). Objects let unknown keys through."),
      constant("responseBodies", { kind: "props", open: "{", props: responseProps, close: "}" }, "Response body schemas by operationId and status (statuses without a JSON body are absent)."),
    ],
  };
}


export function emitSchemas(printer: StructurePrinter, ir: ApiIr, doc: JsonObject): string {
  return printer.print(`${ir.api}/schemas.ts`, schemasFile(ir, doc));
}
