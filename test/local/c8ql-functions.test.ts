import { describe, expect, it } from "vitest";
import { ev, fixture, q, run } from "./c8ql-helpers.js";

describe("aggregate-like functions", () => {
  it("LENGTH / COUNT of every type and of a collection", async () => {
    expect(await ev("[LENGTH([1, 2]), LENGTH({a: 1, b: 2}), LENGTH('äbc'), LENGTH(null), LENGTH(true), LENGTH(false), LENGTH(123.5), COUNT([1])]")).toEqual([
      2, 2, 3, 0, 1, 0, 5, 1,
    ]);
    expect(await ev("[LENGTH(users), COUNT(empty)]")).toEqual([6, 0]);
  });

  it("SUM, MIN, MAX, AVERAGE/AVG skip nulls", async () => {
    expect(await ev("[SUM([1, 2, null, 3]), SUM([]), SUM([1, 'x']), MIN([3, null, 1, 2]), MAX([3, 'a', 1]), MIN([]), AVERAGE([1, 2, null, 3]), AVG([]), AVG([2, 4])]")).toEqual([
      6, 0, null, 1, "a", null, 2, null, 3,
    ]);
  });

  it("warn 1542 and answer null for a non-array", async () => {
    const r = await run(fixture(), "RETURN SUM('x')");
    expect(r.result).toEqual([null]);
    expect(r.warnings).toEqual([{ code: 1542, message: "invalid argument type in call to function 'SUM()'" }]);
  });
});

describe("string functions", () => {
  it("CONCAT and CONCAT_SEPARATOR skip nulls and expand one array", async () => {
    expect(await ev("[CONCAT('a', 1, null, true, [1, 2]), CONCAT(['x', null, 'y']), CONCAT_SEPARATOR(', ', 'a', null, 'b'), CONCAT_SEPARATOR('-', [1, 2, 3])]")).toEqual([
      "a1true[1,2]", "xy", "a, b", "1-2-3",
    ]);
  });

  it("UPPER, LOWER, SUBSTRING, CONTAINS, LIKE", async () => {
    expect(
      await ev(
        "[UPPER('abC'), LOWER('ÄbC'), SUBSTRING('Hello', 1, 3), SUBSTRING('Hello', -3), SUBSTRING('Hello', 2), CONTAINS('foobar', 'bar'), CONTAINS('foobar', 'x'), CONTAINS('foobar', 'bar', true), CONTAINS('foobar', 'x', true), LIKE('FooBar', 'foo%'), LIKE('FooBar', 'foo%', true)]",
      ),
    ).toEqual(["ABC", "äbc", "ell", "llo", "llo", true, false, 3, -1, false, true]);
  });

  it("SPLIT, TRIM, REVERSE", async () => {
    expect(
      await ev(
        "[SPLIT('a,b,c', ','), SPLIT('a,b,c', ',', 2), SPLIT('abc', ''), SPLIT('a-b_c', ['-', '_']), SPLIT('abc'), TRIM('  x  '), TRIM('  x  ', 1), TRIM('  x  ', 2), TRIM('--x--', '-'), REVERSE('abc'), REVERSE([1, 2, 3])]",
      ),
    ).toEqual([["a", "b", "c"], ["a", "b"], ["a", "b", "c"], ["a", "b", "c"], ["abc"], "x", "x  ", "  x", "x", "cba", [3, 2, 1]]);
  });
});

describe("document functions", () => {
  it("MERGE, KEEP, UNSET, HAS, ATTRIBUTES, VALUES, ZIP", async () => {
    expect(
      await ev(
        "[MERGE({a: 1, b: 1}, {b: 2}, {c: 3}), MERGE([{a: 1}, {a: 2}]), KEEP({a: 1, b: 2, c: 3}, 'a', 'c'), KEEP({a: 1, b: 2}, ['b']), UNSET({a: 1, b: 2, c: 3}, 'a', ['b']), HAS({a: null}, 'a'), HAS({a: 1}, 'b'), HAS('x', 'a')]",
      ),
    ).toEqual([{ a: 1, b: 2, c: 3 }, { a: 2 }, { a: 1, c: 3 }, { b: 2 }, { c: 3 }, true, false, false]);
    expect(await ev("[ATTRIBUTES({b: 1, _k: 2, a: 3}), ATTRIBUTES({b: 1, _k: 2, a: 3}, true, true), VALUES({a: 1, _b: 2}), VALUES({a: 1, _b: 2}, true), ZIP(['a', 'b'], [1, 2])]")).toEqual([
      ["b", "_k", "a"], ["a", "b"], [1, 2], [1], { a: 1, b: 2 },
    ]);
  });

  it("MERGE of a non-object warns and answers null", async () => {
    const r = await run(fixture(), "RETURN MERGE({a: 1}, 5)");
    expect(r.result).toEqual([null]);
    expect(r.warnings[0]?.code).toBe(1542);
  });

  it("DOCUMENT by id, ids, collection and key(s); null or skipped when missing", async () => {
    const db = fixture();
    const [one, many, byKey, byKeys, missing, noColl, byIdent] = (await q(
      db,
      "RETURN [DOCUMENT('users/1').name, DOCUMENT(['users/2', 'users/99', 'users/3'])[*].name, DOCUMENT('users', '4').name, DOCUMENT('users', ['5', 'x'])[*].name, DOCUMENT('users/99'), DOCUMENT('nope/1'), DOCUMENT(users, '6').name]",
    ))[0] as unknown[];
    expect([one, many, byKey, byKeys, missing, noColl, byIdent]).toEqual(["ann", ["bob", "cid"], "dan", ["eve"], null, null, "fay"]);
  });

  it("FIRST_DOCUMENT and NOT_NULL pick the first fitting argument", async () => {
    expect(await ev("[FIRST_DOCUMENT(null, 1, {a: 1}, {b: 2}), FIRST_DOCUMENT(1), NOT_NULL(null, 0, 1), NOT_NULL(null)]")).toEqual([
      { a: 1 }, null, 0, null,
    ]);
  });
});

describe("array functions", () => {
  it("FIRST, LAST, PUSH, APPEND, UNIQUE, SORTED, FLATTEN", async () => {
    expect(
      await ev(
        "[FIRST([1, 2]), FIRST([]), LAST([1, 2]), PUSH([1], 2), PUSH([1, 2], 2, true), PUSH(null, 1), APPEND([1], [2, 3]), APPEND([1, 2], [2, 3], true), APPEND([1], 4), UNIQUE([1, '1', 1, [1], [1], {a: 1}, {a: 1}]), SORTED([3, 'a', null, 1, [0], true]), FLATTEN([1, [2, [3, [4]]]]), FLATTEN([1, [2, [3, [4]]]], 2)]",
      ),
    ).toEqual([
      1, null, 2, [1, 2], [1, 2], [1], [1, 2, 3], [1, 2, 3], [1, 4], [1, "1", [1], { a: 1 }], [null, true, 1, 3, "a", [0]],
      [1, 2, [3, [4]]], [1, 2, 3, [4]],
    ]);
  });

  it("RANGE, POSITION, SLICE", async () => {
    expect(
      await ev(
        "[RANGE(1, 4), RANGE(4, 1), RANGE(0, 1, 0.5), RANGE(1, 10, 3), POSITION([1, 2, 3], 2), POSITION([1, 2, 3], 4), POSITION([1, 2, 3], 3, true), POSITION([1, 2], 5, true), SLICE([1, 2, 3, 4, 5], 1), SLICE([1, 2, 3, 4, 5], 1, 2), SLICE([1, 2, 3, 4, 5], -2), SLICE([1, 2, 3, 4, 5], 1, -1)]",
      ),
    ).toEqual([[1, 2, 3, 4], [4, 3, 2, 1], [0, 0.5, 1], [1, 4, 7, 10], true, false, 2, -1, [2, 3, 4, 5], [2, 3], [4, 5], [2, 3, 4]]);
  });
});

describe("type functions", () => {
  it("TO_NUMBER, TO_STRING, TO_BOOL, TO_ARRAY", async () => {
    expect(await ev("[TO_NUMBER('12.5'), TO_NUMBER('x'), TO_NUMBER(true), TO_NUMBER(null), TO_NUMBER([7]), TO_NUMBER([1, 2]), TO_NUMBER({})]")).toEqual([
      12.5, 0, 1, 0, 7, 0, 0,
    ]);
    expect(await ev("[TO_STRING(1.5), TO_STRING(null), TO_STRING(true), TO_STRING([1, 'a']), TO_STRING({a: 1}), TO_STRING(-0)]")).toEqual([
      "1.5", "", "true", '[1,"a"]', '{"a":1}', "0",
    ]);
    expect(await ev("[TO_BOOL(0), TO_BOOL(2), TO_BOOL(''), TO_BOOL(' '), TO_BOOL([]), TO_BOOL({}), TO_BOOL(null)]")).toEqual([
      false, true, false, true, true, true, false,
    ]);
    expect(await ev("[TO_ARRAY(null), TO_ARRAY(1), TO_ARRAY([2]), TO_ARRAY({a: 3, b: 4})]")).toEqual([[], [1], [2], [3, 4]]);
  });

  it("IS_NULL, IS_NUMBER, IS_STRING, IS_ARRAY, IS_OBJECT", async () => {
    expect(await ev("[IS_NULL(null), IS_NULL(0), IS_NUMBER(1), IS_NUMBER('1'), IS_STRING('s'), IS_STRING(1), IS_ARRAY([]), IS_ARRAY({}), IS_OBJECT({}), IS_OBJECT([]), IS_BOOL(false)]")).toEqual([
      true, false, true, false, true, false, true, false, true, false, true,
    ]);
  });
});

describe("numeric functions", () => {
  it("ROUND, FLOOR, CEIL, ABS", async () => {
    expect(await ev("[ROUND(2.5), ROUND(-2.5), ROUND(2.4), FLOOR(-1.5), CEIL(1.2), ABS(-3), ABS('-4'), ROUND('x')]")).toEqual([
      3, -2, 2, -2, 2, 3, 4, 0,
    ]);
  });
});

describe("DATE_NOW and SLEEP", () => {
  it("DATE_NOW is the wall clock in ms", async () => {
    const before = Date.now();
    const now = (await ev("DATE_NOW()")) as number;
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThan(before + 5000);
  });

  it("SLEEP delays the answer without blocking the event loop", async () => {
    const db = fixture();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t = performance.now();
    const r = await run(db, "RETURN SLEEP(0.1)");
    clearInterval(timer);
    expect(r.result).toEqual([null]);
    expect(performance.now() - t).toBeGreaterThanOrEqual(95);
    expect(ticks).toBeGreaterThan(3);
    expect(r.stats.executionTime).toBeGreaterThanOrEqual(0.095);
  });

  it("SLEEP is abortable: the query rejects with the signal's reason", async () => {
    const db = fixture();
    const ac = new AbortController();
    const t = performance.now();
    const p = run(db, "RETURN SLEEP(5)", { signal: ac.signal });
    setTimeout(() => ac.abort(new Error("killed")), 20);
    await expect(p).rejects.toThrow("killed");
    expect(performance.now() - t).toBeLessThan(1000);
    const pre = new AbortController();
    pre.abort("already");
    await expect(run(db, "RETURN 1", { signal: pre.signal })).rejects.toBe("already");
  });

  it("writes before a SLEEP are applied even when the wait is aborted", async () => {
    const db = fixture();
    const ac = new AbortController();
    const p = run(db, "INSERT {_key: 'z', s: SLEEP(5)} INTO empty", { signal: ac.signal });
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
    expect(db.collection("empty").count()).toBe(1);
  });
});
