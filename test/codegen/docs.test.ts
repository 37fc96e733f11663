import { writeFile } from "node:fs/promises";
import path from "node:path";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emitSchemaTypes } from "../../codegen/emit-types.js";
import { generate, writeGeneration, type Generation } from "../../codegen/generate.js";
import { isObject, type JsonObject } from "../../codegen/json.js";
import { loadSpec } from "../../codegen/load.js";
import { COMPONENT_DOCS, operationDocs, pathDocs, TOP_LEVEL_DOCS } from "../../codegen/type-docs.js";
import { validateSpec } from "../../codegen/validate.js";
import { undocumentedSymbols } from "../../scripts/check-docs.js";
import { FIXTURES, ROOT, linkNodeModules, tempDir } from "./helpers.js";

// The project rule: every public symbol has a JSDoc comment, and generated ones carry the spec's descriptions.

const FALLBACK = "the spec gives it no description.";

async function specV1(): Promise<JsonObject> {
  return validateSpec(await loadSpec(path.join(ROOT, "spec/v1/openapi.yaml"), "spec/v1/openapi.yaml", "v1"));
}

/** The text with every comment removed, printed the same way (to compare code only). */
function withoutComments(text: string): string {
  const file = ts.createSourceFile("x.d.ts", text, ts.ScriptTarget.ESNext, false, ts.ScriptKind.TS);
  return ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true }).printFile(file);
}

describe("JSDoc texts taken from the spec", () => {
  const doc = {
    openapi: "3.1.0",
    paths: {
      "/a/{id}": {
        summary: "An a",
        description: "  Everything about one a.\n",
        parameters: [],
        delete: { operationId: "dropA", summary: "Drop an a" },
        get: { operationId: "readA", summary: "Read an a", description: "Answers it.\n\nWith */ in it.\n" },
      },
      "/b": { post: { operationId: "makeB", summary: "Make a b" } },
      "/c": { parameters: [] },
    },
  } as JsonObject;

  test("a path key: the path item's summary and description, then its operations in declaration order", () => {
    const docs = pathDocs(doc);
    expect(docs.get("/a/{id}")).toBe("An a\n\nEverything about one a.\n\nDELETE dropA · GET readA");
    expect(docs.get("/b")).toBe("POST makeB");
    expect(docs.get("/c")).toBe("`/c` (no operations).");
  });

  test("an operation: its summary, its description, then method and path", () => {
    const docs = operationDocs(doc);
    expect(docs.get("readA")).toBe("Read an a\n\nAnswers it.\n\nWith */ in it.\n\n`GET /a/{id}`");
    expect(docs.get("makeB")).toBe("Make a b\n\n`POST /b`");
  });
});

describe("schema.d.ts", () => {
  let text: string;
  let doc: JsonObject;
  beforeAll(async () => {
    doc = await specV1();
    text = await emitSchemaTypes("spec/v1/openapi.yaml", doc);
  });

  test("the JSDoc pass adds comments only: the code is openapi-typescript's, unchanged", async () => {
    const plain = astToString(await openapiTS(structuredClone(doc) as unknown as OpenAPI3, { silent: true }));
    expect(text).not.toBe(`${text.split("\n")[0]}\n${plain}`);
    expect(withoutComments(text)).toBe(withoutComments(plain));
  });

  test("top-level declarations, path keys, components and operations members carry their JSDoc", () => {
    expect(text).toContain(`/** ${TOP_LEVEL_DOCS["paths"]} */\nexport interface paths {`);
    expect(text).toContain(`/** ${TOP_LEVEL_DOCS["components"]} */\nexport interface components {`);
    expect(text).toContain(`/** ${TOP_LEVEL_DOCS["operations"]} */\nexport interface operations {`);
    expect(text).toContain(
      '    /** POST insertDocument · PUT replaceDocuments · PATCH updateDocuments · DELETE deleteDocuments */\n    "/_fabric/{fabric}/_api/document/{collection}": {',
    );
    expect(text).toContain(`    /** ${COMPONENT_DOCS["schemas"]} */\n    schemas: {`);
    expect(text).toContain(
      [
        "    /**",
        "     * Close a cursor",
        "     *",
        "     * Frees a cursor before its last batch was read. An unknown or exhausted cursor answers 404 (errorNum 1600).",
        "     *",
        "     * `DELETE /_fabric/{fabric}/_api/cursor/{id}`",
        "     */",
        "    deleteCursor: {",
      ].join("\n"),
    );
  });

  test("a comment openapi-typescript wrote itself is kept, not doubled", () => {
    // The method members of a path item already carry the operation's summary and description.
    expect(text).toContain('        /**\n         * Get a JWT\n         * @description Trades an e-mail');
    expect(text.match(/\* Get a JWT\n/g)).toHaveLength(2); // paths["/_open/auth"].post and operations.authenticate
  });
});

describe("schemas.ts and operations.ts", () => {
  let basic: Generation;
  let v1: Generation;
  beforeAll(async () => {
    basic = await generate({ root: ROOT, specDir: path.join(FIXTURES, "basic"), outDir: path.join(ROOT, "unused") });
    v1 = await generate({ root: ROOT, specDir: path.join(ROOT, "spec"), outDir: path.join(ROOT, "generated") });
  });
  const fileOf = (generation: Generation, name: string) => generation.files.find((f) => f.display.endsWith(`/v1/${name}`))!.content;

  test("a component schema's description becomes its JSDoc; without one, a sentence naming the schema", () => {
    const schemas = fileOf(basic, "schemas.ts");
    expect(schemas).toContain("/** Any attributes; `_key` is optional. */\nexport const Item = ");
    expect(schemas).toContain(
      `/** The \`Meta\` schema (\`#/components/schemas/Meta\`) of Basic fixture API v1; ${FALLBACK} */\nexport const Meta = `,
    );
  });

  test("every component schema of spec v1 has a description, so none falls back", async () => {
    const schemas = (await specV1())["components"];
    const named = isObject(schemas) && isObject(schemas["schemas"]) ? schemas["schemas"] : {};
    const lacking = Object.entries(named).filter(([, s]) => !isObject(s) || typeof s["description"] !== "string" || s["description"].trim() === "");
    expect(lacking.map(([name]) => name)).toEqual([]);
    expect(fileOf(v1, "schemas.ts")).not.toContain(FALLBACK);
  });

  test("OperationId is documented", () => {
    expect(fileOf(v1, "operations.ts")).toContain(
      "/** The operationId of an operation of C8 Data Fabric API v1: a key of `operations`. */\nexport type OperationId = keyof typeof operations;",
    );
  });
});

describe("docs:check on generated code", () => {
  let out: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    out = await tempDir("docs");
    await linkNodeModules(out.dir);
    await writeFile(path.join(out.dir, "package.json"), '{ "type": "module" }\n');
    const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, types: [] };
    await writeFile(path.join(out.dir, "tsconfig.build.json"), JSON.stringify({ compilerOptions }));
    const options = { root: ROOT, specDir: path.join(FIXTURES, "basic"), outDir: path.join(out.dir, "generated") };
    await writeGeneration(options, await generate(options));
  });
  afterAll(() => out.cleanup());

  test("the basic fixture's output (schemas without descriptions, a path with a summary) has no undocumented export", () => {
    expect(undocumentedSymbols(out.dir, ["generated/v1/index.ts"])).toEqual([]);
  });

  test("generated/ has no undocumented public symbol", () => {
    expect(undocumentedSymbols().filter((m) => m.where.startsWith("generated/"))).toEqual([]);
  });
});
