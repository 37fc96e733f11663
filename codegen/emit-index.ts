import { StructureKind, type OptionalKind, type SourceFileStructure } from "ts-morph";
import { banner } from "./banner.js";
import type { ApiIr } from "./ir.js";
import type { StructurePrinter } from "./printer.js";

/** `index.ts`: one import point. openapi-typescript's `operations` type is re-exported as `OperationTypes`, because the table owns the name `operations`. */
export function indexFile(ir: ApiIr): OptionalKind<SourceFileStructure> {
  return {
    statements: [
      banner(ir.specFile),
      {
        kind: StructureKind.ExportDeclaration,
        isTypeOnly: true,
        namedExports: ["components", { name: "operations", alias: "OperationTypes" }, "paths"],
        moduleSpecifier: "./schema.js",
      },
      { kind: StructureKind.ExportDeclaration, moduleSpecifier: "./operations.js" },
      { kind: StructureKind.ExportDeclaration, moduleSpecifier: "./schemas.js" },
    ],
  };
}

export function emitIndex(printer: StructurePrinter, ir: ApiIr): string {
  return printer.print(`${ir.api}/index.ts`, indexFile(ir));
}
