/**
 * Conformance: replays every exchange of the recorded real C8 traffic (test/fixtures/recorded/, see its README)
 * against a local fabric, in order, cassette by cassette — each on a fresh fabric that first gets what the
 * cassette presupposes (the fabric, its collections with the recorded types, the documents an import found
 * already there, the users it logs in as). Compared: status, the body by value (every key and value must equal
 * the recording, except the named VOLATILE_KEYS — ids, revisions, timings, statistics counters — compared by type;
 * collection lists item by item, every item), the presence of `Location`, and `x-c8-error-codes`. Server-made
 * values (generated keys and user names, revisions, cursor ids) seen in recorded answers are translated to ours in
 * later requests and answers. Out-of-scope exchanges are skipped explicitly, each with its reason (SKIP_RULES).
 * `CONF_DEBUG=1` prints each failing exchange's differences on one line.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalFabric, type LocalFabric, type LocalUser } from "../../src/local/index.js";
import {
  learnValues,
  loadCassettes,
  preconditions,
  collectionListDiff,
  skipReason,
  translate,
  translatePath,
  valueDiff,
  type Exchange,
} from "./replay.js";

const DIR = fileURLToPath(new URL("../fixtures/recorded/", import.meta.url));
const TENANT = "pythonsdk_macrometa.com";
/** The recordings hide passwords as `<password>`; here it is the real password of every user. */
const PASSWORD = "<password>";
const EMAIL = "user@example.com";
const cassettes = loadCassettes(DIR);

const total = cassettes.reduce((n, c) => n + c.exchanges.length, 0);
const skipped = new Map<string, number>();
for (const c of cassettes) {
  for (const e of c.exchanges) {
    const reason = skipReason(e);
    if (reason !== undefined) skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
  }
}
const skippedCount = [...skipped.values()].reduce((a, b) => a + b, 0);
const inScope = total - skippedCount;
let matched = 0;

async function call(url: string, method: string, path: string, init: { headers?: Record<string, string>; body?: unknown }) {
  const res = await fetch(url + path, {
    method,
    headers: init.headers,
    body: init.body === undefined || init.body === null ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? null : (JSON.parse(text) as unknown) };
}

for (const cassette of cassettes) {
  describe(cassette.file, () => {
    const pre = preconditions(cassette);
    // the recorded deployment's one region is ours, `local`
    const values = new Map<string, string>([["dino-fra", "local"]]);
    let fabric: LocalFabric;
    let auth: Record<string, string>;

    beforeAll(async () => {
      // The recordings sanitize every e-mail to user@example.com; where the cassette creates a user with it,
      // that e-mail is the new user's and root gets another.
      const rootEmail = pre.createdEmails.includes(EMAIL) ? "root@example.org" : EMAIL;
      const users: LocalUser[] = [{ tenant: TENANT, username: "root", password: PASSWORD, email: rootEmail }];
      for (const u of pre.usernames) if (u !== "root") users.push({ tenant: TENANT, username: u, password: PASSWORD, email: `${u}@example.org` });
      fabric = await startLocalFabric({ users });
      const login = await call(fabric.url, "POST", "/_open/auth", { body: { email: rootEmail, password: PASSWORD } });
      auth = { authorization: `bearer ${(login.body as { jwt: string }).jwt}`, "content-type": "application/json" };
      const setup = async (method: string, path: string, body: unknown) => {
        const res = await call(fabric.url, method, path, { headers: auth, body });
        if (res.status >= 300) throw new Error(`setup ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      };
      for (const f of pre.fabrics) {
        await setup("POST", "/_fabric/_system/_api/database", { name: f.name, options: f.metadata ? { metadata: f.metadata } : {} });
      }
      for (const [f, cols] of pre.collections) {
        for (const [name, type] of cols) await setup("POST", `/_fabric/${f}/_api/collection`, { name, type });
      }
      for (const [f, cols] of pre.indexes) {
        for (const [name, defs] of cols) for (const d of defs) await setup("POST", `/_fabric/${f}/_api/index?collection=${name}`, d);
      }
      for (const [f, cols] of pre.documents) {
        for (const [name, docs] of cols) await setup("POST", `/_fabric/${f}/_api/import/${name}`, { data: [...docs.values()] });
      }
    });
    afterAll(() => fabric?.close());

    cassette.exchanges.forEach((e, i) => {
      const label = `[${i}] ${e.request.method} ${e.request.path} → ${e.response.status}`;
      const reason = skipReason(e);
      if (reason !== undefined) {
        it.skip(`${label} — ${reason}`, () => {});
        return;
      }
      it(label, async () => {
        const diffs = await replay(fabric.url, e, auth, values);
        if (process.env["CONF_DEBUG"] && diffs.length) console.log("DIFF", cassette.file, i, diffs.slice(0, 6).join(" | "));
        expect(diffs).toEqual([]);
        matched++;
      });
    });
  });
}

async function replay(url: string, e: Exchange, auth: Record<string, string>, values: Map<string, string>): Promise<string[]> {
  const req = e.request;
  const headers: Record<string, string> = {};
  let body = translate(req.body, values);
  if (req.path === "/_open/auth") {
    // sanitized credentials: a recorded 401 was a wrong password
    if (e.response.status === 401) body = { ...(body as object), password: "wrong-password" };
    if (req.headers["content-type"] !== undefined) headers["content-type"] = req.headers["content-type"];
  } else {
    Object.assign(headers, auth);
  }
  for (const [k, v] of Object.entries(req.headers)) if (k === "if-match" || k.startsWith("x-c8-")) headers[k] = translate(v, values);
  const qs = new URLSearchParams(req.query).toString();
  const path = translatePath(req.path, values) + (qs === "" ? "" : `?${qs}`);
  const res = await call(url, req.method, path, { headers, body });

  const diffs: string[] = [];
  if (res.status !== e.response.status) diffs.push(`status: ${e.response.status} recorded, ${res.status} here`);
  const isCollectionList = req.method === "GET" && req.path.endsWith("/_api/collection");
  diffs.push(...(isCollectionList ? collectionListDiff(e.response.body, res.body, values) : valueDiff(e.response.body, res.body, "body", values)));
  const recLocation = e.response.headers["location"] !== undefined;
  if (recLocation !== res.headers.has("location")) diffs.push(`location header: ${recLocation ? "recorded" : "not recorded"}`);
  const recCodes = e.response.headers["x-c8-error-codes"];
  const ourCodes = res.headers.get("x-c8-error-codes") ?? undefined;
  if ((recCodes === undefined) !== (ourCodes === undefined) || (recCodes !== undefined && JSON.stringify(JSON.parse(recCodes)) !== JSON.stringify(JSON.parse(ourCodes!)))) {
    diffs.push(`x-c8-error-codes: ${recCodes} recorded, ${ourCodes} here`);
  }
  learnValues(e.response.body, res.body, values);
  return diffs;
}

describe("summary", () => {
  it("every in-scope exchange matched", () => {
    const lines = [...skipped].map(([reason, n]) => `  ${String(n).padStart(3)}  ${reason}`);
    console.log(
      `conformance: ${total} recorded exchanges in ${cassettes.length} cassettes: ${matched}/${inScope} in scope matched, ${skippedCount} skipped:\n${lines.join("\n")}`,
    );
    expect(total).toBe(540);
    expect(matched).toBe(inScope);
  });
});
