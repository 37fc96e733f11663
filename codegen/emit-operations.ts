import { StructureKind, type OptionalKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import { banner, docText } from "./banner.js";
import type { ApiIr, IrOperation } from "./ir.js";
import { constStatement, type StructurePrinter } from "./printer.js";
import { leaf, print, type ZNode } from "./zod-expr.js";

const OPERATION_INFO: readonly [name: string, type: string, doc: string][] = [
  ["method", '"GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE"', "The HTTP method."],
  ["path", "string", 'The OpenAPI path template, e.g. "/_fabric/{fabric}/_api/document/{collection}".'],
  ["queryParams", "readonly string[]", "Query parameters, in declaration order."],
  ["headerParams", "readonly string[]", "Header parameters, lower-case, without x-c8-async."],
  ["body", '"none" | "optional" | "required"', "Whether the operation takes a JSON request body."],
  ["success", "readonly number[]", "Statuses that are a synchronous success (not the async-job 202 acknowledgement); empty for `raw`."],
  ["async", "boolean", "Whether the operation may be sent with `x-c8-async` (x-c8-async)."],
  ["auth", "boolean", "False only for operations open without credentials."],
  ["error", "string", "The error class raised on failure (x-c8-error)."],
  ["result", '"body" | "result" | "count" | "cursor" | "none" | "raw"', "How the SDK shapes a successful answer (x-c8-result)."],
];

const str = (value: string): ZNode => leaf(JSON.stringify(value));
const list = (values: readonly (string | number)[]): ZNode => leaf(`[${values.map((v) => JSON.stringify(v)).join(", ")}]`);

function tableEntry(op: IrOperation): ZNode {
  const names = (where: "query" | "header") =>
    op.params.filter((p) => p.in === where).map((p) => (where === "header" ? p.name.toLowerCase() : p.name));
  return {
    kind: "props",
    open: "{",
    close: "}",
    props: [
      ["method", str(op.method)],
      ["path", str(op.path)],
      ["queryParams", list(names("query"))],
      ["headerParams", list(names("header"))],
      ["body", str(op.body)],
      ["success", list(op.success)],
      ["async", leaf(String(op.async))],
      ["auth", leaf(String(op.auth))],
      ["error", str(op.error)],
      ["result", str(op.result)],
    ],
  };
}

function requestFunction(op: IrOperation): StatementStructures {
  const initRequired = op.body === "required" || op.params.some((p) => p.required);
  const facts = [`\`${op.method} ${op.path}\``, op.async ? "may run as an async job" : undefined, `fails with \`${op.error}\``]
    .filter(Boolean)
    .join(" · ");
  const description = [op.summary, op.description, facts].filter(Boolean).map((t) => docText(String(t))).join("\n\n");
  return {
    kind: StructureKind.Function,
    isExported: true,
    name: op.id,
    docs: [{ description }],
    parameters: [
      { name: "client", type: "Client<paths>" },
      {
        name: "init",
        type: `MaybeOptionalInit<paths[${JSON.stringify(op.path)}], ${JSON.stringify(op.method.toLowerCase())}>`,
        hasQuestionToken: !initRequired,
      },
    ],
    statements: [`return client.${op.method}(${JSON.stringify(op.path)}, init);`],
  };
}

/** `operations.ts`: the operation table (data read by the SDK and the local fabric) and one typed request function per operationId. */
export function operationsFile(ir: ApiIr): OptionalKind<SourceFileStructure> {
  const table: ZNode = {
    kind: "props",
    open: "{",
    close: "} as const satisfies Record<string, OperationInfo>",
    props: ir.operations.map((op) => [op.id, tableEntry(op)] as const),
  };
  return {
    statements: [
      banner(ir.specFile),
      { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ["Client", "MaybeOptionalInit"], moduleSpecifier: "openapi-fetch" },
      { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ["paths"], moduleSpecifier: "./schema.js" },
      {
        kind: StructureKind.Interface,
        isExported: true,
        name: "OperationInfo",
        docs: ["What the spec says about one operation (its vendor extensions included)."],
        properties: OPERATION_INFO.map(([name, type, doc]) => ({ name, type, isReadonly: true, docs: [doc] })),
      },
      constStatement(
        "operations",
        print(table, 0, "export const operations = ".length),
        `Every operation of ${docText(ir.title)} ${ir.api}, keyed by operationId.`,
      ) + "\n",
      {
        kind: StructureKind.TypeAlias,
        isExported: true,
        name: "OperationId",
        docs: [`The operationId of an operation of ${docText(ir.title)} ${ir.api}: a key of \`operations\`.`],
        type: "keyof typeof operations",
      },
      ...ir.operations.map(requestFunction),
    ],
  };
}

export function emitOperations(printer: StructurePrinter, ir: ApiIr): string {
  return printer.print(`${ir.api}/operations.ts`, operationsFile(ir));
}
