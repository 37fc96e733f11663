/**
 * Routes requests by the generated operation table: a segment trie built once from the OpenAPI path templates,
 * literal segments before `{param}` ones (so `/job/done` beats `/job/{id}`), with backtracking. A path that
 * matches a template but not the method is a 405 (with the allowed methods); anything else is a 404. A route the
 * spec lacks cannot exist.
 */
import type { OperationId, OperationInfo } from "../../generated/v1/operations.js";

export type RouteMatch =
  | { readonly kind: "op"; readonly id: OperationId; readonly op: OperationInfo; readonly params: Record<string, string> }
  | { readonly kind: "method"; readonly allow: readonly string[] }
  | { readonly kind: "none" };

interface Leaf {
  readonly id: OperationId;
  readonly op: OperationInfo;
  /** Names of the `{params}` along the path, in order. */
  readonly names: readonly string[];
}

interface Node {
  readonly literal: Map<string, Node>;
  param: Node | undefined;
  readonly methods: Map<string, Leaf>;
}

const NONE: RouteMatch = { kind: "none" };

function newNode(): Node {
  return { literal: new Map(), param: undefined, methods: new Map() };
}

/** Splits a URL path into decoded segments (no leading empty one; one trailing slash tolerated). Throws on bad %-escapes. */
export function splitPath(path: string): string[] {
  const segs = path.split("/");
  segs.shift();
  if (segs.length > 1 && segs[segs.length - 1] === "") segs.pop();
  if (path.includes("%")) for (let i = 0; i < segs.length; i++) segs[i] = decodeURIComponent(segs[i]!);
  return segs;
}

export class Router {
  private readonly root = newNode();

  constructor(operations: Iterable<readonly [OperationId, OperationInfo]>) {
    for (const [id, op] of operations) this.add(id, op);
  }

  private add(id: OperationId, op: OperationInfo): void {
    let node = this.root;
    const names: string[] = [];
    for (const seg of op.path.split("/").slice(1)) {
      if (seg.startsWith("{") && seg.endsWith("}")) {
        names.push(seg.slice(1, -1));
        node.param ??= newNode();
        node = node.param;
      } else {
        let next = node.literal.get(seg);
        if (next === undefined) {
          next = newNode();
          node.literal.set(seg, next);
        }
        node = next;
      }
    }
    if (node.methods.has(op.method)) throw new Error(`duplicate route ${op.method} ${op.path}`);
    node.methods.set(op.method, { id, op, names });
  }

  match(method: string, segs: readonly string[]): RouteMatch {
    const values: string[] = [];
    const allow = new Set<string>();
    const leaf = this.walk(this.root, segs, 0, method, values, allow);
    if (leaf !== undefined) {
      const params: Record<string, string> = {};
      for (let i = 0; i < leaf.names.length; i++) params[leaf.names[i]!] = values[i]!;
      return { kind: "op", id: leaf.id, op: leaf.op, params };
    }
    return allow.size > 0 ? { kind: "method", allow: [...allow] } : NONE;
  }

  private walk(
    node: Node,
    segs: readonly string[],
    i: number,
    method: string,
    values: string[],
    allow: Set<string>,
  ): Leaf | undefined {
    if (i === segs.length) {
      const leaf = node.methods.get(method);
      if (leaf === undefined) for (const m of node.methods.keys()) allow.add(m);
      return leaf;
    }
    const seg = segs[i]!;
    const lit = node.literal.get(seg);
    if (lit !== undefined) {
      const leaf = this.walk(lit, segs, i + 1, method, values, allow);
      if (leaf !== undefined) return leaf;
    }
    if (node.param !== undefined && seg !== "") {
      values.push(seg);
      const leaf = this.walk(node.param, segs, i + 1, method, values, allow);
      if (leaf !== undefined) return leaf;
      values.pop();
    }
    return undefined;
  }
}
