import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { loadSpec, parseSpec } from "../../codegen/load.js";
import { SpecError } from "../../codegen/spec-error.js";
import { validateSpec } from "../../codegen/validate.js";
import { FIXTURES, ROOT } from "./helpers.js";

const INVALID = path.join(FIXTURES, "invalid");
const cases = readdirSync(INVALID).filter((f) => f.endsWith(".yaml")).sort();

function faultOf(text: string, file: string): SpecError {
  try {
    validateSpec(parseSpec(text, file, "v1"));
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error(`${file} validated, but it should not`);
}

describe("invalid specs fail with file#pointer: message", () => {
  test("there are fixtures", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  // Each fixture's first line documents the exact error it must produce.
  test.each(cases)("%s", (name) => {
    const text = readFileSync(path.join(INVALID, name), "utf8");
    const expected = /^# expect: (.+)$/m.exec(text)?.[1];
    expect(expected, `${name} lacks its "# expect:" line`).toBeDefined();
    const error = faultOf(text, `test/fixtures/specs/invalid/${name}`);
    expect(error.message).toBe(expected);
    expect(error.faults).toHaveLength(1);
  });

  test("every fault is reported, not only the first", () => {
    const text = readFileSync(path.join(INVALID, "missing-operation-id.yaml"), "utf8")
      .replace("x-c8-result: body", "x-c8-result: stream")
      .replace("tags: [T]", "tags: [Nope]");
    const error = faultOf(text, "spec/v1/openapi.yaml");
    expect(error.message.split("\n")).toEqual([
      "spec/v1/openapi.yaml#/paths/~1_api~1cursor/post: missing operationId",
      'spec/v1/openapi.yaml#/paths/~1_api~1cursor/post/tags/0: tag "Nope" is not declared in #/tags',
      'spec/v1/openapi.yaml#/paths/~1_api~1cursor/post/x-c8-result: unknown x-c8-result value "stream" (expected one of body, result, count, cursor, none, raw)',
    ]);
  });

  test("an operation that is not async must not declare the async header", () => {
    const text = readFileSync(path.join(INVALID, "async-without-header.yaml"), "utf8")
      .replace("x-c8-async: true", "x-c8-async: false")
      .replace("      responses:\n", '      parameters:\n        - $ref: "#/components/parameters/C8Async"\n      responses:\n');
    const lines = faultOf(text, "f.yaml").message.split("\n");
    expect(lines).toContain("f.yaml#/paths/~1a/get: declares the x-c8-async header parameter but x-c8-async is not true");
    expect(lines).toContain("f.yaml#/paths/~1a/get/responses/202: answers AsyncAccepted but x-c8-async is not true");
  });

  test("x-c8-result result/count need that property in the success body", () => {
    const text = readFileSync(path.join(INVALID, "missing-operation-id.yaml"), "utf8")
      .replace("post:\n", "post:\n      operationId: runIt\n")
      .replace("x-c8-result: body", "x-c8-result: count");
    expect(faultOf(text, "f.yaml").message).toBe(
      'f.yaml#/paths/~1_api~1cursor/post/responses/200: x-c8-result is count but the success body has no "count" property',
    );
  });
});

describe("valid specs", () => {
  test("spec v1 and the fixtures validate", async () => {
    for (const relative of ["spec/v1/openapi.yaml", "test/fixtures/specs/basic/v1/openapi.yaml", "test/fixtures/specs/multi/v2/openapi.yaml"]) {
      const spec = await loadSpec(path.join(ROOT, relative), relative, "v1");
      expect(() => validateSpec(spec), relative).not.toThrow();
    }
  });
});
