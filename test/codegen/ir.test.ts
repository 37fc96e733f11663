import path from "node:path";
import { describe, expect, test } from "vitest";
import { buildIr, type IrOperation } from "../../codegen/ir.js";
import { loadSpec } from "../../codegen/load.js";
import { validateSpec } from "../../codegen/validate.js";
import { FIXTURES, ROOT } from "./helpers.js";

async function irOf(relative: string) {
  const spec = await loadSpec(path.join(FIXTURES, relative), `test/fixtures/specs/${relative}`, "v1");
  return buildIr(spec.api, spec.file, validateSpec(spec));
}

const byId = (ops: readonly IrOperation[], id: string) => {
  const op = ops.find((o) => o.id === id);
  if (!op) throw new Error(`no operation ${id}`);
  return op;
};

describe("IR of the basic fixture", () => {
  test("one entry per operation, sorted by operationId", async () => {
    const ir = await irOf("basic/v1/openapi.yaml");
    expect(ir.operations.map((o) => o.id)).toEqual(["addItems", "checkItem", "getJobResult", "listItems", "login"]);
    expect(ir).toMatchObject({ api: "v1", specFile: "test/fixtures/specs/basic/v1/openapi.yaml", title: "Basic fixture API", version: "1" });
  });

  test("an async operation with an inline 202: path-level then operation parameters, x-c8-async left out", async () => {
    const op = byId((await irOf("basic/v1/openapi.yaml")).operations, "addItems");
    expect(op).toEqual({
      id: "addItems",
      method: "POST",
      path: "/_fabric/{fabric}/_api/item/{collection}",
      tag: "Items",
      summary: "Add one or many items",
      description: "Adds items. 202 unless waitForSync.\nA second paragraph with a */ sequence that must not end the comment.",
      params: [
        { name: "fabric", in: "path", required: true },
        { name: "collection", in: "path", required: true },
        { name: "waitForSync", in: "query", required: false },
        { name: "mode", in: "query", required: false },
        { name: "If-Match", in: "header", required: false },
      ],
      body: "required",
      success: [201, 202], // the inline 202 carries a body: a real synchronous success
      async: true,
      auth: true,
      error: "ItemAddError",
      result: "body",
    });
  });

  test("the AsyncAccepted 202 is not a success status", async () => {
    const op = byId((await irOf("basic/v1/openapi.yaml")).operations, "listItems");
    expect(op.success).toEqual([200]);
    expect(op.async).toBe(true);
    expect(op.result).toBe("result");
    expect(op.body).toBe("none");
    expect(op.description).toBeUndefined();
  });

  test("path parameters follow the template order whatever the declaration order", async () => {
    const op = byId((await irOf("basic/v1/openapi.yaml")).operations, "checkItem");
    expect(op.params.map((p) => p.name)).toEqual(["fabric", "collection", "key"]);
    expect(op).toMatchObject({ method: "HEAD", async: false, result: "none", success: [200] });
  });

  test("security: [] makes an open operation; a raw result has no success statuses", async () => {
    const ops = (await irOf("basic/v1/openapi.yaml")).operations;
    expect(byId(ops, "login").auth).toBe(false);
    expect(byId(ops, "listItems").auth).toBe(true);
    expect(byId(ops, "getJobResult")).toMatchObject({ result: "raw", success: [], auth: true });
  });
});

describe("IR of spec v1", () => {
  test("matches the contract's operation list", async () => {
    const spec = await loadSpec(path.join(ROOT, "spec/v1/openapi.yaml"), "spec/v1/openapi.yaml", "v1");
    const ir = buildIr("v1", spec.file, validateSpec(spec));
    const row = (id: string) => {
      const op = byId(ir.operations, id);
      return [op.method, op.path, op.error, op.async, op.success, op.result];
    };
    // The contract's 36, plus the 5 the jsC8 cross-check brought in (test/crosscheck/jsc8.test.ts), plus the 8 of
    // issue 14 (export ×2, SQL cursor, fabric metadata ×3, create/delete user), plus 5 index operations.
    expect(ir.operations).toHaveLength(54);
    expect(row("createIndex")).toEqual(["POST", "/_fabric/{fabric}/_api/index", "IndexCreateError", true, [200, 201], "body"]);
    expect(row("deleteIndex")).toEqual(["DELETE", "/_fabric/{fabric}/_api/index/{collection}/{id}", "IndexDeleteError", true, [200], "body"]);
    expect(row("authenticate")).toEqual(["POST", "/_open/auth", "JWTAuthError", false, [200], "body"]);
    expect(byId(ir.operations, "authenticate").auth).toBe(false);
    expect(row("createCollection")).toEqual(["POST", "/_fabric/{fabric}/_api/collection", "CollectionCreateError", true, [200], "body"]);
    expect(row("getCollectionCount")).toEqual(["GET", "/_fabric/{fabric}/_api/collection/{collection}/count", "DocumentCountError", true, [200], "count"]);
    expect(row("insertDocument")).toEqual(["POST", "/_fabric/{fabric}/_api/document/{collection}", "DocumentInsertError", true, [201, 202], "body"]);
    expect(row("deleteDocuments")).toEqual(["DELETE", "/_fabric/{fabric}/_api/document/{collection}", "DocumentDeleteError", true, [200, 202], "body"]);
    expect(row("createCursor")).toEqual(["POST", "/_fabric/{fabric}/_api/cursor", "C8QLQueryExecuteError", true, [201], "cursor"]);
    expect(row("deleteCursor")).toEqual(["DELETE", "/_fabric/{fabric}/_api/cursor/{id}", "CursorCloseError", true, [202], "body"]);
    expect(row("getJobStatus")).toEqual(["GET", "/_fabric/{fabric}/_api/job/{id}", "AsyncJobStatusError", false, [200, 204], "none"]);
    expect(row("getJobResult")).toEqual(["PUT", "/_fabric/{fabric}/_api/job/{id}", "AsyncJobResultError", false, [], "raw"]);
    expect(row("deleteExpiredJobs")).toEqual(["DELETE", "/_fabric/{fabric}/_api/job/expired", "AsyncJobClearError", false, [200], "body"]);
    expect(byId(ir.operations, "deleteExpiredJobs").params).toContainEqual({ name: "stamp", in: "query", required: true });
    expect(byId(ir.operations, "getDocument").params.filter((p) => p.in === "header").map((p) => p.name)).toEqual(["If-Match", "If-None-Match"]);
    expect(row("getVersion")).toEqual(["GET", "/_api/version", "ServerVersionError", false, [200], "body"]);
    expect(row("listUserFabrics")).toEqual(["GET", "/_fabric/{fabric}/_api/database/user", "FabricListError", true, [200], "result"]);
    expect(row("updateCollectionProperties")).toEqual([
      "PUT",
      "/_fabric/{fabric}/_api/collection/{collection}/properties",
      "CollectionPropertiesError",
      true,
      [200],
      "body",
    ]);
    expect(row("insertDocumentWithCollectionParam")).toEqual(["POST", "/_fabric/{fabric}/_api/document", "DocumentInsertError", true, [201, 202], "body"]);
    expect(byId(ir.operations, "insertDocumentWithCollectionParam").params).toContainEqual({ name: "collection", in: "query", required: true });
    expect(row("getFabricVersion")).toEqual(["GET", "/_fabric/{fabric}/_api/version", "ServerVersionError", true, [200], "body"]);
    // Every fabric-scoped operation may run as a job, except the job endpoints; fabric-less ones (auth, users,
    // version) never do.
    for (const op of ir.operations) expect(op.async, op.id).toBe(op.tag !== "Jobs" && op.path.startsWith("/_fabric/"));
  });
});
