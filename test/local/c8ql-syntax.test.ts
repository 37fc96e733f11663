import { describe, expect, it } from "vitest";
import { parseQuery } from "../../src/local/c8ql/index.js";
import { extractRegion, tokenize } from "../../src/local/c8ql/lexer.js";
import { LocalError } from "../../src/local/errors.js";
import { ev, fixture, q } from "./c8ql-helpers.js";

function parseError(query: string): LocalError {
  try {
    parseQuery(query);
  } catch (e) {
    expect(e).toBeInstanceOf(LocalError);
    return e as LocalError;
  }
  throw new Error(`expected a parse error for ${query}`);
}

describe("syntax errors (400/1501, ArangoDB's message form)", () => {
  it("matches the recorded C8 answer", () => {
    const e = parseError("INVALID QUERY");
    expect([e.code, e.errorNum, e.message]).toEqual([
      400,
      1501,
      "syntax error, unexpected identifier near 'INVALID QUERY' at position 1:1",
    ]);
  });

  it.each([
    ["RETURN 1 RETURN 2", "syntax error, unexpected RETURN declaration near 'RETURN 2' at position 1:10"],
    ["FOR u IN users FILTER u.a == 1", "syntax error, unexpected end of query string near '1' at position 1:30"],
    ["RETURN", "syntax error, unexpected end of query string near 'RETURN' at position 1:1"],
    ["RETURN 1 +", "syntax error, unexpected end of query string near '+' at position 1:10"],
    ["FOR u IN users\n  FILTER u.a = 1\n  RETURN u", "syntax error, unexpected assignment near '= 1\n  RETURN u' at position 2:14"],
    ["RETURN 'abc' 'def'", "syntax error, unexpected quoted string near ''' at position 1:18"],
    ["RETURN 1 # 2", "syntax error, unexpected invalid token near '# 2' at position 1:10"],
    ["RETURN {a: 1", "syntax error, unexpected end of query string near '1' at position 1:12"],
    ["FOR 1 IN x RETURN 1", "syntax error, unexpected integer number near '1 IN x RETURN 1' at position 1:5"],
    ["RETURN @@", "syntax error, unexpected invalid token near '@@' at position 1:8"],
    ["RETURN 1.5 FILTER", "syntax error, unexpected FILTER declaration near 'FILTER' at position 1:12"],
    ["LET x = 1", "syntax error, unexpected end of query string near '1' at position 1:9"],
    ["UPDATE {} WITH {}", "syntax error, unexpected end of query string near '}' at position 1:17"],
    ["  \n  ", "syntax error, unexpected end of query string near '  ' at position 2:1"],
  ])("%j", (query, message) => {
    const e = parseError(query);
    expect(e.errorNum).toBe(1501);
    expect(e.message).toBe(message);
  });

  it("cuts the quoted region to 32 characters plus '...'", () => {
    const e = parseError("RETURN 1 RETURN " + "x".repeat(50));
    expect(e.message).toBe(`syntax error, unexpected RETURN declaration near 'RETURN ${"x".repeat(25)}...' at position 1:10`);
  });

  it("reports byte columns on later lines, like flex", () => {
    // 'ä' is two bytes: the column after it counts both
    const e = parseError("LET s = 'ä'\nRETURN s s");
    expect(e.message).toBe("syntax error, unexpected identifier near 's' at position 2:10");
    const e2 = parseError("RETURN 'ä' x");
    expect(e2.message).toBe("syntax error, unexpected identifier near 'x' at position 1:13");
  });

  it("extractRegion works on bytes and counts characters", () => {
    expect(extractRegion("abc\ndef", 2, 1)).toBe("ef");
    expect(extractRegion("a\r\nbc", 2, 0)).toBe("bc");
    expect(extractRegion("x".repeat(40), 1, 0)).toBe("x".repeat(32) + "...");
    expect(extractRegion("abc", 1, 10)).toBe("");
  });

  it("rejects an empty query (400/1502)", () => {
    const e = parseError("");
    expect([e.code, e.errorNum, e.message]).toEqual([400, 1502, "query is empty"]);
  });

  it("checks qualifiers of WITH COUNT and OPTIONS", () => {
    expect(parseError("FOR x IN y COLLECT a = x WITH FOO INTO c RETURN c").message).toMatch(
      /^unexpected qualifier 'FOO', expecting 'COUNT' near /,
    );
    expect(parseError("INSERT {} INTO c OPTINS {}").message).toMatch(/^unexpected qualifier 'OPTINS', expecting 'OPTIONS' near /);
  });

  it("rejects unknown functions (400/1540), wrong arity (400/1541), redeclared variables (400/1511)", () => {
    const f = parseError("RETURN foo(1)");
    expect([f.code, f.errorNum, f.message]).toEqual([400, 1540, "usage of unknown function 'FOO()'"]);
    const a = parseError("RETURN LENGTH()");
    expect([a.code, a.errorNum, a.message]).toEqual([
      400,
      1541,
      "invalid number of arguments for function 'LENGTH()', expected number of arguments: minimum: 1, maximum: 1",
    ]);
    const v = parseError("LET x = 1 LET x = 2 RETURN x");
    expect([v.code, v.errorNum, v.message]).toEqual([400, 1511, "variable 'x' is assigned multiple times"]);
    expect(parseError("RETURN MY::FN(1)").errorNum).toBe(1582);
    expect(parseError("FOR x IN [1] COLLECT AGGREGATE s = LOWER(x) RETURN s").errorNum).toBe(1574);
  });
});

describe("limits", () => {
  it("parses deep nesting, and answers 400/1524 instead of overflowing the stack", () => {
    // ArangoDB's limit is 500 levels of expression nesting
    expect(() => parseQuery("RETURN " + "[".repeat(490) + "1" + "]".repeat(490))).not.toThrow();
    const e = parseError("RETURN " + "(".repeat(50_000) + "1" + ")".repeat(50_000));
    expect([e.code, e.errorNum, e.message]).toEqual([400, 1524, "too much nesting or too many objects"]);
  });
});

describe("statement forms", () => {
  it("accepts WITH collections at the start, FOR … OPTIONS, COLLECT … OPTIONS", async () => {
    const db = fixture();
    expect(await q(db, "WITH users, knows FOR u IN users OPTIONS {indexHint: 'x'} COLLECT g = u.group OPTIONS {method: 'sorted'} RETURN g")).toEqual(["a", "b"]);
    await expect(q(db, "WITH nope RETURN 1")).rejects.toMatchObject({ errorNum: 1203 });
  });

  it("parses UPDATE/REMOVE operands where IN starts the collection, and IN inside brackets", async () => {
    const db = fixture();
    expect(await q(db, "FOR u IN users FILTER u._key == '1' UPDATE u WITH {inA: u.group IN ['a'], x: (1 IN [1])} IN users RETURN [NEW.inA, NEW.x]")).toEqual([[true, true]]);
    expect(parseQuery("REMOVE 'a' IN users").body[0]).toMatchObject({ t: "remove", coll: { name: "users" } });
  });

  it("reports NOT at the next character, as flex does", () => {
    const t = tokenize("RETURN NOT x");
    expect(t[1]).toMatchObject({ kind: "KEYWORD", value: "NOT", line: 1, col: 11 });
    expect(tokenize("a NOT\nIN b")[1]).toMatchObject({ kind: "NIN" });
  });
});

describe("lexer", () => {
  it("tokenizes keywords case-insensitively, identifiers, parameters and operators", () => {
    const kinds = tokenize("for X in @@c FiLtEr x.`a b` != @v && NOT IN 1..2 RETURN").map((t) => `${t.kind}:${t.value}`);
    expect(kinds).toEqual([
      "KEYWORD:FOR", "ID:X", "KEYWORD:IN", "DSPARAM:c", "KEYWORD:FILTER", "ID:x", "CHAR:.", "ID:a b", "OP:!=",
      "PARAM:v", "OP:&&", "NIN:NOT IN", "INT:1", "OP:..", "INT:2", "KEYWORD:RETURN", "END:",
    ]);
  });

  it("reads numbers like ArangoDB (1..2 is a range, 1.5e3 a double)", () => {
    const t = tokenize("1..2 1.5e3 0 1e-2 007");
    expect(t.map((x) => `${x.kind}:${x.num ?? x.value}`)).toEqual([
      "INT:1", "OP:..", "INT:2", "DBL:1500", "INT:0", "DBL:0.01", "INT:0", "INT:0", "INT:7", "END:",
    ]);
  });

  it("keeps keywords inside longer identifiers", () => {
    expect(tokenize("FORx INTO_ NOTHING").map((t) => t.kind)).toEqual(["ID", "ID", "ID", "END"]);
  });
});

describe("literals and comments", () => {
  it("reads strings with escapes in single and double quotes", async () => {
    expect(await ev(`"a\\"b\\n\\t\\\\c"`)).toBe('a"b\n\t\\c');
    expect(await ev(`'it\\'s \\u00e4'`)).toBe("it's ä");
    expect(await ev(`"x\\qy"`)).toBe("xqy");
  });

  it("reads numbers, booleans and null", async () => {
    expect(await ev("[1, -2, 1.5, 2e3, 1E-1, true, FALSE, null, NULL]")).toEqual([1, -2, 1.5, 2000, 0.1, true, false, null, null]);
  });

  it("ignores // and /* */ comments", async () => {
    const db = fixture();
    expect(await q(db, "// leading\nRETURN /* inline */ 1 /* multi\nline */ + 1 // trailing")).toEqual([2]);
  });

  it("accepts keywords in any case", async () => {
    const db = fixture();
    expect(await q(db, "for u in users filter u.age > 40 sort u.age desc limit 1 return u.name")).toEqual(["fay"]);
  });

  it("builds objects: names, quoted and keyword keys, shorthand, computed and @param keys", async () => {
    expect(await ev(`{ a: 1, "b c": 2, return: 3, [CONCAT("x", "y")]: 4, @k: 5 }`, { k: "kk" })).toEqual({
      a: 1,
      "b c": 2,
      return: 3,
      xy: 4,
      kk: 5,
    });
    const db = fixture();
    expect(await q(db, "LET a = 1 LET b = 'two' RETURN {a, b}")).toEqual([{ a: 1, b: "two" }]);
  });

  it("reads keywords used as attribute names with their spelling", async () => {
    expect(await ev("[{not: {x: 1}, Not: 2, in: 3}][* RETURN [CURRENT.not.x, CURRENT.Not, CURRENT.in]]")).toEqual([[1, 2, 3]]);
    const db = fixture();
    expect(await q(db, "LET d = {not: {x: 1}, Not: 2} RETURN [d.not.x, d.Not]")).toEqual([[1, 2]]);
  });

  it("builds nested arrays", async () => {
    expect(await ev("[[], [1, [2]], {x: [3]}]")).toEqual([[], [1, [2]], { x: [3] }]);
  });
});
