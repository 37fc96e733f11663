// Type tests: the generated v1 request functions are typed through openapi-fetch, so wrong calls do not compile.
import createClient from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import {
  createCursor,
  getDocument,
  insertDocument,
  listUsers,
  operations,
  type OperationId,
  type OperationInfo,
  type paths,
} from "../../generated/v1/index.js";

const client = createClient<paths>({ baseUrl: "http://127.0.0.1:1" });
const fabric = "_system";

describe("generated v1 request functions", () => {
  test("accept a well-formed call and answer openapi-fetch's { data, error, response }", () => {
    const call = () =>
      insertDocument(client, {
        params: { path: { fabric, collection: "students" }, query: { returnNew: true, overwriteMode: "update" }, header: { "x-c8-async": "store" } },
        body: [{ _key: "Neal", grade: 3 }],
      });
    type Answer = Awaited<ReturnType<typeof call>>;
    expectTypeOf<Answer>().toHaveProperty("response").toEqualTypeOf<Response>();
    expectTypeOf<NonNullable<Answer["error"]>>().toHaveProperty("errorNum").toEqualTypeOf<number>();
    expectTypeOf(listUsers).parameter(1).toEqualTypeOf<Parameters<typeof listUsers>[1]>();
  });

  test("the cursor body is typed from the spec", () => {
    const call = () => createCursor(client, { params: { path: { fabric } }, body: { query: "RETURN 1", batchSize: 10 } });
    type Data = NonNullable<Awaited<ReturnType<typeof call>>["data"]>;
    expectTypeOf<Data["hasMore"]>().toEqualTypeOf<boolean>();
    expectTypeOf<Data["result"]>().toEqualTypeOf<unknown[]>();
  });

  test("reject a wrong or missing path parameter", () => {
    // @ts-expect-error `collection` is not a path parameter of getDocument's path… and `key` is missing
    void getDocument(client, { params: { path: { fabric, collection: "c", id: "k" } } });
    // @ts-expect-error the path parameters are required
    void getDocument(client, { params: {} });
    // @ts-expect-error a path parameter must be a string
    void getDocument(client, { params: { path: { fabric, collection: "c", key: 42 } } });
  });

  test("reject an unknown or mistyped query parameter", () => {
    // @ts-expect-error returnNewest is not a query parameter of insertDocument
    void insertDocument(client, { params: { path: { fabric, collection: "c" }, query: { returnNewest: true } }, body: {} });
    // @ts-expect-error overwriteMode is an enum
    void insertDocument(client, { params: { path: { fabric, collection: "c" }, query: { overwriteMode: "merge" } }, body: {} });
    // @ts-expect-error x-c8-async only takes "store" or "true"
    void insertDocument(client, { params: { path: { fabric, collection: "c" }, header: { "x-c8-async": "later" } }, body: {} });
  });

  test("reject a wrong or missing body", () => {
    // @ts-expect-error the cursor body needs a query string
    void createCursor(client, { params: { path: { fabric } }, body: { batchSize: 10 } });
    // @ts-expect-error batchSize is a number
    void createCursor(client, { params: { path: { fabric } }, body: { query: "RETURN 1", batchSize: "10" } });
    // @ts-expect-error insertDocument requires a body
    void insertDocument(client, { params: { path: { fabric, collection: "c" } } });
  });

  test("the operation table keeps literal types", () => {
    expectTypeOf(operations.insertDocument.method).toEqualTypeOf<"POST">();
    expectTypeOf(operations.createCursor.result).toEqualTypeOf<"cursor">();
    expectTypeOf(operations.getJobStatus.success).toEqualTypeOf<readonly [200, 204]>();
    expectTypeOf<OperationId>().toEqualTypeOf<keyof typeof operations>();
    expectTypeOf(operations.deleteDocument).toMatchTypeOf<OperationInfo>();
  });
});
