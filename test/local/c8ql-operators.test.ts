import { describe, expect, it } from "vitest";
import { compare } from "../../src/local/c8ql/values.js";
import { ev, fixture, run } from "./c8ql-helpers.js";

describe("arithmetic", () => {
  it("computes + - * / % with precedence and unary minus", async () => {
    expect(await ev("[1 + 2 * 3, (1 + 2) * 3, 7 / 2, 7 % 3, -7 % 3, 2 - -1, -(3), +'4', 10 - 2 - 3]")).toEqual([
      7, 9, 3.5, 1, -1, 3, -3, 4, 5,
    ]);
  });

  it("casts non-numbers like TO_NUMBER (no string concatenation)", async () => {
    expect(await ev(`["1" + 1, "a" + 1, null + 1, true + true, [5] + 1, [1, 2] + 1, {} + 1, "1.5e1" * 2]`)).toEqual([
      2, 1, 1, 2, 6, 1, 1, 30,
    ]);
  });

  it("answers null and warns 1562 on division by zero", async () => {
    const r = await run(fixture(), "RETURN [1 / 0, 1 % 0, 0 / 0]");
    expect(r.result).toEqual([[null, null, null]]);
    expect(r.warnings[0]).toEqual({ code: 1562, message: "division by zero" });
  });

  it("answers null for results that overflow", async () => {
    expect(await ev("1e308 * 10")).toBeNull();
  });
});

describe("comparison and type order", () => {
  it("orders null < bool < number < string < array < object", async () => {
    expect(
      await ev("[null < false, false < true, true < 0, 0 < -1 ? 1 : 2, 1e9 < '', '' < [], [] < {}, {} > [9], 'a' >= 'a']"),
    ).toEqual([true, true, true, 2, true, true, true, true, true]);
  });

  it("compares arrays element-wise (missing elements as null) and objects by sorted keys", async () => {
    expect(await ev("[[1, 2] < [1, 3], [1] < [1, 0], [] == [], [1, null] == [1], {a: 1, b: 2} == {b: 2, a: 1}, {a: 1} < {a: 2}, {a: 1} < {b: 0}]")).toEqual([
      true, true, true, true, true, true, false,
    ]);
    // [1, null] == [1]: the missing element counts as null; {a:1} vs {b:0}: a is 1 vs null, so greater
  });

  it("compares strings with ArangoDB's collation: a < A < b < B", async () => {
    expect(await ev("['a' < 'A', 'A' < 'b', 'b' < 'B', 'B' < 'a', 'abc' < 'abd', '10' < '9', 'a' == 'A']")).toEqual([
      true, true, true, false, true, true, false,
    ]);
    expect(["b", "B", "a", "A", "_x", "1"].sort(compare)).toEqual(["_x", "1", "a", "A", "b", "B"]);
  });

  it("tests equality across types strictly", async () => {
    expect(await ev("[1 == 1.0, 1 == '1', null == false, 0 != null, 'x' != 'x']")).toEqual([true, false, false, true, false]);
  });
});

describe("logical operators", () => {
  it("return operands like ArangoDB and short-circuit", async () => {
    expect(await ev("[true && 'x', 0 && 'x', '' || 'y', 'z' || 1/0, null AND true, 1 OR false, NOT 0, !'a', !![]]")).toEqual([
      "x", 0, "y", "z", null, 1, true, false, true,
    ]);
    const r = await run(fixture(), "RETURN false && 1/0");
    expect(r.warnings).toEqual([]);
  });

  it("binds NOT tighter than comparison, AND tighter than OR", async () => {
    expect(await ev("[NOT 1 == 2, true OR false AND false, (true OR false) AND false]")).toEqual([false, true, false]);
  });
});

describe("IN, NOT IN, LIKE, regex", () => {
  it("tests array membership with value equality", async () => {
    expect(await ev("[2 IN [1, 2], 'x' IN ['y'], [1] IN [[1]], {a: 1} IN [{a: 1}], 1 IN 'abc', 3 NOT IN [1, 2], 1 not in [1]]")).toEqual([
      true, false, true, true, false, true, false,
    ]);
  });

  it("binds IN tighter than == (ArangoDB precedence)", async () => {
    expect(await ev("1 IN [1] == true")).toBe(true);
  });

  it("matches LIKE patterns with % and _ and escapes, case-sensitively", async () => {
    expect(
      await ev(`["abc" LIKE "a%", "abc" LIKE "_b_", "abc" LIKE "ab", "ABC" LIKE "abc", "a%c" LIKE "a\\\\%c", "abc" LIKE "a\\\\%c", "a.c" LIKE "a.c", "x" NOT LIKE "y", "line\\nbreak" LIKE "line%"]`),
    ).toEqual([true, true, false, false, true, false, true, true, true]);
  });

  it("matches regular expressions with =~ and !~", async () => {
    expect(await ev(`["foobar" =~ "^fo+b", "foo" !~ "x", "abc" =~ "^[a-c]+$"]`)).toEqual([true, true, true]);
    const r = await run(fixture(), `RETURN "a" =~ "("`);
    expect(r.result).toEqual([null]);
    expect(r.warnings[0]?.code).toBe(1543);
  });
});

describe("ternary and range", () => {
  it("evaluates ?: and the shorthand ?:", async () => {
    expect(await ev("[1 > 0 ? 'yes' : 'no', null ? 1 : 2, 0 ?: 'fallback', 'v' ?: 'fallback', true ? false ? 1 : 2 : 3]")).toEqual([
      "yes", 2, "fallback", "v", 2,
    ]);
  });

  it("builds integer ranges up and down", async () => {
    expect(await ev("[1..4, 3..1, 2..2, '1'..2, 1.9..3.2]")).toEqual([[1, 2, 3, 4], [3, 2, 1], [2], [1, 2], [1, 2, 3]]);
  });
});

describe("attribute and index access", () => {
  it("reads attributes with . and [], null when missing or not an object", async () => {
    expect(await ev(`[{a: {b: 1}}.a.b, {a: 1}["a"], {a: 1}.x, null.a, "str".length, [1].a, {"a b": 2}["a b"], {}.constructor, {}.__proto__]`)).toEqual([
      1, 1, null, null, null, null, 2, null, null,
    ]);
  });

  it("indexes arrays from the start and the end", async () => {
    expect(await ev("[[1, 2, 3][0], [1, 2, 3][-1], [1, 2, 3][5], [1, 2, 3][-4], [1, 2, 3]['1'], 'abc'[0], {'1': 'x'}[1]]")).toEqual([
      1, 3, null, null, 2, null, "x",
    ]);
  });

  it("reads attributes named by bind parameters (string or path)", async () => {
    expect(await ev("{a: {b: 7}}.@p", { p: "a" })).toEqual({ b: 7 });
    expect(await ev("{a: {b: 7}}.@p", { p: ["a", "b"] })).toBe(7);
  });
});

describe("expansion [*]", () => {
  it("maps attribute paths over arrays", async () => {
    expect(await ev("[{a: 1}, {a: 2}, {b: 3}][*].a")).toEqual([1, 2, null]);
    expect(await ev("[{a: {b: [1, 2]}}, {a: {b: [3]}}][*].a.b[0]")).toEqual([1, 3]);
    expect(await ev("[1, 2][*]")).toEqual([1, 2]);
    expect(await ev("null[*]")).toEqual([]);
  });

  it("nests with nested [*] and flattens with [**]", async () => {
    expect(await ev("[{f: [{n: 1}, {n: 2}]}, {f: [{n: 3}]}][*].f[*].n")).toEqual([[1, 2], [3]]);
    expect(await ev("[[1, 2], [3, [4]]][**]")).toEqual([1, 2, 3, [4]]);
    expect(await ev("[[1, [2]], [[3]]][***]")).toEqual([1, 2, 3]);
  });

  it("supports inline FILTER, LIMIT and RETURN with CURRENT", async () => {
    expect(await ev("[1, 2, 3, 4, 5][* FILTER CURRENT % 2 == 1 RETURN CURRENT * 10]")).toEqual([10, 30, 50]);
    expect(await ev("[1, 2, 3, 4, 5][* LIMIT 1, 2]")).toEqual([2, 3]);
    expect(await ev("[{v: 1}, {v: 5}][* FILTER CURRENT.v > 2].v")).toEqual([5]);
  });

  it("works on documents", async () => {
    const r = await run(fixture(), "LET everyone = (FOR u IN users RETURN u) RETURN everyone[* FILTER CURRENT.group == 'b'].name");
    expect(r.result).toEqual([["dan", "eve", "fay"]]);
  });
});
