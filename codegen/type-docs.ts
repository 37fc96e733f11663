// JSDoc for what openapi-typescript leaves undocumented in `schema.d.ts`. openapi-typescript 7 documents the methods
// under `paths[…]` (operation summary and description) and schema members, but not the path keys, the members of
// `operations`, the members of `components` nor the top-level declarations, and it has no hook for them (its
// `transform`/`postTransform`/`transformProperty` options only see schema objects). So the generator walks the AST
// openapi-typescript returns, before it is printed, and attaches synthetic JSDoc comments — no re-parse, no text
// surgery. Texts come from the spec; the top-level declarations and `components` members get one fixed sentence.
import ts from "typescript";
import { docText } from "./banner.js";
import { isObject, type JsonObject } from "./json.js";
import { HTTP_METHODS } from "./spec-walk.js";

/** One sentence per top-level declaration of openapi-typescript's output. */
export const TOP_LEVEL_DOCS: Readonly<Record<string, string>> = {
  paths:
    "Every path of the API, keyed by path template: each HTTP method it answers is typed by its operation (see `operations`), the others are `never`.",
  webhooks: "The webhooks the spec declares, keyed by name.",
  components: "The reusable components the spec declares under `#/components`, by kind and then by name.",
  $defs: "The schemas the spec declares under `#/$defs`, keyed by name.",
  operations: "Every operation of the API, keyed by operationId: its parameters, request body and responses by status.",
};

/** One sentence per member of `components`; other kinds fall back to a sentence naming their pointer. */
export const COMPONENT_DOCS: Readonly<Record<string, string>> = {
  schemas: "Named schemas (`#/components/schemas`): the types of request and response bodies, by name.",
  responses: "Reusable responses (`#/components/responses`): the headers and body of each, by name.",
  parameters: "Reusable parameters (`#/components/parameters`): the value type of each, by name.",
  requestBodies: "Reusable request bodies (`#/components/requestBodies`), by name.",
  headers: "Reusable response headers (`#/components/headers`): the value type of each, by name.",
  pathItems: "Reusable path items (`#/components/pathItems`), by name.",
};

const componentDoc = (kind: string) => COMPONENT_DOCS[kind] ?? `The \`#/components/${kind}\` entries of the spec, by name.`;

const text = (value: unknown): string | undefined => {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
};

const paragraphs = (...parts: (string | undefined)[]): string => parts.filter((p): p is string => p !== undefined).join("\n\n");

/**
 * JSDoc text of each path key: the path item's own `summary` and `description` if it has them, then the operations
 * it holds in declaration order, e.g. `POST insertDocument · PUT replaceDocuments`.
 */
export function pathDocs(doc: JsonObject): Map<string, string> {
  const docs = new Map<string, string>();
  const paths = isObject(doc["paths"]) ? doc["paths"] : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const methods = Object.keys(item).filter((key): key is (typeof HTTP_METHODS)[number] =>
      (HTTP_METHODS as readonly string[]).includes(key),
    );
    const held = methods.map((method) => {
      const op = item[method];
      const id = isObject(op) ? text(op["operationId"]) : undefined;
      return id === undefined ? method.toUpperCase() : `${method.toUpperCase()} ${id}`;
    });
    const operations = held.length > 0 ? held.join(" · ") : undefined;
    docs.set(path, paragraphs(text(item["summary"]), text(item["description"]), operations) || `\`${path}\` (no operations).`);
  }
  return docs;
}

/** JSDoc text of each operation by operationId: its summary, its description, then `METHOD path`. */
export function operationDocs(doc: JsonObject): Map<string, string> {
  const docs = new Map<string, string>();
  const paths = isObject(doc["paths"]) ? doc["paths"] : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      const id = isObject(op) ? text(op["operationId"]) : undefined;
      if (!isObject(op) || id === undefined || docs.has(id)) continue;
      docs.set(id, paragraphs(text(op["summary"]), text(op["description"]), `\`${method.toUpperCase()} ${path}\``));
    }
  }
  return docs;
}

/** The comment body openapi-typescript itself writes: `* text ` on one line, or one ` * ` line per text line. */
function commentBody(value: string): string {
  const lines = docText(value)
    .split("\n")
    .map((line) => line.trimEnd());
  if (lines.length === 1) return `* ${lines[0]} `;
  return `*\n${lines.map((line) => (line === "" ? " *" : ` * ${line}`)).join("\n")}\n `;
}

/** Attaches a JSDoc comment unless openapi-typescript already gave the node one. */
function document(node: ts.Node, value: string | undefined): void {
  if (value === undefined || (ts.getSyntheticLeadingComments(node)?.length ?? 0) > 0) return;
  ts.addSyntheticLeadingComment(node, ts.SyntaxKind.MultiLineCommentTrivia, commentBody(value), true);
}

function memberName(member: ts.TypeElement): string | undefined {
  const name = member.name;
  return name !== undefined && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

function declarationName(node: ts.Node): string | undefined {
  return ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) ? node.name.text : undefined;
}

/** The members of an interface, or of a type alias to a type literal. */
function membersOf(node: ts.Node): readonly ts.TypeElement[] {
  if (ts.isInterfaceDeclaration(node)) return node.members;
  if (ts.isTypeAliasDeclaration(node) && ts.isTypeLiteralNode(node.type)) return node.type.members;
  return [];
}

/**
 * Documents openapi-typescript's top-level declarations, the path keys of `paths`, the members of `components` and
 * of `operations`, in place (one pass over the top-level statements and their direct members).
 */
export function documentSchemaTypes(statements: readonly ts.Node[], doc: JsonObject): void {
  const byPath = pathDocs(doc);
  const byOperation = operationDocs(doc);
  const memberDocs: Readonly<Record<string, (name: string) => string | undefined>> = {
    paths: (name) => byPath.get(name),
    components: componentDoc,
    operations: (name) => byOperation.get(name),
  };
  for (const statement of statements) {
    const name = declarationName(statement);
    if (name === undefined || !Object.hasOwn(TOP_LEVEL_DOCS, name)) continue;
    document(statement, TOP_LEVEL_DOCS[name]);
    const docOf = memberDocs[name];
    if (docOf === undefined) continue;
    for (const member of membersOf(statement)) {
      const key = memberName(member);
      if (key !== undefined) document(member, docOf(key));
    }
  }
}
