/**
 * Cross-check with Macrometa's own JavaScript client: jsC8 1.1.0 (npm `jsc8`, pinned in devDependencies) drives one
 * local fabric the way its users do — login, fabrics, collections, documents, C8QL cursors, errors, and async jobs
 * through its generic request helper — and its answers and error objects are checked.
 *
 * How jsC8 reaches the local fabric: it rewrites every configured `https://<host>` to `https://api-<host>` (GDN
 * serves its API on an `api-` host) and has no plain-HTTP mode, so it is given its documented `agent` option: an
 * agent that takes jsC8's https requests and opens a plain TCP connection to the local fabric instead. The agent
 * also records the request lines jsC8 writes, so tests can check what went over the wire.
 *
 * What the cross-check found (and the local fabric now does, each backed by recorded traffic, the published GDN
 * API or other Macrometa clients): jsC8 sends most fabric calls without the `_api` segment
 * (`/_fabric/f/collection`, as pyC8 ≤ 0.12 did); it saves edges with ArangoDB's `POST /_api/document?collection=`;
 * it calls `/_api/version` through a fabric, `/_api/database/user` and `PUT /collection/{name}/properties`, and
 * imports with `primaryKey`. jsC8 has no async-job API; jobs are driven here through its generic `route()` helper.
 */
import { Agent } from "node:http";
import { createConnection, type Socket } from "node:net";
import jsc8 from "jsc8";
import type { ArrayCursor, C8Client, Config } from "jsc8";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_USER, startLocalFabric, type LocalFabric } from "../../src/local/index.js";

/** jsC8 turns this into `https://api-local.fabric`, which only {@link LocalFabricAgent} resolves. */
const JSC8_URL = "https://local.fabric";
/** jsC8 attaches its error class to the default export at run time; its typings do not declare it there. */
const C8Error = (jsc8 as unknown as { C8Error: abstract new (...args: never[]) => Error }).C8Error;

/** Plain TCP to the local fabric for jsC8's https requests, recording each request line (`METHOD path`). */
class LocalFabricAgent extends Agent {
  /** Node checks that an agent speaks the request's protocol, and jsC8 only makes https requests. */
  readonly protocol = "https:";
  /** Request lines in order (not `requests`: that name is the Agent's own queue). */
  readonly wire: string[] = [];

  constructor(private readonly port: number) {
    super({ keepAlive: true });
  }

  override createConnection(): Socket {
    const socket = createConnection({ host: "127.0.0.1", port: this.port });
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((chunk: unknown, ...rest: unknown[]) => {
      const head = typeof chunk === "string" ? chunk.slice(0, 512) : Buffer.isBuffer(chunk) ? chunk.toString("latin1", 0, 512) : "";
      const line = /^(GET|HEAD|POST|PUT|PATCH|DELETE) (\S+) HTTP\/1\.1\r\n/.exec(head);
      if (line !== null) this.wire.push(`${line[1]} ${line[2]}`);
      return write(chunk, ...rest);
    }) as typeof socket.write;
    return socket;
  }
}

/** What jsC8 throws for an answer with an error body. */
interface JsC8Error extends Error {
  isC8Error: boolean;
  statusCode: number;
  code: number;
  errorNum: number;
  response: { statusCode: number; headers: Record<string, string | undefined>; body: Record<string, unknown> };
}

let fabric: LocalFabric;
let agent: LocalFabricAgent;
let jwt: string;
/** Logged in on `_system`. */
let root: C8Client;
/** Working in fabric `jsc8` (created in beforeAll), authenticated by the JWT in its config. */
let db: C8Client;
const clients: C8Client[] = [];

function connect(config: Exclude<Config, string | string[]> = {}): C8Client {
  const c = new jsc8.C8Client({ url: JSC8_URL, agent, ...config });
  clients.push(c);
  return c;
}

/** Awaits a call that must fail and answers jsC8's error, checked to be a C8Error with the given numbers. */
async function c8Error(call: Promise<unknown>, statusCode: number, errorNum: number, message?: string): Promise<JsC8Error> {
  const err = await call.then(
    (v) => {
      throw new Error(`expected C8Error ${statusCode}/${errorNum}, got success: ${JSON.stringify(v)?.slice(0, 300)}`);
    },
    (e: unknown) => e as JsC8Error,
  );
  expect(err).toBeInstanceOf(C8Error);
  expect({ name: err.name, isC8Error: err.isC8Error, statusCode: err.statusCode, code: err.code, errorNum: err.errorNum }).toEqual({
    name: "C8Error",
    isC8Error: true,
    statusCode,
    code: statusCode,
    errorNum,
  });
  if (message !== undefined) expect(err.message).toBe(message);
  return err;
}

/** The request lines `fn` made jsC8 send. */
async function sent(fn: () => Promise<unknown>): Promise<string[]> {
  const from = agent.wire.length;
  await fn();
  return agent.wire.slice(from);
}

beforeAll(async () => {
  fabric = await startLocalFabric({ port: 0 });
  agent = new LocalFabricAgent(Number(new URL(fabric.url).port));
  root = connect();
  const answer = (await root.login(fabric.users[0]!.email, DEFAULT_USER.password)) as { jwt: string };
  jwt = answer.jwt;
  await root.createFabric("jsc8", [], { dcList: "" });
  db = connect({ token: jwt, fabricName: "jsc8" });
});

afterAll(async () => {
  for (const c of clients) c.close();
  agent?.destroy();
  await fabric?.close();
});

describe("jsC8 1.1.0: auth", () => {
  it("login(email, password) answers {jwt, tenant, username} and authenticates later calls", async () => {
    const c = connect();
    const body = (await c.login("root@mytenant", "passwd")) as Record<string, unknown>;
    expect(body).toEqual({ jwt: expect.any(String), tenant: "mytenant", username: "root" });
    expect(((await c.get()) as { name: string }).name).toBe("_system");
  });

  it("a wrong password is C8Error 401/11 'forbidden'; unauthenticated calls are 401/11", async () => {
    await c8Error(connect().login("root@mytenant", "wrong"), 401, 11, "forbidden");
    await c8Error(connect().listCollections(), 401, 11);
    await c8Error(connect().useBearerAuth("not-a-jwt").listFabrics(), 401, 11);
  });

  it("an API key in the config or through useApiKeyAuth() authenticates; an unknown key is 401/11", async () => {
    const { apiKey } = fabric.users[0]!;
    expect(await connect({ apiKey }).listFabrics()).toContain("_system");
    expect(await connect().useApiKeyAuth(apiKey).listFabrics()).toContain("_system");
    await c8Error(connect({ apiKey: "mytenant.nokey.nosecret" }).listFabrics(), 401, 11);
  });

  it("a JWT in the config or through useBearerAuth(), and HTTP Basic tenant.user:password, authenticate", async () => {
    expect(await connect({ token: jwt }).listFabrics()).toContain("jsc8");
    expect(await connect().useBearerAuth(jwt).listFabrics()).toContain("jsc8");
    expect(await connect().useBasicAuth("mytenant.root", "passwd").listFabrics()).toContain("jsc8");
    await c8Error(connect().useBasicAuth("mytenant.root", "wrong").listFabrics(), 401, 11);
  });
});

describe("jsC8 1.1.0: fabrics", () => {
  it("get / exists / listFabrics / listUserFabrics / version on _system, through _api-less paths", async () => {
    const lines = await sent(async () => {
      expect(await root.get()).toMatchObject({ name: "_system", isSystem: true, options: { tenant: "mytenant", metadata: null } });
      expect(await root.exists()).toBe(true);
      expect(await root.listFabrics()).toEqual(expect.arrayContaining(["_system", "jsc8"]));
    });
    expect(lines).toEqual([
      "GET /_fabric/_system/database/current",
      "GET /_fabric/_system/database/current",
      "GET /_fabric/_system/database",
    ]);

    const detailed = (await root.listUserFabrics()) as Array<Record<string, unknown>>;
    expect(detailed.map((f) => f["name"])).toEqual(expect.arrayContaining(["_system", "jsc8"]));
    expect(detailed.find((f) => f["name"] === "jsc8")).toEqual(await db.get());

    expect(await root.version()).toEqual({ server: "C8DB", version: expect.any(String), license: "Macrometa" });
    expect(await root.version(true)).toMatchObject({ server: "C8DB", details: expect.any(Object) });
  });

  it("createFabric → {result: true}; a duplicate is 409/1207; useFabric switches; create/drop off _system are 403/1230", async () => {
    const c = connect({ token: jwt });
    expect(await c.createFabric("jsc8_tmp", [], { dcList: "" })).toEqual({ error: false, code: 201, result: true });
    await c8Error(c.createFabric("jsc8_tmp", [], { dcList: "" }), 409, 1207, "duplicate database name 'mytenant.jsc8_tmp'");

    c.useFabric("jsc8_tmp");
    expect(c.name).toBe("jsc8_tmp");
    expect(await c.get()).toMatchObject({ name: "jsc8_tmp", isSystem: false, options: { name: "mytenant.jsc8_tmp" } });
    expect(await c.exists()).toBe(true);
    await c8Error(c.createFabric("jsc8_other", [], { dcList: "" }), 403, 1230, "operation only allowed in system database");
    await c8Error(c.dropFabric("jsc8_tmp"), 403, 1230, "operation only allowed in system database");

    c.useFabric("_system");
    expect(await c.dropFabric("jsc8_tmp")).toEqual({ error: false, code: 200, result: true });
    await c8Error(c.dropFabric("jsc8_tmp"), 404, 1228, "database not found");
    expect(await c.listFabrics()).not.toContain("jsc8_tmp");
  });

  it("an unknown fabric: exists() is false, get() and other calls are 404/1228 'database not found'", async () => {
    const c = connect({ token: jwt, fabricName: "no_such_fabric" });
    expect(await c.exists()).toBe(false);
    await c8Error(c.get(), 404, 1228, "database not found");
    await c8Error(c.listCollections(), 404, 1228, "database not found");
    await c8Error(c.query("RETURN 1"), 404, 1228, "database not found");
  });
});

describe("jsC8 1.1.0: collections", () => {
  it("create document and edge collections, exists, get, properties, list, collections()", async () => {
    const created = (await db.createCollection("students")) as Record<string, unknown>;
    expect(created).toMatchObject({
      error: false,
      code: 200,
      name: "students",
      type: 2,
      status: 3,
      isSystem: false,
      keyOptions: { type: "traditional" },
    });
    expect(await db.edgeCollection("knows").create()).toMatchObject({ name: "knows", type: 3 });
    await c8Error(db.collection("students").create(), 409, 1207, "duplicate name");

    expect(await db.hasCollection("students")).toBe(true);
    expect(await db.collection("knows").exists()).toBe(true);
    expect(await db.hasCollection("ghost")).toBe(false);
    expect(await db.getCollection("knows")).toMatchObject({ error: false, code: 200, name: "knows", type: 3, collectionModel: "DOC" });
    await c8Error(db.getCollection("ghost"), 404, 1203, "collection or view not found");
    expect(await db.collection("students").properties()).toMatchObject({
      name: "students",
      waitForSync: false,
      keyOptions: { allowUserKeys: true },
    });

    const listed = (await db.listCollections()) as Array<{ name: string; type: number; isSystem: boolean }>;
    expect(listed.map((c) => [c.name, c.type, c.isSystem]).sort()).toEqual([
      ["knows", 3, false],
      ["students", 2, false],
    ]);
    expect(await db.getCollections()).toEqual(listed);
    const objects = await db.collections();
    expect(objects.map((c) => [c.name, (c as unknown as { type: number }).type]).sort()).toEqual([
      ["knows", 3],
      ["students", 2],
    ]);
  });

  it("count, truncate (one and fabric-wide), updateCollectionProperties, drop", async () => {
    await db.createCollection("scratch");
    const scratch = db.collection("scratch");
    await scratch.save([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(await scratch.count()).toMatchObject({ error: false, code: 200, name: "scratch", count: 3 });
    expect(await scratch.truncate()).toMatchObject({ error: false, code: 200, name: "scratch" });
    expect(((await scratch.count()) as { count: number }).count).toBe(0);

    const changed = await db.updateCollectionProperties("scratch", { waitForSync: true });
    expect(changed).toMatchObject({ error: false, code: 200, waitForSync: true });
    expect(await scratch.properties()).toMatchObject({ waitForSync: true });
    const back = await scratch.updateCollectionProperties({ waitForSync: false, hasStream: true });
    expect(back).toMatchObject({ waitForSync: false, hasStream: true });
    await c8Error(db.updateCollectionProperties("ghost", { waitForSync: true }), 404, 1203);

    await scratch.save({ b: 1 });
    const truncated = (await db.truncate()) as Array<{ name: string }>;
    expect(truncated.map((t) => t.name).sort()).toEqual(["knows", "scratch", "students"]);
    expect(((await scratch.count()) as { count: number }).count).toBe(0);

    expect(await db.deleteCollection("scratch")).toEqual({ error: false, code: 200, id: expect.any(String) });
    expect(await db.hasCollection("scratch")).toBe(false);
    await c8Error(scratch.drop(), 404, 1203, "collection or view not found");
  });
});

describe("jsC8 1.1.0: documents", () => {
  it("save one (returnNew, silent, overwrite) and many (a failed item comes back in place)", async () => {
    const students = db.collection("students");
    expect(await students.save({ _key: "neal", age: 30 })).toEqual({ _id: "students/neal", _key: "neal", _rev: expect.any(String) });
    const withNew = (await students.save({ _key: "lily", age: 25 }, { returnNew: true })) as Record<string, unknown>;
    expect(withNew["new"]).toEqual({ _id: "students/lily", _key: "lily", _rev: withNew["_rev"], age: 25 });
    expect(await students.save({ _key: "mia", age: 21 }, true)).toMatchObject({ new: { age: 21 } });
    expect(await students.save({ _key: "quiet" }, { silent: true })).toEqual({});
    const overwritten = await students.save({ _key: "quiet", age: 1 }, { overwrite: true, returnOld: true, returnNew: true });
    expect(overwritten).toMatchObject({ _key: "quiet", old: { _key: "quiet" }, new: { age: 1 } });

    const many = (await students.save([{ _key: "a", n: 1 }, { _key: "neal" }, { _key: "b", n: 2 }])) as Array<Record<string, unknown>>;
    expect(many[0]).toEqual({ _id: "students/a", _key: "a", _rev: expect.any(String) });
    expect(many[1]).toEqual({
      error: true,
      errorNum: 1210,
      errorMessage: "Each document in a collection must have a unique key, and the provided one is already used in collection 'students'.",
    });
    expect(many[2]).toMatchObject({ _key: "b" });
    expect(await db.insertDocumentMany("students", [{ _key: "c" }, { _key: "d" }])).toHaveLength(2);
    expect(await db.insertDocument("students", { _key: "e" }, { returnNew: true })).toMatchObject({ new: { _key: "e" } });

    await c8Error(
      students.save({ _key: "neal" }),
      409,
      1210,
      "Each document in a collection must have a unique key, and the provided one is already used in collection 'students'.",
    );
  });

  it("document() by key, id and object; graceful null; documentExists(); 404/1202 'document not found'", async () => {
    const students = db.collection("students");
    expect(await students.document("neal")).toMatchObject({ _id: "students/neal", age: 30 });
    expect(await students.document("students/neal")).toMatchObject({ _key: "neal" });
    expect(await students.document({ _key: "neal" })).toMatchObject({ _key: "neal" });
    expect(await db.getDocument("students", "lily")).toMatchObject({ age: 25 });
    expect(await students.documentExists("neal")).toBe(true);
    expect(await students.documentExists("ghost")).toBe(false);
    expect(await students.document("ghost", true)).toBeNull();
    await c8Error(students.document("ghost"), 404, 1202, "document not found");
    await c8Error(db.collection("ghosts").document("x"), 404, 1203);
  });

  it("replace / update / remove with returnNew, returnOld, silent, keepNull and rev (If-Match → 412/1200)", async () => {
    const students = db.collection("students");
    const before = (await students.document("neal")) as { _rev: string };

    const replaced = (await students.replace("neal", { age: 40 }, { returnOld: true, returnNew: true })) as Record<string, unknown>;
    expect(replaced).toMatchObject({ _id: "students/neal", _oldRev: before._rev, old: { age: 30 }, new: { _key: "neal", age: 40 } });
    const stale = await c8Error(students.replace("neal", { age: 41 }, { rev: before._rev }), 412, 1200, "precondition failed");
    expect(stale.response.body).toMatchObject({ _id: "students/neal", _key: "neal", _rev: replaced["_rev"] });
    expect(await students.replace("neal", { age: 41 }, { rev: replaced["_rev"] as string })).toMatchObject({ _key: "neal" });

    const updated = (await students.update("neal", { city: "Oslo", tags: { a: 1 } }, { returnNew: true })) as Record<string, unknown>;
    expect(updated["new"]).toMatchObject({ age: 41, city: "Oslo", tags: { a: 1 } });
    const merged = (await db.updateDocument("students", "neal", { city: null, tags: { b: 2 } }, { keepNull: false, returnNew: true })) as {
      new: Record<string, unknown>;
    };
    expect(merged.new).toMatchObject({ age: 41, tags: { a: 1, b: 2 } });
    expect(merged.new).not.toHaveProperty("city");
    expect(await students.update("neal", { x: 1 }, { silent: true })).toEqual({});
    await c8Error(students.update("ghost", { x: 1 }), 404, 1202, "document not found");
    await c8Error(students.update("neal", { x: 2 }, { rev: before._rev }), 412, 1200, "precondition failed");
    expect(await db.replaceDocument("students", "lily", { age: 26 }, { returnNew: true })).toMatchObject({ new: { age: 26 } });

    expect(await students.remove("mia", { returnOld: true })).toMatchObject({ _key: "mia", old: { age: 21 } });
    await c8Error(students.remove("mia"), 404, 1202, "document not found");
    expect(await db.deleteDocument("students", "quiet", { silent: true })).toEqual({});
    await c8Error(students.remove("lily", { rev: before._rev }), 412, 1200, "precondition failed");
  });

  it("replaceDocuments / updateDocuments / removeDocuments (and the C8Client *Many forms): failed items in place", async () => {
    const students = db.collection("students");
    const replaced = (await students.replaceDocuments([{ _key: "a", n: 10 }, { _key: "ghost", n: 0 }], { returnNew: true })) as Array<
      Record<string, unknown>
    >;
    expect(replaced[0]).toMatchObject({ _key: "a", new: { n: 10 } });
    expect(replaced[1]).toEqual({ error: true, errorNum: 1202, errorMessage: "document not found" });
    const updated = (await db.updateDocumentMany("students", [{ _key: "a", m: 1 }, { _key: "b", m: 2 }], { returnNew: true })) as Array<{
      new: Record<string, unknown>;
    }>;
    expect(updated.map((u) => u.new)).toMatchObject([
      { n: 10, m: 1 },
      { n: 2, m: 2 },
    ]);
    expect(await db.replaceDocumentMany("students", [{ _key: "b", n: 20 }])).toMatchObject([{ _key: "b" }]);
    const removed = (await students.removeDocuments(["a", "ghost"])) as Array<Record<string, unknown>>;
    expect(removed[0]).toMatchObject({ _id: "students/a" });
    expect(removed[1]).toEqual({ error: true, errorNum: 1202, errorMessage: "document not found" });
    expect(await db.deleteDocumentMany("students", [{ _key: "b" }])).toMatchObject([{ _key: "b" }]);
    expect(await students.documentExists("b")).toBe(false);
  });

  it("edges: save(data, from, to) goes through POST /document?collection=; edge(); a missing _from is 400/1233", async () => {
    const knows = db.edgeCollection("knows");
    const lines = await sent(async () => {
      const saved = (await knows.save({ since: 2020 }, "students/neal", "students/lily")) as { _key: string };
      expect(await knows.edge(saved._key)).toMatchObject({ _from: "students/neal", _to: "students/lily", since: 2020 });
    });
    expect(lines[0]).toBe("POST /_fabric/jsc8/document?collection=knows");
    expect(await knows.save({ _from: "students/lily", _to: "students/neal" }, { returnNew: true })).toMatchObject({
      new: { _from: "students/lily" },
    });
    await c8Error(knows.save({ since: 2021 }), 400, 1233, "edge attribute missing or invalid");
    expect(((await knows.count()) as { count: number }).count).toBe(2);
  });

  it("importDocuments (details, primaryKey, replace)", async () => {
    await db.createCollection("people");
    const first = await db.importDocuments("people", [{ _key: "p1", name: "Ann" }, { _key: "p1", name: "Dup" }], true, "auto");
    expect(first).toMatchObject({
      error: false,
      code: 200,
      result: { created: 1, errors: 1, unprocessed: 0, details: { errors: [expect.any(Object)] } },
    });
    const replaced = await db.importDocuments("people", [{ _key: "p1", name: "Bob" }], false, "auto", true);
    expect(replaced).toMatchObject({ result: { created: 1, errors: 0 } });
    expect(await db.getDocument("people", "p1")).toMatchObject({ name: "Bob" });
    expect(await db.importDocuments("people", [{ email: "c@x", name: "Cy" }], false, "email")).toMatchObject({ result: { created: 1 } });
    expect(await db.getDocument("people", "c@x")).toMatchObject({ name: "Cy" });
  });
});

describe("jsC8 1.1.0: indexes", () => {
  it("createPersistentIndex / createHashIndex / createSkipList / createGeoIndex / createFulltextIndex / createTtlIndex, indexes(), index(), dropIndex()", async () => {
    const col = db.collection("places");
    await col.create();
    const wire = await sent(() => col.createPersistentIndex(["name"], { unique: true }));
    expect(wire).toEqual(["POST /_fabric/jsc8/index?collection=places"]);
    const hash = (await col.createHashIndex("name", true)) as Record<string, unknown>;
    expect(hash).toMatchObject({ type: "persistent", fields: ["name"], unique: true, isNewlyCreated: false, code: 200 });
    expect(await col.createSkipList(["age"])).toMatchObject({ type: "persistent", fields: ["age"], isNewlyCreated: true, code: 201 });
    expect(await col.createGeoIndex(["loc"])).toMatchObject({ type: "geo", fields: ["loc"], geoJson: false });
    expect(await col.createFulltextIndex("text", { minLength: 3 })).toMatchObject({ type: "fulltext", minLength: 3 });
    const ttl = (await col.createTtlIndex("at", 60, "expiry")) as { id: string };
    expect(ttl).toMatchObject({ type: "ttl", name: "expiry", expireAfter: 60 });
    const list = (await col.indexes()) as Array<{ type: string }>;
    expect(list.map((i) => i.type)).toEqual(["primary", "persistent", "persistent", "geo", "fulltext", "ttl"]);
    expect(await sent(() => col.index("expiry"))).toEqual(["GET /_fabric/jsc8/index/places/expiry"]);
    expect(await col.index(ttl.id.split("/")[1]!)).toMatchObject({ id: ttl.id, name: "expiry" });
    expect(await col.dropIndex("expiry")).toMatchObject({ id: ttl.id });
    await c8Error(col.index("expiry"), 404, 1212, "index not found");
    await c8Error(col.save({ name: "a" }).then(() => col.save({ name: "a" })), 409, 1210);
    const saved = (await col.save([{ _key: "p1", name: "b", loc: [1, 1], text: "hello world" }, { _key: "p2", loc: [5, 5], text: "goodbye" }, { _key: "p3" }])) as Array<Record<string, unknown>>;
    // the unique index is not sparse: two documents without `name` collide on null
    expect(saved.map((r) => r["errorNum"] ?? null)).toEqual([null, null, 1210]);
    const near = await db.query("FOR d IN NEAR(places, 1, 1, 1) RETURN d._key");
    expect(await near.all()).toEqual(["p1"]);
    const text = await db.query("FOR d IN FULLTEXT(places, 'text', 'prefix:hel') RETURN d._key");
    expect(await text.all()).toEqual(["p1"]);
  });
});

describe("jsC8 1.1.0: C8QL", () => {
  beforeAll(async () => {
    await db.createCollection("nums");
    await db.importDocuments(
      "nums",
      Array.from({ length: 10 }, (_, n) => ({ _key: `n${n}`, n })),
      true,
      "auto",
    );
  });

  it("query() with bindVars pages a cursor in batches: count, extra, hasNext(), all() fetches batch after batch", async () => {
    const query = "FOR d IN @@c FILTER d.n >= @min SORT d.n RETURN d.n";
    const cursor = await db.query(query, { "@c": "nums", min: 0 }, { batchSize: 3, count: true });
    expect(cursor.count).toBe(10);
    expect(cursor.extra).toMatchObject({ stats: { writesExecuted: 0, scannedFull: expect.any(Number) }, warnings: [] });
    expect(cursor.hasNext()).toBe(true);
    let all: unknown;
    const lines = await sent(async () => {
      all = await cursor.all();
    });
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/^PUT \/_fabric\/jsc8\/cursor\/[0-9]+$/);
    expect(cursor.hasNext()).toBe(false);
  });

  it("the c8ql template and next() across batches", async () => {
    const nums = db.collection("nums");
    const cursor = await db.query(jsc8.c8ql`FOR d IN ${nums} FILTER d.n < ${4} SORT d.n DESC RETURN d.n`, { batchSize: 2 });
    const seen: unknown[] = [];
    for (let v = await cursor.next(); v !== undefined; v = await cursor.next()) seen.push(v);
    expect(seen).toEqual([3, 2, 1, 0]);
    expect(cursor.hasNext()).toBe(false);
  });

  it("each / map / reduce / executeQuery / getDocumentMany / getCollectionKeys / getCollectionIds", async () => {
    const q = "FOR d IN nums SORT d.n RETURN d.n";
    const each: unknown[] = [];
    await (await db.query(q, {}, { batchSize: 4 })).each((v) => void each.push(v));
    expect(each).toHaveLength(10);
    expect(await (await db.query(q, {}, { batchSize: 4 })).map((v: number) => v * 2)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(await (await db.query(q, {}, { batchSize: 3 })).reduce((a: number, v: number) => a + v, 0)).toBe(45);
    expect(await db.executeQuery("FOR d IN nums FILTER d.n >= @min SORT d.n RETURN d._key", { min: 8 })).toEqual(["n8", "n9"]);
    // jsC8 writes `FOR doc IN nums limit 2,3 return doc` (lower-case keywords)
    expect(await db.getDocumentMany("nums", 3, 2)).toHaveLength(3);
    expect(((await db.getCollectionKeys("nums")) as string[]).sort()).toEqual(Array.from({ length: 10 }, (_, n) => `n${n}`).sort());
    expect(await db.getCollectionIds("nums")).toContain("nums/n0");
  });

  it("a write query reports its stats; cursor.delete(), nextBatchFromCursor(), deleteCursor(); a gone cursor is 404/1600", async () => {
    const write = await db.query("FOR i IN 1..3 INSERT {i} INTO people RETURN NEW.i");
    expect(await write.all()).toEqual([1, 2, 3]);
    expect(write.extra.stats).toMatchObject({ writesExecuted: 3, writesIgnored: 0 });

    const open = (await db.query("FOR d IN nums RETURN d", {}, { batchSize: 2 })) as ArrayCursor;
    const closed = (await open.delete()) as Record<string, unknown>;
    expect(closed).toEqual({ id: expect.stringMatching(/^[0-9]+$/), error: false, code: 202 });
    await c8Error(open.all(), 404, 1600, "cursor not found");

    const first = await db.route("_api/cursor").post({ query: "FOR d IN nums SORT d.n RETURN d.n", batchSize: 4 });
    expect(first.statusCode).toBe(201);
    const id = (first.body as { id: string }).id;
    expect(await db.nextBatchFromCursor(Number(id))).toMatchObject({ result: [4, 5, 6, 7], hasMore: true, id, error: false, code: 200 });
    expect(await db.deleteCursor(Number(id))).toEqual({ id, error: false, code: 202 });
    await c8Error(db.nextBatchFromCursor(Number(id)), 404, 1600, "cursor not found");
  });

  it("errors: syntax 400/1501 with ArangoDB's message, unknown collection 404/1203, missing bind parameter 400/1551", async () => {
    await c8Error(db.query("INVALID QUERY"), 400, 1501, "syntax error, unexpected identifier near 'INVALID QUERY' at position 1:1");
    await c8Error(db.executeQuery("FOR d IN ghosts RETURN d"), 404, 1203);
    await c8Error(db.query("RETURN @missing"), 400, 1551);
  });
});

describe("jsC8 1.1.0: async jobs (no job API in jsC8; driven through its route() helper)", () => {
  async function waitDone(id: string): Promise<void> {
    const jobs = db.route("_api/job");
    for (let i = 0; i < 400; i++) {
      const status = await jobs.get(id);
      if (status.statusCode === 200) return;
      expect(status.statusCode).toBe(204);
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`job ${id} still pending`);
  }

  it("x-c8-async: store → 202 + x-c8-async-id; the stored answer (201 cursor, 202 write, 400/1501) once; then 404", async () => {
    const cursors = db.route("_api/cursor", { "x-c8-async": "store" });
    const accepted = await cursors.post({ query: "RETURN 100000", count: false });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.body).toBe("");
    const id = accepted.headers["x-c8-async-id"] as string;
    expect(id).toMatch(/^[1-9][0-9]*$/);
    const bad = (await cursors.post({ query: "INVALID QUERY" })).headers["x-c8-async-id"] as string;
    const write = await db.route("document/students", { "x-c8-async": "store" }).post({ _key: "async1" });
    const writeId = write.headers["x-c8-async-id"] as string;

    const jobs = db.route("_api/job");
    for (const j of [id, bad, writeId]) await waitDone(j);
    const done = await jobs.get("done", { count: 100 });
    expect(done.body).toEqual(expect.arrayContaining([id, bad, writeId]));

    const result = await jobs.put(id);
    expect(result.statusCode).toBe(201);
    expect(result.headers["x-c8-async-id"]).toBe(id);
    expect(result.body).toMatchObject({ result: [100000], hasMore: false, error: false, code: 201 });
    const stored = await c8Error(jobs.put(bad), 400, 1501, "syntax error, unexpected identifier near 'INVALID QUERY' at position 1:1");
    expect(stored.response.headers["x-c8-async-id"]).toBe(bad);
    const written = await jobs.put(writeId);
    expect(written.statusCode).toBe(202);
    expect(written.body).toMatchObject({ _id: "students/async1" });
    expect(await db.getDocument("students", "async1")).toMatchObject({ _key: "async1" });

    const gone = await c8Error(jobs.put(id), 404, 404);
    expect(gone.response.headers["x-c8-async-id"]).toBeUndefined();
    await c8Error(jobs.get(id), 404, 404);
  });

  it("pending jobs, cancel (stored answer 410/21), delete one, delete all", async () => {
    const jobs = db.route("_api/job");
    const slow = await db.route("_api/cursor", { "x-c8-async": "store" }).post({ query: "RETURN SLEEP(30)" });
    const id = slow.headers["x-c8-async-id"] as string;
    expect((await jobs.get("pending", { count: 10 })).body).toContain(id);
    expect((await jobs.get(id)).statusCode).toBe(204);
    expect((await jobs.put(`${id}/cancel`)).body).toEqual({ result: true });
    await waitDone(id);
    await c8Error(jobs.put(id), 410, 21, "canceled request");

    const other = (await db.route("_api/cursor", { "x-c8-async": "store" }).post({ query: "RETURN 1" })).headers["x-c8-async-id"] as string;
    await waitDone(other);
    expect((await jobs.delete(other)).body).toEqual({ result: true });
    await c8Error(jobs.get(other), 404, 404);
    expect((await jobs.delete("all")).body).toEqual({ result: true });
    expect((await jobs.get("done")).body).toEqual([]);
  });
});

/** jsC8 calls not exercised, each with why. */
const NOT_EXERCISED: ReadonlyArray<[string, string]> = [
  [
    "loginWithApiKey() / loginWithToken() / validateApiKey()",
    "POST /_api/key/validate is API-key management: not in recorded/, PROTOCOL.md or the published API subset; the apiKey/token config paths are covered",
  ],
  ["createApiKey() / getAvailableApiKeys() / … (/_api/key)", "API-key management is out of scope"],
  [
    "getAllUsers() / createUser() / getUser() / … (/_fabric/_system/_admin/user)",
    "tenant user administration: no recorded exchange or published shape to check against (the local fabric serves pyC8's GET /_api/user)",
  ],
  [
    "validateQuery() (POST /query)",
    "answers ArangoDB's parse tree (AST), which the local C8QL parser does not build in ArangoDB's form; not recorded",
  ],
  [
    "explainQuery() (POST /_api/explain)",
    "query plans are not implemented; jsC8 also uses /_api/explain where the published API has /_api/query/explain",
  ],
  [
    "collection.import() (POST /import?collection=&type=auto, NDJSON)",
    "ArangoDB's raw import, not C8's: C8 imports through POST /_api/import/{collection} with a JSON body (recorded), which importDocuments() covers",
  ],
  [
    "exportDataByQuery() / exportDataByCollectionName() (/_api/export)",
    "the export API is not in the spec (recorded, but skipped by the conformance replay too)",
  ],
  [
    "getGeoFabricMetaData() / setMetaDataForGeoFabric() / updateMetaDataForGeoFabric() (/database/metadata)",
    "not in the spec (recorded; skipped by the conformance replay too): adding its 3 operations puts the SDK core entry over its 10 KB budget",
  ],
  [
    "getCurrentQueries() / getRunningQueries() / getSlowQueries() / clearSlowQueries() / killQuery() (/query/…)",
    "query management is not in the spec (recorded; skipped by the conformance replay too): adding its 4 operations puts the SDK core entry over its 10 KB budget",
  ],
  ["collection.rename() (PUT /collection/{name}/rename)", "not in recorded/ or the published API subset"],
  ["createCapConstraint() (/index, type cap)", "cap constraints were removed from ArangoDB 3; C8 has none"],
  ["edges() / inEdges() / outEdges() (/edges/{collection})", "edge traversal belongs to graphs, out of scope"],
  ["graph() / createGraph() / … (/_api/graph)", "graphs are out of scope"],
  ["stream() / createStream() / … (/_api/streams, WebSocket)", "streams are out of scope"],
  ["keyValue() / createKVCollection() / … (/_api/kv)", "key-value is out of scope"],
  ["search() / createView() / … (/_api/search, /_api/view)", "search is out of scope"],
  ["function / redis / streamApp / restql / billing / tenant / event / edge locations (datacenter) APIs", "out of scope"],
  ["getCollectionIndexes() / onCollectionChange()", "collection streams are out of scope (indexes are covered through collection.indexes())"],
];

describe("jsC8 1.1.0: calls not exercised", () => {
  for (const [call, why] of NOT_EXERCISED) it.skip(`${call} — ${why}`, () => {});
});
