/**
 * C8QL syntax tree. Variables are resolved by the parser to frame slots (`slot`), so the compiler never
 * looks names up; an identifier that is not a variable in scope is a collection reference, as in ArangoDB.
 */
import type { Value } from "./values.js";

export type Expr =
  | { t: "lit"; v: Value }
  | { t: "arr"; items: Expr[] }
  | { t: "obj"; entries: ObjEntry[] }
  | { t: "var"; slot: number; name: string }
  | { t: "coll"; name: string }
  | { t: "param"; name: string }
  | { t: "dsparam"; name: string }
  | { t: "attr"; obj: Expr; name: string }
  | { t: "attrParam"; obj: Expr; param: string }
  | { t: "index"; obj: Expr; index: Expr }
  | {
      t: "expand";
      src: Expr;
      /** 1 for [*], n for [**…] (flattening depth n-1 first) */
      depth: number;
      slot: number;
      filter?: Expr;
      limit?: [Expr, Expr];
      ret?: Expr;
      /** what follows [*], applied to each element (reads `slot`) */
      proj?: Expr;
    }
  | { t: "call"; name: string; args: Expr[] }
  | { t: "unary"; op: "-" | "+" | "!"; e: Expr }
  | { t: "bin"; op: BinOp; l: Expr; r: Expr }
  | { t: "ternary"; c: Expr; a?: Expr; b: Expr }
  | { t: "subquery"; body: Statement[] };

export type BinOp =
  | "+" | "-" | "*" | "/" | "%"
  | "==" | "!=" | "<" | "<=" | ">" | ">="
  | "in" | "nin" | "like" | "nlike" | "=~" | "!~"
  | "and" | "or" | "..";

export type ObjEntry =
  | { k: "name"; name: string; v: Expr }
  | { k: "param"; param: string; v: Expr }
  | { k: "computed"; key: Expr; v: Expr };

/** A collection named in a statement: by name or by `@@param`. */
export type CollRef = { name: string } | { param: string };

export interface VarRef {
  slot: number;
  name: string;
}

export type Statement =
  | { t: "for"; v: VarRef; in: Expr; options?: Expr }
  | { t: "let"; v: VarRef; e: Expr }
  | { t: "filter"; e: Expr }
  | { t: "sort"; items: { e: Expr; asc: boolean }[] }
  | { t: "limit"; offset: Expr; count: Expr }
  | {
      t: "collect";
      groups: { v: VarRef; e: Expr }[];
      aggregates: { v: VarRef; fn: string; e: Expr }[];
      into?: { v: VarRef; e?: Expr; keep?: VarRef[] };
      /** variables visible at the COLLECT, copied into each INTO group element */
      visible: VarRef[];
      count?: VarRef;
      options?: Expr;
    }
  | { t: "return"; distinct: boolean; e: Expr }
  | { t: "insert"; doc: Expr; coll: CollRef; options?: Expr; newVar: VarRef; oldVar: VarRef }
  | {
      t: "update" | "replace";
      key?: Expr;
      doc: Expr;
      coll: CollRef;
      options?: Expr;
      newVar: VarRef;
      oldVar: VarRef;
    }
  | { t: "remove"; key: Expr; coll: CollRef; options?: Expr; oldVar: VarRef }
  | {
      t: "upsert";
      search: Expr;
      insert: Expr;
      update: Expr;
      replace: boolean;
      coll: CollRef;
      options?: Expr;
      newVar: VarRef;
      oldVar: VarRef;
    };

/** A parsed query. */
export interface Query {
  readonly text: string;
  readonly body: Statement[];
  /** number of frame slots */
  readonly slots: number;
  /** value bind parameters used (names without `@`) */
  readonly params: ReadonlySet<string>;
  /** collection bind parameters used (names without `@@`) */
  readonly dsParams: ReadonlySet<string>;
  /** collection names used literally (FOR/INSERT/… and identifiers) */
  readonly collections: ReadonlySet<string>;
  /** collections written by the query (literal names; `@@params` resolved at run time) */
  readonly writes: ReadonlyArray<CollRef>;
}
