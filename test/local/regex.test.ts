/**
 * Regular expressions and LIKE over HTTP (issue 9, item 3): linear-time matching whatever the pattern, ArangoDB's
 * function semantics, and a clear 400/1543 for syntax a linear-time engine cannot run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, expectError, start, type Started } from "./helpers.js";

let s: Started;
let c: Client;

beforeAll(async () => {
  s = await start();
  c = s.client;
});
afterAll(() => s.fabric.close());

const query = (q: string, bindVars?: Record<string, unknown>) => c.post("/_fabric/_system/_api/cursor", { query: q, bindVars });
async function one(q: string, bindVars?: Record<string, unknown>): Promise<any> {
  const res = await query(q, bindVars);
  if (res.status !== 201) throw new Error(`${q}: ${res.status} ${res.text}`);
  return res.body.result[0];
}

describe("patterns that make a backtracking engine take exponential time finish at once", () => {
  it("LIKE(@s, '%a%a%a%a%a%b') on 2,000 characters, and longer", async () => {
    const t0 = Date.now();
    expect(await one("RETURN LIKE(@s, '%a%a%a%a%a%b')", { s: "a".repeat(2000) })).toBe(false);
    expect(await one("RETURN @s LIKE '%a%a%a%a%a%a%a%a%a%a%b'", { s: "a".repeat(200_000) })).toBe(false);
    expect(await one("RETURN @s NOT LIKE '%a_a_a_a%b'", { s: "a".repeat(100_000) })).toBe(true);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it("'^(a+)+$' and friends on long inputs, through every regex entry point", async () => {
    const t0 = Date.now();
    const bind = { s: "a".repeat(50_000) + "!" };
    expect(await one("RETURN [@s =~ '^(a+)+$', @s !~ '^(a|aa)+$', REGEX_TEST(@s, '^(a*)*b$')]", bind)).toEqual([false, true, false]);
    expect(await one("RETURN REGEX_MATCHES(@s, '^(a+)+$')", bind)).toBeNull();
    expect(await one("RETURN LENGTH(REGEX_SPLIT(@s, '(a+)+b'))", bind)).toBe(1);
    expect(await one("RETURN LENGTH(REGEX_REPLACE(@s, '(a+)+b', 'x'))", bind)).toBe(50_001);
    expect(await one("RETURN @s =~ '^(a+)+$'", { s: "a".repeat(32) })).toBe(true);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe("bounded cost", () => {
  it("patterns past the size limits answer 400/1543; a costly LIKE with _ stops with 400/32", async () => {
    expectError(await query("RETURN REGEX_TEST('ab', @p)", { p: "(a|b)".repeat(2000) }), 400, 1543);
    expectError(await query("RETURN 'a' =~ @p", { p: "[a-z]{1000}".repeat(3) }), 400, 1543);
    expectError(await query("RETURN 'a' =~ @p", { p: "a".repeat(10_000) }), 400, 1543);
    expect(await one("RETURN REGEX_TEST('ab', @p)", { p: "(a|b)".repeat(100) })).toBe(false);
    const t0 = Date.now();
    expectError(await query("RETURN LIKE(@s, @p)", { s: "a".repeat(200_000), p: "%" + "_a".repeat(500) + "b%" }), 400, 32);
    // without _ the same shapes are plain string searches
    expect(await one("RETURN LIKE(@s, @p)", { s: "a".repeat(200_000), p: "%" + "a".repeat(1000) + "b%" })).toBe(false);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe("LIKE", () => {
  it("%, _, escapes, case, newlines and characters outside the BMP", async () => {
    expect(
      await one(
        `RETURN ["abc" LIKE "a%", "abc" LIKE "%c", "abc" LIKE "%b%", "abc" LIKE "%d%", "abc" LIKE "a_c", "abc" LIKE "a_", "" LIKE "%", "" LIKE "", "x" LIKE "",
          "a%c" LIKE "a\\\\%c", "abc" LIKE "a\\\\%c", "a_c" LIKE "a\\\\_c", "abc" LIKE "a\\\\_c", "a\\\\c" LIKE "a\\\\\\\\c", "abab" LIKE "%ab%ab", "aab" LIKE "a%ab",
          "ab" LIKE "a%%b", "a\\nb" LIKE "a_b", "a\\nb\\nc" LIKE "a%c", "😀x" LIKE "_x", "😀x" LIKE "__x"]`,
      ),
    ).toEqual([true, true, true, false, true, false, true, true, false, true, false, true, false, true, true, true, true, true, true, true, false]);
    expect(await one("RETURN [LIKE('FooBar', 'foo%'), LIKE('FooBar', 'foo%', true), LIKE('ÄBC', 'äb_', true), 'FOO' LIKE 'foo']")).toEqual([false, true, true, false]);
  });
});

describe("regex functions (ArangoDB semantics)", () => {
  it("=~ / !~ / REGEX_TEST search anywhere; case-insensitive flag", async () => {
    expect(await one("RETURN ['foobar' =~ 'o+b', 'foobar' !~ '^b', REGEX_TEST('the quick brown fox', 'the.*fox'), REGEX_TEST('FOO', 'foo'), REGEX_TEST('FOO', 'foo', true), REGEX_TEST('ab', '(?<=a)b'), REGEX_TEST('A', '\\\\u0041')]")).toEqual([
      true,
      true,
      true,
      false,
      true,
      true,
      true,
    ]);
  });

  it("REGEX_MATCHES: the first match and its groups, or null", async () => {
    expect(await one("RETURN REGEX_MATCHES('My-us3r_n4m3', '^[a-z0-9_-]{3,16}$', true)")).toEqual(["My-us3r_n4m3"]);
    expect(await one("RETURN REGEX_MATCHES('#4d82h4', '^#?([a-f0-9]{6}|[a-f0-9]{3})$', true)")).toBeNull();
    expect(await one("RETURN REGEX_MATCHES('john@doe.com', '^([a-z0-9_\\\\.-]+)@([\\\\da-z-]+)\\\\.([a-z\\\\.]{2,6})$', false)")).toEqual(["john@doe.com", "john", "doe", "com"]);
    expect(await one("RETURN REGEX_MATCHES('b', '(a)|(b)')")).toEqual(["b", "", "b"]);
  });

  it("REGEX_SPLIT: pieces with captured groups, limit", async () => {
    expect(await one("RETURN REGEX_SPLIT('This is a line.\\n This is yet another line\\r\\n This again is a line.\\r Mac line ', '\\\\.?(\\n|\\r\\n|\\r)', true, 4)")).toEqual([
      "This is a line",
      "\n",
      " This is yet another line",
      "\r\n",
    ]);
    expect(await one("RETURN REGEX_SPLIT('hypertext language, programming', '[\\\\s, ]+')")).toEqual(["hypertext", "language", "programming"]);
    expect(await one("RETURN REGEX_SPLIT('ca,bc,a,bca,bca,bc', 'a,b', true, 5)")).toEqual(["c", "c,", "c", "c", "c"]);
    expect(await one("RETURN REGEX_SPLIT('abc', '')")).toEqual(["a", "b", "c"]);
  });

  it("REGEX_REPLACE: every match, $n groups, case-insensitive", async () => {
    expect(await one("RETURN REGEX_REPLACE('the quick brown fox', 'the.*fox', 'jumped over')")).toBe("jumped over");
    expect(await one("RETURN REGEX_REPLACE('An Avocado', 'a', '_')")).toBe("An Avoc_do");
    expect(await one("RETURN REGEX_REPLACE('An Avocado', 'a', '_', true)")).toBe("_n _voc_do");
    expect(await one("RETURN REGEX_REPLACE('2024-05', '(\\\\d+)-(\\\\d+)', '$2/$1')")).toBe("05/2024");
  });

  it("an invalid pattern is ArangoDB's warning 1543 and null", async () => {
    const res = await query("RETURN ['a' =~ '(', REGEX_TEST('a', '['), REGEX_MATCHES('a', '*'), REGEX_SPLIT('a', '(?P<'), REGEX_REPLACE('a', '+', 'b')]");
    expect(res.status).toBe(201);
    expect(res.body.result[0]).toEqual([null, null, null, null, null]);
    expect(res.body.extra.warnings.length).toBeGreaterThan(0);
    for (const w of res.body.extra.warnings) expect(w).toEqual({ code: 1543, message: "invalid regex value" });
  });

  it("syntax C8 accepts but RE2 cannot run in linear time answers 400/1543 naming it", async () => {
    const cases: Array<[string, RegExp]> = [
      ["'ab' =~ 'a(?=b)'", /lookahead/],
      ["'ab' !~ 'a(?!c)'", /lookahead/],
      ["REGEX_TEST('aa', '(a)\\\\1')", /backreferences/],
      ["REGEX_MATCHES('aa', '(?<x>a)\\\\k<x>')", /named backreferences/],
      ["REGEX_SPLIT('aa', '(?>a)')", /atomic groups/],
      ["REGEX_REPLACE('aa', 'a++', 'b')", /possessive/],
    ];
    for (const [expr, what] of cases) {
      const res = await query(`RETURN ${expr}`);
      expectError(res, 400, 1543);
      expect(res.body.errorMessage, expr).toMatch(what);
      expect(res.body.errorMessage).toMatch(/linear time/);
    }
  });
});
