import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { CursorBody, DocumentWriteResult, ErrorBody, requestBodies, responseBodies } from "../../generated/v1/index.js";
import { FIXTURES } from "./helpers.js";

interface RecordedBody {
  readonly operationId: keyof typeof responseBodies;
  readonly status: number;
  readonly source: string;
  readonly body: unknown;
}
const recorded = JSON.parse(readFileSync(path.join(FIXTURES, "recorded-bodies/v1.json"), "utf8")) as { bodies: RecordedBody[] };

describe("spec v1's response schemas against real traffic", () => {
  test("covers most operations", () => {
    expect(new Set(recorded.bodies.map((b) => b.operationId)).size).toBeGreaterThanOrEqual(24);
  });

  test.each(recorded.bodies.map((b) => [`${b.operationId} ${b.status} ← ${b.source}`, b] as const))("%s", (_, b) => {
    const schemas = responseBodies[b.operationId] as Record<number, { safeParse(v: unknown): { success: boolean; error?: unknown } }>;
    const schema = schemas[b.status];
    expect(schema, `spec v1 declares no ${b.status} body for ${b.operationId}`).toBeDefined();
    const parsed = schema!.safeParse(b.body);
    expect(parsed.error).toBeUndefined();
    if (b.status >= 400) expect(ErrorBody.safeParse(b.body).success).toBe(true);
  });
});

describe("generated zod schemas", () => {
  test("objects are loose: a real client's extra fields pass and are kept", () => {
    const body = { query: "RETURN 1", fullCount: true, options: { fullCount: true, somethingNew: 1 } };
    expect(requestBodies.createCursor.parse(body)).toEqual(body);
    expect(requestBodies.createCollection.safeParse({ name: "c", type: 3, shardKeys: ["a"] }).success).toBe(true);
  });

  test("they still reject what the spec forbids", () => {
    expect(requestBodies.createCursor.safeParse({ batchSize: 10 }).success).toBe(false); // query is required
    expect(requestBodies.createCursor.safeParse({ query: "x", batchSize: "10" }).success).toBe(false);
    expect(requestBodies.createCollection.safeParse({ name: "c", type: 4 }).success).toBe(false);
    // multi-document bodies let any item through (a bad item fails alone, in the handler); a non-array fails
    expect(requestBodies.deleteDocuments.safeParse(["a", { _key: "b" }, 3]).success).toBe(true);
    expect(requestBodies.deleteDocuments.safeParse({ _key: "b" }).success).toBe(false);
    expect(CursorBody.safeParse({ result: [] }).success).toBe(false); // hasMore is required
    expect(ErrorBody.safeParse({ error: false, code: 400, errorNum: 1, errorMessage: "" }).success).toBe(false);
  });

  test("a document write answers metadata, {} when silent, or items that may be errors", () => {
    expect(DocumentWriteResult.safeParse({ _id: "c/1", _key: "1", _rev: "_r" }).success).toBe(true);
    expect(DocumentWriteResult.safeParse({}).success).toBe(true);
    expect(DocumentWriteResult.safeParse([{ _id: "c/1", _key: "1", _rev: "_r" }, { error: true, errorNum: 1210, errorMessage: "dup" }]).success).toBe(true);
    expect(DocumentWriteResult.safeParse({ _key: "1" }).success).toBe(false);
  });

  test("request bodies exist exactly for operations with a body", () => {
    expect(Object.keys(requestBodies).sort()).toEqual(
      [
        "authenticate",
        "createCollection",
        "createCursor",
        "createFabric",
        "createIndex",
        "createIndexOfType",
        "createSqlCursor",
        "createUser",
        "deleteDocuments",
        "exportQuery",
        "importDocuments",
        "insertDocument",
        "insertDocumentWithCollectionParam",
        "replaceDocument",
        "replaceDocuments",
        "setFabricMetadata",
        "updateCollectionProperties",
        "updateDocument",
        "updateDocuments",
        "updateFabricMetadata",
      ].sort(),
    );
  });
});
