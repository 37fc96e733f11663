/**
 * C8QL lexer. Mirrors ArangoDB's flex scanner (tokens.ll), including how it tracks positions, because
 * syntax-error messages quote them: every matched rule (whitespace and comments too) sets the location to
 * (line, byte column at its start), a token reports the location of its last rule (a quoted string: its
 * closing quote), and the end of input reports the location of the last rule matched.
 */

export type TokenKind =
  | "KEYWORD" // value: upper-case keyword
  | "ID" // identifier (also `backticked`)
  | "QSTR" // quoted string
  | "INT"
  | "DBL"
  | "PARAM" // @name
  | "DSPARAM" // @@name
  | "OP" // operators and punctuation, value: the text
  | "NIN" // NOT IN
  | "CHAR" // a character the grammar knows only as itself ('.')
  | "INVALID"
  | "END";

export interface Token {
  kind: TokenKind;
  /** keyword (upper-case), identifier/string (unescaped), operator text, parameter name, number text */
  value: string;
  /** numeric value of INT/DBL */
  num?: number;
  /** flex location: 1-based line, 0-based byte column */
  line: number;
  col: number;
  /** UTF-16 offset where the token's text starts (for diagnostics) */
  offset: number;
}

export const KEYWORDS = new Set([
  "FOR", "LET", "FILTER", "RETURN", "COLLECT", "SORT", "LIMIT", "WINDOW", "DISTINCT", "AGGREGATE", "ASC", "DESC",
  "NOT", "AND", "OR", "IN", "INTO", "WITH", "REMOVE", "INSERT", "UPDATE", "REPLACE", "UPSERT", "GRAPH",
  "SHORTEST_PATH", "K_SHORTEST_PATHS", "K_PATHS", "ALL_SHORTEST_PATHS", "OUTBOUND", "INBOUND", "ANY", "ALL", "NONE",
  "LIKE", "NULL", "TRUE", "FALSE",
]);

/** Bison's names for the tokens ("syntax error, unexpected <name>"). */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case "END":
      return "end of query string";
    case "ID":
      return "identifier";
    case "QSTR":
      return "quoted string";
    case "INT":
      return "integer number";
    case "DBL":
      return "number";
    case "PARAM":
      return "bind parameter";
    case "DSPARAM":
      return "bind data source parameter";
    case "NIN":
      return "not in operator";
    case "CHAR":
      return `'${t.value}'`;
    case "INVALID":
      return "invalid token";
    case "KEYWORD":
      return KEYWORD_NAMES[t.value] ?? t.value;
    case "OP":
      return OP_NAMES[t.value] ?? t.value;
  }
}

const KEYWORD_NAMES: Record<string, string> = {
  FOR: "FOR declaration", LET: "LET declaration", FILTER: "FILTER declaration", RETURN: "RETURN declaration",
  COLLECT: "COLLECT declaration", SORT: "SORT declaration", LIMIT: "LIMIT declaration", WINDOW: "WINDOW declaration",
  ASC: "ASC keyword", DESC: "DESC keyword", IN: "IN keyword", WITH: "WITH keyword", INTO: "INTO keyword",
  AGGREGATE: "AGGREGATE keyword", GRAPH: "GRAPH keyword", SHORTEST_PATH: "SHORTEST_PATH keyword",
  K_SHORTEST_PATHS: "K_SHORTEST_PATHS keyword", K_PATHS: "K_PATHS keyword",
  ALL_SHORTEST_PATHS: "ALL_SHORTEST_PATHS keyword", DISTINCT: "DISTINCT modifier", REMOVE: "REMOVE command",
  INSERT: "INSERT command", UPDATE: "UPDATE command", REPLACE: "REPLACE command", UPSERT: "UPSERT command",
  NULL: "null", TRUE: "true", FALSE: "false", NOT: "not operator", AND: "and operator", OR: "or operator",
  LIKE: "like operator", OUTBOUND: "outbound modifier", INBOUND: "inbound modifier", ANY: "any modifier",
  ALL: "all modifier", NONE: "none modifier",
};

const OP_NAMES: Record<string, string> = {
  "=": "assignment", "!": "not operator", "&&": "and operator", "||": "or operator", "=~": "~= operator",
  "!~": "~! operator", "==": "== operator", "!=": "!= operator", "<": "< operator", ">": "> operator",
  "<=": "<= operator", ">=": ">= operator", "+": "+ operator", "-": "- operator", "*": "* operator",
  "/": "/ operator", "%": "% operator",
};

// longest first
const OPERATORS = [
  "=~", "!~", "==", "!=", ">=", "<=", "&&", "||", "::", "..", ">", "<", "=", "!", "+", "-", "*", "/", "%", "?", ":",
  ",", "(", ")", "{", "}", "[", "]",
];

function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57) || c === 95;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isParamChar(c: number): boolean {
  return isIdChar(c);
}

/** UTF-8 byte length of the UTF-16 range [from, to). */
function byteLength(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) n += 4; // a surrogate pair is 4 bytes, counted at its first half
    else if (c >= 0xdc00 && c <= 0xdfff) n += 0;
    else n += 3;
  }
  return n;
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" };

/** Unescapes the inside of a quoted string or backticked name like ArangoDB's registerEscapedString. */
function unescape(s: string): string {
  if (!s.includes("\\")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const e = s[++i]!;
    if (e === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
      i += 4;
    } else {
      out += ESCAPES[e] ?? e;
    }
  }
  return out;
}

/** Splits a query into tokens (always ends with an END token). Never throws: bad input becomes INVALID/END. */
export function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  const n = q.length;
  let i = 0;
  let line = 1;
  let col = 0;
  // location of the last matched rule
  let lastLine = 1;
  let lastCol = 0;

  /** One flex rule matched the text [from, to): set the location, advance the column. */
  const rule = (from: number, to: number, newlines = 0) => {
    line += newlines;
    lastLine = line;
    lastCol = col;
    col += byteLength(q, from, to);
  };
  const push = (kind: TokenKind, value: string, offset: number, num?: number) => {
    const t: Token = { kind, value, line: lastLine, col: lastCol, offset };
    if (num !== undefined) t.num = num;
    tokens.push(t);
  };

  while (i < n) {
    const c = q.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 9 || c === 13) {
      let j = i + 1;
      while (j < n && (q.charCodeAt(j) === 32 || q.charCodeAt(j) === 9 || q.charCodeAt(j) === 13)) j++;
      rule(i, j);
      i = j;
      continue;
    }
    if (c === 10) {
      rule(i, i + 1, 1);
      col = 0;
      i++;
      continue;
    }
    // comments
    if (c === 47 && q.charCodeAt(i + 1) === 47) {
      rule(i, i + 2);
      i += 2;
      let j = i;
      while (j < n && q.charCodeAt(j) !== 10) j++;
      if (j > i) rule(i, j);
      if (j < n) {
        rule(j, j + 1, 1);
        col = 0;
        j++;
      }
      i = j;
      continue;
    }
    if (c === 47 && q.charCodeAt(i + 1) === 42) {
      rule(i, i + 2);
      i += 2;
      let closed = false;
      while (i < n) {
        const d = q.charCodeAt(i);
        if (d === 42 && q.charCodeAt(i + 1) === 47) {
          rule(i, i + 2);
          i += 2;
          closed = true;
          break;
        }
        if (d === 10) {
          rule(i, i + 1, 1);
          col = 0;
          i++;
        } else if (d === 42) {
          rule(i, i + 1);
          i++;
        } else {
          let j = i;
          while (j < n && q.charCodeAt(j) !== 42 && q.charCodeAt(j) !== 10) j++;
          rule(i, j);
          i = j;
        }
      }
      if (!closed) break;
      continue;
    }
    // identifiers and keywords: $?[a-zA-Z][_a-zA-Z0-9]* | _+[a-zA-Z]+[_a-zA-Z0-9]*
    if (isIdStart(c) || (c === 36 && isIdStart(q.charCodeAt(i + 1))) || c === 95) {
      let j = i;
      let ok = true;
      if (c === 95) {
        while (j < n && q.charCodeAt(j) === 95) j++;
        if (!isIdStart(q.charCodeAt(j))) ok = false;
      } else if (c === 36) j++;
      if (ok) {
        while (j < n && isIdChar(q.charCodeAt(j))) j++;
        const text = q.slice(i, j);
        const upper = text.toUpperCase();
        rule(i, j);
        if (upper === "NOT") {
          const notAt = i;
          i = j;
          // flex's NOT state: skip blanks (each a rule, columns not reset on newline), then IN → NOT IN,
          // else the next character is matched, pushed back, and T_NOT reported at its location
          for (;;) {
            if (i >= n) {
              push("KEYWORD", "NOT", notAt);
              break;
            }
            const d = q.charCodeAt(i);
            if (d === 32 || d === 9 || d === 13 || d === 10) {
              rule(i, i + 1, d === 10 ? 1 : 0);
              i++;
              continue;
            }
            if ((d === 73 || d === 105) && (q.charCodeAt(i + 1) === 78 || q.charCodeAt(i + 1) === 110)) {
              rule(i, i + 2);
              push("NIN", "NOT IN", notAt);
              i += 2;
              break;
            }
            lastLine = line;
            lastCol = col;
            col += 1;
            push("KEYWORD", "NOT", notAt);
            break;
          }
          continue;
        }
        if (KEYWORDS.has(upper)) push("KEYWORD", upper, i);
        else push("ID", text, i);
        i = j;
        continue;
      }
    }
    // quoted strings and backticked names
    if (c === 34 || c === 39 || c === 96 || c === 0xb4) {
      rule(i, i + 1);
      const start = i + 1;
      let j = start;
      let closed = false;
      while (j < n) {
        const d = q.charCodeAt(j);
        if (d === c) {
          rule(j, j + 1);
          closed = true;
          break;
        }
        if (d === 92 && j + 1 < n) {
          const nl = q.charCodeAt(j + 1) === 10 ? 1 : 0;
          rule(j, j + 2, nl);
          j += 2;
          continue;
        }
        // newlines inside quotes count lines but (as in flex) do not reset the column
        rule(j, j + 1, d === 10 ? 1 : 0);
        j++;
      }
      if (!closed) {
        i = n;
        break;
      }
      const text = unescape(q.slice(start, j));
      push(c === 34 || c === 39 ? "QSTR" : "ID", text, i);
      i = j + 1;
      continue;
    }
    // numbers: (0|[1-9][0-9]*) and (0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
    if (isDigit(c)) {
      let j = c === 48 ? i + 1 : i;
      if (c !== 48) while (j < n && isDigit(q.charCodeAt(j))) j++;
      let dbl = false;
      if (q.charCodeAt(j) === 46 && isDigit(q.charCodeAt(j + 1))) {
        j += 2;
        while (j < n && isDigit(q.charCodeAt(j))) j++;
        dbl = true;
      }
      const e = q.charCodeAt(j);
      if (e === 101 || e === 69) {
        let k = j + 1;
        if (q.charCodeAt(k) === 43 || q.charCodeAt(k) === 45) k++;
        if (isDigit(q.charCodeAt(k))) {
          while (k < n && isDigit(q.charCodeAt(k))) k++;
          j = k;
          dbl = true;
        }
      }
      const text = q.slice(i, j);
      rule(i, j);
      push(dbl ? "DBL" : "INT", text, i, Number(text));
      i = j;
      continue;
    }
    // bind parameters: @@?(_+[a-zA-Z0-9]+[a-zA-Z0-9_]*|[a-zA-Z0-9][a-zA-Z0-9_]*)
    if (c === 64) {
      const ds = q.charCodeAt(i + 1) === 64;
      const s = i + (ds ? 2 : 1);
      let j = s;
      while (j < n && q.charCodeAt(j) === 95) j++;
      const afterUnderscores = j;
      while (j < n && isParamChar(q.charCodeAt(j))) j++;
      const name = q.slice(s, j);
      const valid =
        name.length > 0 &&
        (afterUnderscores === s || (afterUnderscores < j && q.charCodeAt(afterUnderscores) !== 95));
      if (valid) {
        rule(i, j);
        push(ds ? "DSPARAM" : "PARAM", name, i);
        i = j;
        continue;
      }
    }
    // operators and punctuation
    let op: string | undefined;
    for (const o of OPERATORS) {
      if (q.startsWith(o, i)) {
        op = o;
        break;
      }
    }
    if (op !== undefined) {
      rule(i, i + op.length);
      push("OP", op, i);
      i += op.length;
      continue;
    }
    // anything else is returned as itself; the grammar only knows '.'
    const cp = q.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    rule(i, i + len);
    push(c === 46 ? "CHAR" : "INVALID", q.slice(i, i + len), i);
    i += len;
  }
  tokens.push({ kind: "END", value: "", line: lastLine, col: lastCol, offset: n });
  return tokens;
}

/** ArangoDB's QueryString::extractRegion: up to 32 characters from (line, column), "..." when cut. */
export function extractRegion(q: string, line: number, column: number): string {
  const buf = Buffer.from(q, "utf8");
  let curLine = 1;
  let curCol = 0;
  let p = 0;
  while (p < buf.length && buf[p] !== 0) {
    if (curLine > line || (curLine >= line && curCol >= column)) break;
    const c = buf[p];
    if (c === 10) {
      p++;
      curLine++;
      curCol = 0;
    } else if (c === 13) {
      p++;
      curLine++;
      curCol = 0;
      if (buf[p] === 10) p++;
    } else {
      curCol++;
      p++;
    }
  }
  let end = p;
  let chars = 0;
  while (end < buf.length) {
    const c = buf[end]!;
    if ((c & 128) === 0 || (c & 192) === 192) {
      if (++chars > 32) break;
    }
    end++;
  }
  return buf.toString("utf8", p, end) + (end !== buf.length ? "..." : "");
}
