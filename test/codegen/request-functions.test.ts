import createClient from "openapi-fetch";
import { describe, expect, test } from "vitest";
import { createCursor, deleteExpiredJobs, getDocument, listUsers, operations, type paths } from "../../generated/v1/index.js";

// The request functions only pick the path and method; this checks what they put on the wire by capturing the
// Request openapi-fetch builds (a unit test of generated code; the SDK and fabric suites talk to a real server).
function capturingClient() {
  const seen: Request[] = [];
  const client = createClient<paths>({
    baseUrl: "http://fabric.test",
    fetch: async (request: Request) => {
      seen.push(request);
      return new Response(JSON.stringify({ error: true, code: 418, errorNum: 1, errorMessage: "captured" }), {
        status: 418,
        headers: { "content-type": "application/json" },
      });
    },
  });
  return { client, seen };
}

describe("generated request functions", () => {
  test("fill the path template, query and headers (x-c8-async included) for their operation", async () => {
    const { client, seen } = capturingClient();
    const { error, response } = await getDocument(client, {
      params: { path: { fabric: "_system", collection: "students", key: "Ne al" }, header: { "If-Match": "_r1", "x-c8-async": "store" } },
    });
    expect(response.status).toBe(418);
    expect(error?.errorNum).toBe(1);
    const [request] = seen;
    expect(request?.method).toBe(operations.getDocument.method);
    expect(request?.url).toBe("http://fabric.test/_fabric/_system/_api/document/students/Ne%20al");
    expect(request?.headers.get("if-match")).toBe("_r1");
    expect(request?.headers.get("x-c8-async")).toBe("store");
  });

  test("send the JSON body and required query parameters", async () => {
    const { client, seen } = capturingClient();
    await createCursor(client, { params: { path: { fabric: "f" } }, body: { query: "RETURN 1", batchSize: 2 } });
    await deleteExpiredJobs(client, { params: { path: { fabric: "f" }, query: { stamp: 1700000000.5 } } });
    await listUsers(client);
    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`)).toEqual([
      "POST /_fabric/f/_api/cursor",
      "DELETE /_fabric/f/_api/job/expired?stamp=1700000000.5",
      "GET /_api/user",
    ]);
    expect(await seen[0]?.json()).toEqual({ query: "RETURN 1", batchSize: 2 });
  });
});
