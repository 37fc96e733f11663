/**
 * Hand-written recursive-descent parser for C8QL: the statements. Scoping follows ArangoDB (FOR opens a
 * scope, COLLECT ends the FOR scopes of its query level); errors use ArangoDB's texts and positions.
 */
import { LocalError } from "../errors.js";
import type { CollRef, Expr, Query, Statement, VarRef } from "./ast.js";
import { AGGREGATES } from "./functions.js";
import { ExpressionParser, MAX_EXPRESSION_NESTING, STATEMENT_KEYWORDS, tooMuchNesting } from "./parser-expressions.js";

const MODIFICATIONS = new Set(["insert", "update", "replace", "remove", "upsert"]);

class Parser extends ExpressionParser {
  parse(): Query {
    this.levels.push({ scopes: [new Map()] });
    if (this.isKw("WITH")) this.parseWithCollections();
    const body = this.parseBody();
    if (this.peek().kind !== "END") throw this.syntaxError(this.peek());
    return {
      text: this.text,
      body,
      slots: this.slots,
      params: this.params,
      dsParams: this.dsParams,
      collections: this.collections,
      writes: this.writes,
    };
  }

  // --------------------------------------------------------------------------------------- statements

  private parseWithCollections(): void {
    this.next();
    for (;;) {
      const t = this.next();
      if (t.kind === "ID" || t.kind === "QSTR") this.collections.add(t.value);
      else if (t.kind === "DSPARAM") this.useParam("@" + t.value, true);
      else throw this.syntaxError(t);
      if (this.isOp(",")) this.next();
      else if (this.peek().kind !== "ID" && this.peek().kind !== "QSTR" && this.peek().kind !== "DSPARAM") break;
    }
  }

  /** Statements of a (sub)query: ends after RETURN, or after a data modification not followed by more. */
  protected parseBody(): Statement[] {
    const body: Statement[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === "KEYWORD" && STATEMENT_KEYWORDS.has(t.value)) {
        const st = this.parseStatement(t.value);
        if (Array.isArray(st)) body.push(...st);
        else body.push(st);
        if (!Array.isArray(st) && st.t === "return") return body;
        continue;
      }
      const last = body[body.length - 1];
      if (last !== undefined && MODIFICATIONS.has(last.t)) return body;
      throw this.syntaxError(t);
    }
  }

  private parseStatement(kw: string): Statement | Statement[] {
    this.next();
    switch (kw) {
      case "FOR": {
        const name = this.expectId();
        if (this.isOp(",")) throw this.syntaxError(this.peek()); // graph traversals are not supported
        this.expectKw("IN");
        const e = this.parseExpr();
        const options = this.parseOptions();
        this.level.scopes.push(new Map());
        const st: Statement = { t: "for", v: this.declare(name.value), in: e };
        if (options) st.options = options;
        return st;
      }
      case "LET": {
        const lets: Statement[] = [];
        for (;;) {
          const name = this.expectId();
          this.expectOp("=");
          const e = this.parseExpr();
          lets.push({ t: "let", v: this.declare(name.value), e });
          if (!this.isOp(",")) break;
          this.next();
        }
        // LET a = 1, b = 2 is two LETs
        return lets.length === 1 ? lets[0]! : lets;
      }
      case "FILTER":
        return { t: "filter", e: this.parseExpr() };
      case "SORT": {
        const items: { e: Expr; asc: boolean }[] = [];
        for (;;) {
          const e = this.parseExpr();
          let asc = true;
          if (this.isKw("ASC")) this.next();
          else if (this.isKw("DESC")) {
            this.next();
            asc = false;
          }
          items.push({ e, asc });
          if (!this.isOp(",")) break;
          this.next();
        }
        return { t: "sort", items };
      }
      case "LIMIT": {
        const a = this.parseExpr();
        if (this.isOp(",")) {
          this.next();
          return { t: "limit", offset: a, count: this.parseExpr() };
        }
        return { t: "limit", offset: { t: "lit", v: 0 }, count: a };
      }
      case "RETURN": {
        let distinct = false;
        if (this.isKw("DISTINCT")) {
          this.next();
          distinct = true;
        }
        return { t: "return", distinct, e: this.parseExpr() };
      }
      case "COLLECT":
        return this.parseCollect();
      case "INSERT": {
        const doc = this.parseOperand();
        const coll = this.parseInto();
        const options = this.parseOptions();
        const st: Statement = { t: "insert", doc, coll, newVar: this.declare("NEW"), oldVar: this.declare("OLD") };
        if (options) st.options = options;
        return st;
      }
      case "UPDATE":
      case "REPLACE": {
        const first = this.parseOperand();
        let key: Expr | undefined;
        let doc = first;
        if (this.isKw("WITH")) {
          this.next();
          key = first;
          doc = this.parseOperand();
        }
        const coll = this.parseInto();
        const options = this.parseOptions();
        const st: Statement = {
          t: kw === "UPDATE" ? "update" : "replace",
          doc,
          coll,
          newVar: this.declare("NEW"),
          oldVar: this.declare("OLD"),
        };
        if (key) st.key = key;
        if (options) st.options = options;
        return st;
      }
      case "REMOVE": {
        const key = this.parseOperand();
        const coll = this.parseInto();
        const options = this.parseOptions();
        const st: Statement = { t: "remove", key, coll, oldVar: this.declare("OLD") };
        if (options) st.options = options;
        return st;
      }
      case "UPSERT": {
        const search = this.parseExpr();
        this.expectKw("INSERT");
        const insert = this.parseExpr();
        let replace = false;
        if (this.isKw("REPLACE")) replace = true;
        else if (!this.isKw("UPDATE")) throw this.syntaxError(this.peek());
        this.next();
        // OLD (the found document) is visible in the update expression
        const oldVar = this.declare("OLD");
        const update = this.parseOperand();
        const coll = this.parseInto();
        const options = this.parseOptions();
        const st: Statement = { t: "upsert", search, insert, update, replace, coll, oldVar, newVar: this.declare("NEW") };
        if (options) st.options = options;
        return st;
      }
      default:
        throw this.syntaxError(this.peek());
    }
  }

  private parseCollect(): Statement {
    const groups: { name: string; e: Expr }[] = [];
    const aggs: { name: string; fn: string; e: Expr }[] = [];
    let into: { name: string; e?: Expr; keep?: VarRef[] } | undefined;
    let count: string | undefined;
    const parseCount = () => {
      this.next(); // WITH
      const q = this.expectId();
      if (q.value.toUpperCase() !== "COUNT") {
        throw this.parseError(`unexpected qualifier '${q.value}', expecting 'COUNT'`, this.peek());
      }
      this.expectKw("INTO");
      count = this.expectId().value;
    };
    if (this.isKw("WITH")) parseCount();
    else {
      if (this.peek().kind === "ID" && this.isOp("=", 1)) {
        for (;;) {
          const name = this.expectId().value;
          this.expectOp("=");
          groups.push({ name, e: this.parseExpr() });
          if (!this.isOp(",")) break;
          this.next();
        }
      }
      if (this.isKw("AGGREGATE")) {
        this.next();
        for (;;) {
          const name = this.expectId().value;
          this.expectOp("=");
          const e = this.parseExpr(true);
          if (e.t !== "call" || e.args.length !== 1 || AGGREGATES[e.name] === undefined) {
            throw new LocalError(400, 1574, "invalid aggregate expression");
          }
          aggs.push({ name, fn: e.name, e: e.args[0]! });
          if (!this.isOp(",")) break;
          this.next();
        }
      }
      if (groups.length === 0 && aggs.length === 0) throw this.syntaxError(this.peek());
      if (this.isKw("INTO")) {
        this.next();
        into = { name: this.expectId().value };
        if (this.isOp("=")) {
          this.next();
          into.e = this.parseExpr();
        }
        if (this.peek().kind === "ID" && this.peek().value.toUpperCase() === "KEEP") {
          this.next();
          into.keep = [];
          for (;;) {
            const t = this.expectId();
            const v = this.lookup(t.value);
            if (v === undefined) throw this.parseError(`use of unknown variable '${t.value}' for KEEP`, this.peek());
            into.keep.push(v);
            if (!this.isOp(",")) break;
            this.next();
          }
        }
      } else if (this.isKw("WITH")) parseCount();
    }
    const options = this.parseOptions();
    const visible = this.visibleHere();
    // COLLECT ends the FOR scopes of this level; only its own outputs (and the base scope) stay visible
    const scopes = this.level.scopes;
    scopes.length = 1;
    scopes.push(new Map());
    const st: Statement = {
      t: "collect",
      groups: groups.map((g) => ({ v: this.declare(g.name), e: g.e })),
      aggregates: aggs.map((a) => ({ v: this.declare(a.name), fn: a.fn, e: a.e })),
      visible,
    };
    if (into) {
      const i: { v: VarRef; e?: Expr; keep?: VarRef[] } = { v: this.declare(into.name) };
      if (into.e) i.e = into.e;
      if (into.keep) i.keep = into.keep;
      st.into = i;
    }
    if (count !== undefined) st.count = this.declare(count);
    if (options) st.options = options;
    return st;
  }

  /** `IN|INTO collection` of a data-modification statement. */
  private parseInto(): CollRef {
    if (!this.isKw("IN") && !this.isKw("INTO")) throw this.syntaxError(this.peek());
    this.next();
    const t = this.next();
    let ref: CollRef;
    if (t.kind === "ID" || t.kind === "QSTR") {
      this.collections.add(t.value);
      ref = { name: t.value };
    } else if (t.kind === "DSPARAM") {
      ref = { param: this.useParam("@" + t.value, true) };
    } else if (t.kind === "PARAM") {
      ref = { param: this.useParam(t.value, true) };
    } else throw this.syntaxError(t);
    this.writes.push(ref);
    return ref;
  }

  /** Optional `OPTIONS { … }` (the qualifier is an identifier, checked after the object as in ArangoDB). */
  private parseOptions(): Expr | undefined {
    const t = this.peek();
    if (t.kind !== "ID") return undefined;
    this.next();
    if (!this.isOp("{")) throw this.syntaxError(this.peek());
    const obj = this.parsePrimary();
    if (t.value.toUpperCase() !== "OPTIONS") {
      throw this.parseError(`unexpected qualifier '${t.value}', expecting 'OPTIONS'`, this.peek());
    }
    return obj;
  }

}

/**
 * Left-associative chains (`1+1+…`) parse in a loop but build a tree as deep as they are long, which the
 * recursive compile and evaluation would overflow: the finished tree's depth (in nodes) is checked without
 * recursion.
 */
function checkNesting(body: Statement[]): void {
  const stack: Array<[unknown, number]> = [[body, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === "object" && x !== null) stack.push([x, d]);
      continue;
    }
    const depth = "t" in (v as object) ? d + 1 : d;
    if (depth > MAX_EXPRESSION_NESTING) throw tooMuchNesting();
    for (const x of Object.values(v as object)) if (typeof x === "object" && x !== null) stack.push([x, depth]);
  }
}

/** Parses a query into its syntax tree; throws LocalError 1501 (syntax), 1502 (empty), 1540/1541, 1511. */
export function parse(text: string): Query {
  if (text.length === 0) throw new LocalError(400, 1502, "query is empty");
  try {
    const q = new Parser(text).parse();
    checkNesting(q.body);
    return q;
  } catch (e) {
    // absurd nesting overflows the recursive descent
    if (e instanceof RangeError) throw new LocalError(400, 1524, "too much nesting or too many objects");
    throw e;
  }
}
