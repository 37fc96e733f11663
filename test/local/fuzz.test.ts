/**
 * Property tests against a real local fabric over HTTP (issue 9, item 6). C8QL is generated from the grammar (not
 * random strings): pure expressions are also evaluated by a small reference evaluator written here from AQL's
 * rules, and must agree; whole queries (LET/FOR/FILTER/SORT/LIMIT/COLLECT/subqueries, more functions) need only
 * answer without a 5xx. Mutated JSON bodies and odd headers must never answer a 5xx without a C8 error body, and
 * the server must still answer a probe afterwards.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, start, type Answer, type Started } from "./helpers.js";

let s: Started;
let c: Client;

beforeAll(async () => {
  s = await start();
  c = s.client;
  await c.post("/_fabric/_system/_api/collection", { name: "fz" });
  await c.post("/_fabric/_system/_api/document/fz", [{ _key: "a", n: 1, s: "x" }, { _key: "b", n: 2, s: "y", o: { p: [1, 2] } }]);
});
afterAll(() => s.fabric.close());

/** No 500 at all (an internal error is a bug), and any other 5xx carries a C8 error body. */
function expectNo5xx(res: Answer, what: string): void {
  expect(res.status, `${what}: ${res.text.slice(0, 300)}`).not.toBe(500);
  if (res.status >= 500) {
    expect(res.body?.error, what).toBe(true);
    expect(typeof res.body?.errorNum, what).toBe("number");
  }
  if (res.status >= 400 && res.text !== "") expect(typeof res.body?.errorNum, `${what}: ${res.text.slice(0, 200)}`).toBe("number");
}

async function probe(): Promise<void> {
  const res = await c.get("/_fabric/_system/_api/collection/fz/count");
  expect(res.status).toBe(200);
}

// ------------------------------------------------------------------------------------------ expressions

type V = null | boolean | number | string | V[] | { [k: string]: V };
type E =
  | { t: "lit"; v: null | boolean | number | string }
  | { t: "arr"; items: E[] }
  | { t: "obj"; entries: [string, E][] }
  | { t: "bin"; op: string; l: E; r: E }
  | { t: "un"; op: "-" | "+" | "!"; e: E }
  | { t: "tern"; c: E; a: E; b: E }
  | { t: "attr"; o: E; k: string }
  | { t: "idx"; o: E; i: number }
  | { t: "call"; f: string; args: E[] };

const KEYS = ["a", "b", "c", "__proto__", "constructor"];
const STRINGS = ["", "a", "b", "ab", "1", "10", "2", "x1", "0"];
const BIN_OPS = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "IN", "NOT IN"];
const PURE_FNS: Record<string, number> = { ABS: 1, FLOOR: 1, CEIL: 1, TO_BOOL: 1, TO_NUMBER: 1, LENGTH: 1, NOT_NULL: 2 };

// small domains, so that equal operands (where <, <=, == and IN differ) are common
const literal: fc.Arbitrary<E> = fc.oneof(
  { arbitrary: fc.integer({ min: -3, max: 3 }).map((v) => ({ t: "lit", v }) as E), weight: 4 },
  { arbitrary: fc.constantFrom(0.5, -2.5, 1e300, 7e-10).map((v) => ({ t: "lit", v }) as E), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((v) => ({ t: "lit", v: Object.is(v, -0) ? 0 : v }) as E), weight: 1 },
  { arbitrary: fc.constantFrom(...STRINGS).map((v) => ({ t: "lit", v }) as E), weight: 3 },
  { arbitrary: fc.constantFrom(null, true, false).map((v) => ({ t: "lit", v }) as E), weight: 2 },
);

const { expr } = fc.letrec<{ expr: E }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", maxDepth: 5 },
    literal,
    fc.array(tie("expr"), { maxLength: 3 }).map((items) => ({ t: "arr", items }) as E),
    fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie("expr")), { maxLength: 3, selector: (x) => x[0] }).map((entries) => ({ t: "obj", entries }) as E),
    fc.record({ op: fc.constantFrom(...BIN_OPS), l: tie("expr"), r: tie("expr") }).map((x) => ({ t: "bin", ...x }) as E),
    fc.record({ op: fc.constantFrom("-" as const, "+" as const, "!" as const), e: tie("expr") }).map((x) => ({ t: "un", ...x }) as E),
    fc.record({ c: tie("expr"), a: tie("expr"), b: tie("expr") }).map((x) => ({ t: "tern", ...x }) as E),
    fc.record({ o: tie("expr"), k: fc.constantFrom(...KEYS) }).map((x) => ({ t: "attr", ...x }) as E),
    fc.record({ o: tie("expr"), i: fc.integer({ min: -3, max: 3 }) }).map((x) => ({ t: "idx", ...x }) as E),
    fc
      .constantFrom(...Object.keys(PURE_FNS))
      .chain((f) => fc.array(tie("expr"), { minLength: PURE_FNS[f]!, maxLength: PURE_FNS[f]! }).map((args) => ({ t: "call", f, args }) as E)),
  ),
}));

function lit(v: null | boolean | number | string): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return v < 0 ? `(${String(v)})` : String(v);
  return String(v);
}

/** C8QL text, fully parenthesized so that precedence never matters. */
function show(e: E): string {
  switch (e.t) {
    case "lit":
      return lit(e.v);
    case "arr":
      return `[${e.items.map(show).join(", ")}]`;
    case "obj":
      return `{${e.entries.map(([k, v]) => `${JSON.stringify(k)}: ${show(v)}`).join(", ")}}`;
    case "bin":
      return `(${show(e.l)} ${e.op} ${show(e.r)})`;
    case "un":
      return `(${e.op}${show(e.e)})`;
    case "tern":
      return `(${show(e.c)} ? ${show(e.a)} : ${show(e.b)})`;
    case "attr":
      return `(${show(e.o)}).${e.k}`;
    case "idx":
      return `(${show(e.o)})[${e.i}]`;
    case "call":
      return `${e.f}(${e.args.map(show).join(", ")})`;
  }
}

// --- the reference: AQL's value rules, written from the documentation rather than from the engine

const rank = (v: V): number => (v === null ? 0 : typeof v === "boolean" ? 1 : typeof v === "number" ? 2 : typeof v === "string" ? 3 : Array.isArray(v) ? 4 : 5);
const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const isObj = (v: V): v is { [k: string]: V } => rank(v) === 5;

function truthy(v: V): boolean {
  if (v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v !== "";
  return true;
}

function toNum(v: V): number {
  if (v === null) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const t = v.trim();
    return t !== "" && /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t) && Number.isFinite(Number(t)) ? Number(t) : 0;
  }
  if (Array.isArray(v)) return v.length === 1 ? toNum(v[0]!) : 0;
  return 0;
}

const finite = (n: number): V => (Number.isFinite(n) ? n : null);

function cmp(a: V, b: V): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (ra === 0) return 0;
  if (ra === 1 || ra === 2) return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
  if (ra === 3) return a === b ? 0 : (a as string) < (b as string) ? -1 : 1; // the generated strings sort alike in ICU
  if (ra === 4) {
    const x = a as V[];
    const y = b as V[];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const r = cmp(i < x.length ? x[i]! : null, i < y.length ? y[i]! : null);
      if (r !== 0) return r;
    }
    return 0;
  }
  const x = a as { [k: string]: V };
  const y = b as { [k: string]: V };
  for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
    const r = cmp(own(x, k) ? x[k]! : null, own(y, k) ? y[k]! : null);
    if (r !== 0) return r;
  }
  return 0;
}

function evaluate(e: E): V {
  switch (e.t) {
    case "lit":
      return e.v;
    case "arr":
      return e.items.map(evaluate);
    case "obj": {
      const o: { [k: string]: V } = {};
      for (const [k, v] of e.entries) Object.defineProperty(o, k, { value: evaluate(v), enumerable: true, writable: true, configurable: true });
      return o;
    }
    case "un": {
      const v = evaluate(e.e);
      if (e.op === "!") return !truthy(v);
      return finite(e.op === "-" ? -toNum(v) : toNum(v));
    }
    case "tern":
      return truthy(evaluate(e.c)) ? evaluate(e.a) : evaluate(e.b);
    case "attr": {
      const o = evaluate(e.o);
      return isObj(o) && own(o, e.k) ? o[e.k]! : null;
    }
    case "idx": {
      const o = evaluate(e.o);
      if (!Array.isArray(o)) return null;
      const i = e.i < 0 ? o.length + e.i : e.i;
      return i >= 0 && i < o.length ? o[i]! : null;
    }
    case "call": {
      const a = e.args.map(evaluate);
      const x = a[0]!;
      switch (e.f) {
        case "ABS":
          return finite(Math.abs(toNum(x)));
        case "FLOOR":
          return finite(Math.floor(toNum(x)));
        case "CEIL":
          return finite(Math.ceil(toNum(x)));
        case "TO_BOOL":
          return truthy(x);
        case "TO_NUMBER":
          return toNum(x);
        case "NOT_NULL":
          return a.find((v) => v !== null) ?? null;
        default: // LENGTH
          if (x === null) return 0;
          if (typeof x === "boolean") return x ? 1 : 0;
          if (typeof x === "number") return String(x).length;
          if (typeof x === "string") return [...x].length;
          return Array.isArray(x) ? x.length : Object.keys(x).length;
      }
    }
    case "bin": {
      if (e.op === "&&") {
        const l = evaluate(e.l);
        return truthy(l) ? evaluate(e.r) : l;
      }
      if (e.op === "||") {
        const l = evaluate(e.l);
        return truthy(l) ? l : evaluate(e.r);
      }
      const l = evaluate(e.l);
      const r = evaluate(e.r);
      switch (e.op) {
        case "+":
          return finite(toNum(l) + toNum(r));
        case "-":
          return finite(toNum(l) - toNum(r));
        case "*":
          return finite(toNum(l) * toNum(r));
        case "/":
          return toNum(r) === 0 ? null : finite(toNum(l) / toNum(r));
        case "%":
          return toNum(r) === 0 ? null : finite(toNum(l) % toNum(r));
        case "==":
          return cmp(l, r) === 0;
        case "!=":
          return cmp(l, r) !== 0;
        case "<":
          return cmp(l, r) < 0;
        case "<=":
          return cmp(l, r) <= 0;
        case ">":
          return cmp(l, r) > 0;
        case ">=":
          return cmp(l, r) >= 0;
        case "IN":
          return Array.isArray(r) && r.some((x) => cmp(l, x) === 0);
        default: // NOT IN
          return !(Array.isArray(r) && r.some((x) => cmp(l, x) === 0));
      }
    }
  }
}

/** What JSON makes of a value (the server's answer went through it): -0 → 0, own __proto__ kept. */
const viaJson = (v: V): unknown => JSON.parse(JSON.stringify(v));

// ---------------------------------------------------------------------------------------------- queries

const MORE_FNS = ["CONCAT", "UPPER", "LOWER", "REVERSE", "UNIQUE", "FLATTEN", "MERGE", "ATTRIBUTES", "VALUES", "KEEP", "UNSET", "HAS", "FIRST", "LAST", "SUM", "MIN", "MAX", "AVERAGE", "SORTED", "TO_ARRAY", "TO_STRING", "SUBSTRING", "CONTAINS", "LIKE", "REGEX_TEST", "REGEX_REPLACE", "SPLIT", "ZIP", "RANGE", "SLICE", "POSITION", "PUSH", "APPEND", "IS_OBJECT", "TYPENAME_NOPE", "MERGE_RECURSIVE", "REGEX_SPLIT", "REGEX_MATCHES", "ROUND"];

/** Any-expression text over variables in scope (including calls the reference does not model). */
const anyExpr = (vars: string[]): fc.Arbitrary<string> =>
  fc.letrec<{ x: string }>((tie) => ({
    x: fc.oneof(
      { depthSize: "small", maxDepth: 3 },
      expr.map(show),
      vars.length > 0 ? fc.constantFrom(...vars) : expr.map(show),
      fc.tuple(vars.length > 0 ? fc.constantFrom(...vars) : fc.constant("{}"), fc.constantFrom("n", "s", "o", "p", "__proto__")).map(([v, k]) => `${v}.${k}`),
      fc.tuple(fc.constantFrom(...MORE_FNS), fc.array(tie("x"), { minLength: 1, maxLength: 3 })).map(([f, a]) => `${f}(${a.join(", ")})`),
      fc.tuple(tie("x"), fc.constantFrom("+", "==", "<", "&&", "LIKE", "=~", "IN", ".."), tie("x")).map(([l, op, r]) => `(${l} ${op} ${r})`),
      tie("x").map((b) => `(FOR q IN [1, 2] RETURN ${b})`),
      fc.constant("(FOR d IN fz RETURN d)"),
    ),
  })).x;

/** A query: a few statements drawn from the grammar, ending in RETURN. */
const queryText: fc.Arbitrary<string> = fc
  .array(fc.constantFrom("FOR-range", "FOR-array", "FOR-coll", "LET", "FILTER", "SORT", "LIMIT", "COLLECT"), { maxLength: 4 })
  .chain((kinds) => {
    let vars: string[] = [];
    let n = 0;
    const parts: fc.Arbitrary<string>[] = [];
    for (const k of kinds) {
      const scope = [...vars];
      const name = `v${n++}`;
      switch (k) {
        case "FOR-range":
          parts.push(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 5 })).map(([a, b]) => `FOR ${name} IN ${a}..${b}`));
          vars.push(name);
          break;
        case "FOR-array":
          parts.push(anyExpr(scope).map((x) => `FOR ${name} IN [${x}, 1, "a"]`));
          vars.push(name);
          break;
        case "FOR-coll":
          parts.push(fc.constant(`FOR ${name} IN fz`));
          vars.push(name);
          break;
        case "LET":
          parts.push(anyExpr(scope).map((x) => `LET ${name} = ${x}`));
          vars.push(name);
          break;
        case "FILTER":
          parts.push(anyExpr(scope).map((x) => `FILTER ${x}`));
          break;
        case "SORT":
          parts.push(fc.tuple(anyExpr(scope), fc.constantFrom("ASC", "DESC", "")).map(([x, d]) => `SORT ${x} ${d}`));
          break;
        case "LIMIT":
          parts.push(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 })).map(([o, l]) => `LIMIT ${o}, ${l}`));
          break;
        case "COLLECT":
          parts.push(anyExpr(scope).map((x) => `COLLECT ${name} = ${x} WITH COUNT INTO ${name}c`));
          vars = [name, `${name}c`];
          break;
      }
    }
    const final = [...vars];
    return fc.tuple(fc.tuple(...parts), anyExpr(final)).map(([ps, ret]) => [...ps, `RETURN ${ret}`].join(" "));
  });

describe("C8QL generated from the grammar", () => {
  it("pure expressions agree with the reference evaluator", async () => {
    await fc.assert(
      fc.asyncProperty(expr, async (e) => {
        const text = `RETURN ${show(e)}`;
        const res = await c.post("/_fabric/_system/_api/cursor", { query: text });
        expect(res.status, `${text}: ${res.text}`).toBe(201);
        expect(res.body.result[0], text).toEqual(viaJson(evaluate(e)));
      }),
      { numRuns: 300 },
    );
    await probe();
  });

  it("whole queries never answer 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(queryText, fc.boolean(), async (text, async) => {
        const res = await c.post("/_fabric/_system/_api/cursor", { query: text, batchSize: 2 }, async ? { headers: { "x-c8-async": "true" } } : {});
        expectNo5xx(res, text);
        if (res.status !== 201 && res.status !== 202) expect(res.status, text).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 200 },
    );
    await probe();
  });
});

// ----------------------------------------------------------------------------------- bodies and headers

const ENDPOINTS = [
  ["POST", "/_fabric/_system/_api/cursor"],
  ["POST", "/_fabric/_system/_api/document/fz"],
  ["PATCH", "/_fabric/_system/_api/document/fz/a"],
  ["PUT", "/_fabric/_system/_api/document/fz"],
  ["POST", "/_fabric/_system/_api/import/fz"],
  ["POST", "/_fabric/_system/_api/collection"],
  ["POST", "/_open/auth"],
] as const;

const SEEDS = [
  { query: "FOR d IN fz FILTER d.n > @n RETURN d", bindVars: { n: 0 }, batchSize: 1 },
  { _key: "k", a: [1, { b: "c" }], __proto__x: null },
  [{ _key: "a", n: 5 }, { _key: "zz", deep: { x: [true, null, 1.5e10] } }],
  { data: [{ a: 1 }, { _key: "b" }], details: true },
  { name: "fzz", type: 2 },
  { tenant: "mytenant", username: "root", password: "passwd" },
];

/** Byte-level mutations of a JSON text. */
const mutatedBody = fc
  .tuple(
    fc.constantFrom(...SEEDS).map((x) => Buffer.from(JSON.stringify(x))),
    fc.array(
      fc.record({
        kind: fc.constantFrom("delete", "insert", "replace", "truncate", "duplicate"),
        at: fc.nat(),
        len: fc.integer({ min: 1, max: 8 }),
        bytes: fc.constantFrom(
          Buffer.from("{"),
          Buffer.from("["),
          Buffer.from('"'),
          Buffer.from("\\"),
          Buffer.from("1e999999"),
          Buffer.from("-"),
          Buffer.from('"__proto__":{"isAdmin":true},'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from([0xc3]),
          Buffer.from("\u0000"),
          Buffer.from("😀"),
          Buffer.from("[".repeat(2000)),
          Buffer.from("nul"),
        ),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([seed, muts]) => {
    let b = seed;
    for (const m of muts) {
      const at = b.length === 0 ? 0 : m.at % (b.length + 1);
      if (m.kind === "delete") b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
      else if (m.kind === "insert") b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
      else if (m.kind === "replace") b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at + m.bytes.length)]);
      else if (m.kind === "truncate") b = b.subarray(0, at);
      else b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + m.len * 4), b.subarray(at)]);
    }
    return b;
  });

const headerValue = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."abcXYZ019 -_.;=,/*\"'()[]{}:@?\t"), maxLength: 40 }),
  fc.constantFrom("", "store", "true", "false", "application/json", "text/plain", "bearer", "Basic Og==", "*", "W/\"1\"", "x".repeat(4000)),
);

describe("mutated bodies and headers", () => {
  it("mutated JSON bodies answer C8 errors, never 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), mutatedBody, async ([method, path], body) => {
        const res = await fetch(s.fabric.url + path, { method, headers: { authorization: c.authorization!, "content-type": "application/json" }, body });
        const text = await res.text();
        let parsed: any;
        try {
          parsed = text === "" ? undefined : JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        expectNo5xx({ status: res.status, headers: res.headers, body: parsed, text }, `${method} ${path} ${body.toString("latin1").slice(0, 200)}`);
      }),
      { numRuns: 200 },
    );
    await probe();
  });

  it("odd header values never answer 5xx", async () => {
    const names = ["content-type", "x-c8-async", "if-match", "if-none-match", "accept", "authorization", "x-c8-async-id", "origin", "access-control-request-method"];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS, ["GET", "/_fabric/_system/_api/document/fz/a"] as const, ["OPTIONS", "/_fabric/_system/_api/cursor"] as const),
        fc.dictionary(fc.constantFrom(...names), headerValue, { maxKeys: 4 }),
        async ([method, path], hdrs) => {
          const headers: Record<string, string> = { authorization: c.authorization!, ...hdrs };
          const res = await fetch(s.fabric.url + path, { method, headers, body: method === "GET" || method === "OPTIONS" ? undefined : '{"query":"RETURN 1"}' });
          const text = await res.text();
          let parsed: any;
          try {
            parsed = text === "" ? undefined : JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          expectNo5xx({ status: res.status, headers: res.headers, body: parsed, text }, `${method} ${path} ${JSON.stringify(hdrs).slice(0, 200)}`);
        },
      ),
      { numRuns: 150 },
    );
    await probe();
  });
});
