/**
 * The expression half of the C8QL parser: tokens, errors with ArangoDB's positions, variable scopes, and
 * expressions by precedence climbing over ArangoDB's operator levels. Statements live in parser.ts.
 */
import { LocalError } from "../errors.js";
import type { BinOp, CollRef, Expr, ObjEntry, Statement, VarRef } from "./ast.js";
import { AGGREGATES, FUNCTIONS } from "./functions.js";
import { describeToken, extractRegion, tokenize, type Token } from "./lexer.js";

type Scope = Map<string, VarRef>;
/** One (sub)query: its scope stack, the first being its base scope. */
export interface Level {
  scopes: Scope[];
}

/** ArangoDB's Ast::maxExpressionNesting: deeper expressions (and subqueries) answer 400/1524. */
export const MAX_EXPRESSION_NESTING = 500;

export function tooMuchNesting(): LocalError {
  return new LocalError(400, 1524, "too much nesting or too many objects");
}

/** Keywords that start a statement (and so a subquery after "("). */
export const STATEMENT_KEYWORDS = new Set([
  "FOR", "LET", "FILTER", "COLLECT", "SORT", "LIMIT", "RETURN", "INSERT", "UPDATE", "REPLACE", "REMOVE", "UPSERT",
]);

export abstract class ExpressionParser {
  protected readonly toks: Token[];
  protected pos = 0;
  protected slots = 0;
  protected readonly levels: Level[] = [];
  protected readonly expansions: number[] = [];
  /** open parseExpr/parseUnary calls: checked before recursing so that no input overflows the stack */
  private nesting = 0;
  /** while parsing the operand of INSERT/UPDATE/REPLACE/REMOVE, a top-level IN starts the collection part */
  protected noIn = false;
  readonly params = new Set<string>();
  readonly dsParams = new Set<string>();
  readonly collections = new Set<string>();
  readonly writes: CollRef[] = [];

  constructor(protected readonly text: string) {
    this.toks = tokenize(text);
  }

  /** Statements of a (sub)query (parser.ts). */
  protected abstract parseBody(): Statement[];

  // ------------------------------------------------------------------------------------------- tokens

  protected peek(ahead = 0): Token {
    return this.toks[Math.min(this.pos + ahead, this.toks.length - 1)]!;
  }
  protected next(): Token {
    const t = this.peek();
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }
  protected isKw(kw: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "KEYWORD" && t.value === kw;
  }
  protected isOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "OP" && t.value === op;
  }
  protected expectKw(kw: string): Token {
    if (!this.isKw(kw)) throw this.syntaxError(this.peek());
    return this.next();
  }
  protected expectOp(op: string): Token {
    if (!this.isOp(op)) throw this.syntaxError(this.peek());
    return this.next();
  }
  protected expectId(): Token {
    if (this.peek().kind !== "ID") throw this.syntaxError(this.peek());
    return this.next();
  }

  protected where(t: Token): string {
    return ` near '${extractRegion(this.text, t.line, t.col)}' at position ${t.line}:${t.col + 1}`;
  }
  protected syntaxError(t: Token): LocalError {
    return new LocalError(400, 1501, `syntax error, unexpected ${describeToken(t)}${this.where(t)}`);
  }
  protected parseError(message: string, t: Token): LocalError {
    return new LocalError(400, 1501, message + this.where(t));
  }

  // ---------------------------------------------------------------------------------------- variables

  protected get level(): Level {
    return this.levels[this.levels.length - 1]!;
  }

  protected lookup(name: string): VarRef | undefined {
    for (let l = this.levels.length - 1; l >= 0; l--) {
      const scopes = this.levels[l]!.scopes;
      for (let s = scopes.length - 1; s >= 0; s--) {
        const v = scopes[s]!.get(name);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  protected declare(name: string): VarRef {
    if (name !== "NEW" && name !== "OLD" && this.lookup(name) !== undefined) {
      throw new LocalError(400, 1511, `variable '${name}' is assigned multiple times`);
    }
    const v: VarRef = { slot: this.slots++, name };
    const scopes = this.level.scopes;
    scopes[scopes.length - 1]!.set(name, v);
    return v;
  }

  /** Variables visible in the current query level (what COLLECT … INTO copies). */
  protected visibleHere(): VarRef[] {
    const seen = new Map<string, VarRef>();
    for (const s of this.level.scopes) for (const [k, v] of s) seen.set(k, v);
    return [...seen.values()];
  }

  /** An identifier in an expression: a variable in scope, or else a collection (as ArangoDB decides). */
  protected resolve(name: string): Expr {
    if (name === "CURRENT" && this.expansions.length > 0) {
      return { t: "var", slot: this.expansions[this.expansions.length - 1]!, name };
    }
    const v = this.lookup(name);
    if (v !== undefined) return { t: "var", slot: v.slot, name };
    this.collections.add(name);
    return { t: "coll", name };
  }

  protected useParam(key: string, asCollection: boolean): string {
    this.params.add(key);
    if (asCollection) this.dsParams.add(key);
    return key;
  }

  // -------------------------------------------------------------------------------------- expressions

  /** An expression before `IN collection` (data modification): IN is not an operator at its top level. */
  protected parseOperand(): Expr {
    const save = this.noIn;
    this.noIn = true;
    try {
      return this.parseExpr();
    } finally {
      this.noIn = save;
    }
  }

  /** Parses a bracketed part, where IN is an operator again. */
  protected nested<T>(fn: () => T): T {
    const save = this.noIn;
    this.noIn = false;
    try {
      return fn();
    } finally {
      this.noIn = save;
    }
  }

  parseExpr(aggregate = false): Expr {
    if (++this.nesting > MAX_EXPRESSION_NESTING) throw tooMuchNesting();
    try {
      return this.parseTernary(aggregate);
    } finally {
      this.nesting--;
    }
  }

  private parseTernary(aggregate: boolean): Expr {
    const c = this.parseBinary(0, aggregate);
    if (!this.isOp("?")) return c;
    this.next();
    if (this.isOp(":")) {
      this.next();
      return { t: "ternary", c, b: this.parseExpr() };
    }
    const a = this.parseExpr();
    this.expectOp(":");
    return { t: "ternary", c, a, b: this.parseExpr() };
  }

  /** Binary operators by precedence climbing over ArangoDB's levels (0 = OR … 7 = * / %), all left-associative. */
  protected parseBinary(minPrec: number, aggregate = false): Expr {
    let l = this.parseUnary(aggregate);
    for (;;) {
      const found = this.binaryOp(minPrec);
      if (found === undefined) return l;
      const r = this.parseBinary(found.prec + 1);
      l = { t: "bin", op: found.op, l, r };
    }
  }

  /** The binary operator at the current token if its precedence is at least `minPrec` (consumed). */
  protected binaryOp(minPrec: number): { op: BinOp; prec: number } | undefined {
    const t = this.peek();
    const v = t.kind === "OP" || t.kind === "KEYWORD" ? t.value : t.kind === "NIN" ? "NIN" : "";
    let op: BinOp | undefined;
    let prec = -1;
    let width = 1;
    switch (v) {
      case "OR":
      case "||":
        [op, prec] = ["or", 0];
        break;
      case "AND":
      case "&&":
        [op, prec] = ["and", 1];
        break;
      case "==":
      case "!=":
      case "=~":
      case "!~":
        [op, prec] = [v, 2];
        break;
      case "LIKE":
        [op, prec] = ["like", 2];
        break;
      case "NOT":
        if (this.isKw("LIKE", 1)) [op, prec, width] = ["nlike", 2, 2];
        break;
      case "IN":
        if (!this.noIn) [op, prec] = ["in", 3];
        break;
      case "NIN":
        [op, prec] = ["nin", 3];
        break;
      case "<":
      case "<=":
      case ">":
      case ">=":
        [op, prec] = [v, 4];
        break;
      case "..":
        [op, prec] = ["..", 5];
        break;
      case "+":
      case "-":
        [op, prec] = [v, 6];
        break;
      case "*":
      case "/":
      case "%":
        [op, prec] = [v, 7];
        break;
    }
    if (op === undefined || prec < minPrec) return undefined;
    for (let i = 0; i < width; i++) this.next();
    return { op, prec };
  }

  protected parseUnary(aggregate = false): Expr {
    const t = this.peek();
    if (t.kind === "OP" && (t.value === "-" || t.value === "+")) {
      this.next();
      const e = this.nestedUnary();
      if (t.value === "-" && e.t === "lit" && typeof e.v === "number") return { t: "lit", v: -e.v };
      return { t: "unary", op: t.value, e };
    }
    if ((t.kind === "OP" && t.value === "!") || (t.kind === "KEYWORD" && t.value === "NOT")) {
      this.next();
      return { t: "unary", op: "!", e: this.nestedUnary() };
    }
    return this.parsePostfix(this.parsePrimary(aggregate));
  }

  private nestedUnary(): Expr {
    if (++this.nesting > MAX_EXPRESSION_NESTING) throw tooMuchNesting();
    try {
      return this.parseUnary();
    } finally {
      this.nesting--;
    }
  }

  protected parsePostfix(base: Expr): Expr {
    let e = base;
    for (;;) {
      const t = this.peek();
      if (t.kind === "CHAR" && t.value === ".") {
        this.next();
        const a = this.next();
        if (a.kind === "ID" || a.kind === "KEYWORD") e = { t: "attr", obj: e, name: a.kind === "KEYWORD" ? this.original(a) : a.value };
        else if (a.kind === "PARAM") e = { t: "attrParam", obj: e, param: this.useParam(a.value, false) };
        else throw this.syntaxError(a);
      } else if (t.kind === "OP" && t.value === "[") {
        if (this.isOp("*", 1)) return this.parseExpansion(e);
        this.next();
        const index = this.nested(() => this.parseExpr());
        this.expectOp("]");
        e = { t: "index", obj: e, index };
      } else return e;
    }
  }

  /** A keyword used as an attribute name keeps its spelling. */
  protected original(t: Token): string {
    return this.text.slice(t.offset, t.offset + t.value.length);
  }

  /** `[*]`, `[**]`, `[* FILTER … LIMIT … RETURN …]`, then the path applied to each element. */
  protected parseExpansion(src: Expr): Expr {
    return this.nested(() => this.parseExpansionInner(src));
  }

  protected parseExpansionInner(src: Expr): Expr {
    this.next(); // [
    let depth = 0;
    while (this.isOp("*")) {
      this.next();
      depth++;
    }
    const slot = this.slots++;
    this.expansions.push(slot);
    const e: Expr & { t: "expand" } = { t: "expand", src, depth, slot };
    if (this.isKw("FILTER")) {
      this.next();
      e.filter = this.parseExpr();
    }
    if (this.isKw("LIMIT")) {
      this.next();
      const a = this.parseExpr();
      if (this.isOp(",")) {
        this.next();
        e.limit = [a, this.parseExpr()];
      } else e.limit = [{ t: "lit", v: 0 }, a];
    }
    if (this.isKw("RETURN")) {
      this.next();
      e.ret = this.parseExpr();
    }
    this.expectOp("]");
    const cur: Expr = { t: "var", slot, name: "CURRENT" };
    const proj = this.parsePostfix(cur);
    if (proj !== cur) e.proj = proj;
    this.expansions.pop();
    return e;
  }

  protected parsePrimary(aggregate = false): Expr {
    return this.nested(() => this.parsePrimaryInner(aggregate));
  }

  protected parsePrimaryInner(aggregate: boolean): Expr {
    const t = this.next();
    switch (t.kind) {
      case "INT":
      case "DBL":
        // out-of-range literals are null in ArangoDB (with a warning)
        return { t: "lit", v: Number.isFinite(t.num) ? t.num! : null };
      case "QSTR":
        return { t: "lit", v: t.value };
      case "PARAM":
        return { t: "param", name: this.useParam(t.value, false) };
      case "DSPARAM":
        return { t: "dsparam", name: this.useParam("@" + t.value, true) };
      case "KEYWORD":
        // LIKE is also a function
        if (t.value === "LIKE" && this.isOp("(")) return this.parseCall(t, aggregate);
        if (t.value === "NULL") return { t: "lit", v: null };
        if (t.value === "TRUE") return { t: "lit", v: true };
        if (t.value === "FALSE") return { t: "lit", v: false };
        throw this.syntaxError(t);
      case "ID": {
        if (this.isOp("(") || this.isOp("::")) return this.parseCall(t, aggregate);
        return this.resolve(t.value);
      }
      case "OP":
        if (t.value === "(") {
          const n = this.peek();
          if (n.kind === "KEYWORD" && STATEMENT_KEYWORDS.has(n.value)) {
            this.levels.push({ scopes: [new Map()] });
            const body = this.parseBody();
            this.levels.pop();
            this.expectOp(")");
            return { t: "subquery", body };
          }
          const e = this.parseExpr();
          this.expectOp(")");
          return e;
        }
        if (t.value === "[") {
          const items: Expr[] = [];
          if (!this.isOp("]")) {
            for (;;) {
              items.push(this.parseExpr());
              if (!this.isOp(",")) break;
              this.next();
            }
          }
          this.expectOp("]");
          return { t: "arr", items };
        }
        if (t.value === "{") return this.parseObject();
        throw this.syntaxError(t);
      default:
        throw this.syntaxError(t);
    }
  }

  protected parseObject(): Expr {
    const entries: ObjEntry[] = [];
    if (!this.isOp("}")) {
      for (;;) {
        const k = this.next();
        if (k.kind === "ID" && (this.isOp(",") || this.isOp("}"))) {
          entries.push({ k: "name", name: k.value, v: this.resolve(k.value) });
        } else if (k.kind === "ID" || k.kind === "QSTR" || k.kind === "KEYWORD") {
          this.expectOp(":");
          entries.push({ k: "name", name: k.kind === "KEYWORD" ? this.original(k) : k.value, v: this.parseExpr() });
        } else if (k.kind === "PARAM") {
          this.expectOp(":");
          entries.push({ k: "param", param: this.useParam(k.value, false), v: this.parseExpr() });
        } else if (k.kind === "OP" && k.value === "[") {
          const key = this.parseExpr();
          this.expectOp("]");
          this.expectOp(":");
          entries.push({ k: "computed", key, v: this.parseExpr() });
        } else throw this.syntaxError(k);
        if (!this.isOp(",")) break;
        this.next();
      }
    }
    this.expectOp("}");
    return { t: "obj", entries };
  }

  protected parseCall(nameTok: Token, aggregate: boolean): Expr {
    let name = nameTok.value;
    let user = false;
    while (this.isOp("::")) {
      this.next();
      name += "::" + this.expectId().value;
      user = true;
    }
    this.expectOp("(");
    const args: Expr[] = [];
    if (!this.isOp(")")) {
      for (;;) {
        args.push(this.parseExpr());
        if (!this.isOp(",")) break;
        this.next();
      }
    }
    this.expectOp(")");
    const upper = name.toUpperCase();
    if (user) throw new LocalError(404, 1582, `user function '${upper}()' not found`);
    if (aggregate && AGGREGATES[upper] !== undefined && args.length === 1) return { t: "call", name: upper, args };
    const def = FUNCTIONS[upper];
    if (def === undefined) throw new LocalError(400, 1540, `usage of unknown function '${upper}()'`);
    if (args.length < def.min || args.length > def.max) {
      const max = def.max === Infinity ? 65536 : def.max;
      throw new LocalError(
        400,
        1541,
        `invalid number of arguments for function '${upper}()', expected number of arguments: minimum: ${def.min}, maximum: ${max}`,
      );
    }
    return { t: "call", name: upper, args };
  }
}
