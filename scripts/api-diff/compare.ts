// Compares two API models and classifies each difference as breaking or not, from the point of view
// of an app compiled against the old generated SDK (requests it sends, responses it reads).
import type { ApiModel, ApiOperation, ApiParam, ApiProperty, ApiShape } from "./model.js";

/** What kind of difference a change is. */
export type ChangeKind =
  | "operation-added"
  | "operation-removed"
  | "operation-renamed"
  | "method-changed"
  | "path-changed"
  | "param-added"
  | "param-removed"
  | "param-renamed"
  | "param-required"
  | "param-optional"
  | "param-type-changed"
  | "enum-narrowed"
  | "enum-widened"
  | "body-added"
  | "body-removed"
  | "body-required"
  | "body-optional"
  | "body-type-changed"
  | "body-property-added"
  | "body-property-removed"
  | "body-property-required"
  | "body-property-optional"
  | "body-property-type-changed"
  | "success-status-added"
  | "success-status-removed"
  | "error-status-added"
  | "error-status-removed"
  | "response-body-added"
  | "response-body-removed"
  | "response-type-changed"
  | "response-property-added"
  | "response-property-removed"
  | "response-property-optional"
  | "response-property-type-changed"
  | "auth-added"
  | "auth-removed"
  | "async-added"
  | "async-removed"
  | "error-class-changed"
  | "result-changed"
  | "deprecated";

/** One difference between the old and the new API. */
export interface ApiChange {
  /** The operation's key in the new spec (in the old one for removed operations). */
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly kind: ChangeKind;
  /** True when an app built against the old API can fail (compile or run) against the new one. */
  readonly breaking: boolean;
  readonly message: string;
}

/** The result of comparing two APIs. */
export interface ApiDiff {
  readonly changes: readonly ApiChange[];
  readonly added: number;
  readonly removed: number;
  /** Operations present on both sides with at least one change. */
  readonly changed: number;
  readonly breaking: number;
}

/** Splits a type signature on top-level `|` (not inside `array<…>`). */
function unionParts(sig: string): Set<string> {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of sig) {
    if (ch === "<") depth++;
    if (ch === ">") depth--;
    if (ch === "|" && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return new Set(parts);
}

/** `widened`: every old alternative is still accepted (integer → number counts too). */
function typeChange(oldT: string, newT: string): "same" | "widened" | "narrowed" | "changed" {
  if (oldT === newT) return "same";
  if (oldT === "any") return "narrowed";
  if (newT === "any") return "widened";
  const o = unionParts(oldT);
  const n = unionParts(newT);
  const covers = (a: Set<string>, b: Set<string>) =>
    [...b].every((t) => a.has(t) || (t === "integer" && a.has("number")));
  if (covers(n, o)) return "widened";
  if (covers(o, n)) return "narrowed";
  return "changed";
}

/** Edit distance, to tell a renamed parameter from an unrelated removed + added pair. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

function similarNames(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x.includes(y) || y.includes(x) || distance(x, y) <= Math.max(2, Math.floor(Math.max(x.length, y.length) / 3));
}

function normalizePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, "{}");
}

function list(values: readonly string[]): string {
  return values.join(", ");
}

class Collector {
  readonly changes: ApiChange[] = [];
  constructor(private readonly op: ApiOperation) {}
  add(kind: ChangeKind, breaking: boolean, message: string): void {
    this.changes.push({ operation: this.op.key, method: this.op.method, path: this.op.path, kind, breaking, message });
  }
}

/** Request-side enum: removing a value (or adding a constraint) breaks callers that send it. */
function compareEnum(c: Collector, label: string, oldE: readonly string[] | undefined, newE: readonly string[] | undefined): void {
  if (oldE === undefined && newE === undefined) return;
  if (newE === undefined) return c.add("enum-widened", false, `${label}: enum constraint removed`);
  if (oldE === undefined) return c.add("enum-narrowed", true, `${label}: now restricted to ${list(newE)}`);
  const removed = oldE.filter((v) => !newE.includes(v));
  const added = newE.filter((v) => !oldE.includes(v));
  if (removed.length > 0) c.add("enum-narrowed", true, `${label}: enum narrowed, removed ${list(removed)}`);
  if (added.length > 0) c.add("enum-widened", false, `${label}: enum widened, added ${list(added)}`);
}

function compareParams(c: Collector, oldOp: ApiOperation, newOp: ApiOperation): void {
  const removed: ApiParam[] = [];
  const added: ApiParam[] = [];
  for (const [key, p] of oldOp.params) if (!newOp.params.has(key)) removed.push(p);
  for (const [key, p] of newOp.params) if (!oldOp.params.has(key)) added.push(p);
  // A removed and an added parameter in the same place, of the same type and with a similar name, read as a
  // rename; path parameters are positional, so any pair of them is.
  for (const r of [...removed]) {
    const a = added.find((x) => x.in === r.in && x.type === r.type && (r.in === "path" || similarNames(x.name, r.name)));
    if (!a) continue;
    removed.splice(removed.indexOf(r), 1);
    added.splice(added.indexOf(a), 1);
    c.add("param-renamed", true, `${r.in} parameter "${r.name}" renamed to "${a.name}"`);
  }
  for (const p of removed) c.add("param-removed", true, `${p.in} parameter "${p.name}" removed`);
  for (const p of added) {
    c.add("param-added", p.required, `${p.in} parameter "${p.name}" added (${p.required ? "required" : "optional"})`);
  }
  for (const [key, o] of oldOp.params) {
    const n = newOp.params.get(key);
    if (!n) continue;
    const label = `${n.in} parameter "${n.name}"`;
    if (!o.required && n.required) c.add("param-required", true, `${label} is now required`);
    if (o.required && !n.required) c.add("param-optional", false, `${label} is now optional`);
    const t = typeChange(o.type, n.type);
    if (t !== "same") c.add("param-type-changed", t !== "widened", `${label}: type ${o.type} → ${n.type}`);
    compareEnum(c, label, o.enum, n.enum);
  }
}

function compareRequestProps(c: Collector, oldP: ReadonlyMap<string, ApiProperty>, newP: ReadonlyMap<string, ApiProperty>): void {
  for (const [name, o] of oldP) {
    const n = newP.get(name);
    const label = `body property "${name}"`;
    if (!n) {
      c.add("body-property-removed", true, `${label} removed`);
      continue;
    }
    if (!o.required && n.required) c.add("body-property-required", true, `${label} is now required`);
    if (o.required && !n.required) c.add("body-property-optional", false, `${label} is now optional`);
    const t = typeChange(o.type, n.type);
    if (t !== "same") c.add("body-property-type-changed", t !== "widened", `${label}: type ${o.type} → ${n.type}`);
    compareEnum(c, label, o.enum, n.enum);
  }
  for (const [name, n] of newP) {
    if (oldP.has(name)) continue;
    c.add("body-property-added", n.required, `body property "${name}" added (${n.required ? "required" : "optional"})`);
  }
}

function compareBody(c: Collector, oldOp: ApiOperation, newOp: ApiOperation): void {
  const o = oldOp.body;
  const n = newOp.body;
  if (!o && !n) return;
  if (!o && n) return c.add("body-added", n.required, `request body added (${n.required ? "required" : "optional"})`);
  if (o && !n) return c.add("body-removed", true, "request body removed");
  if (!o || !n) return;
  if (!o.required && n.required) c.add("body-required", true, "request body is now required");
  if (o.required && !n.required) c.add("body-optional", false, "request body is now optional");
  const t = typeChange(o.shape.type, n.shape.type);
  if (t !== "same") c.add("body-type-changed", t !== "widened", `request body type ${o.shape.type} → ${n.shape.type}`);
  if (o.shape.properties && n.shape.properties) compareRequestProps(c, o.shape.properties, n.shape.properties);
}

/** Response side: the app reads these, so removing or widening is what breaks it. */
function compareResponseShape(c: Collector, status: string, o: ApiShape | undefined, n: ApiShape | undefined): void {
  if (!o && !n) return;
  if (!o && n) return c.add("response-body-added", false, `${status} response now has a body`);
  if (o && !n) return c.add("response-body-removed", true, `${status} response body removed`);
  if (!o || !n) return;
  const t = typeChange(o.type, n.type);
  if (t !== "same") c.add("response-type-changed", t !== "narrowed", `${status} response type ${o.type} → ${n.type}`);
  if (!o.properties || !n.properties) return;
  for (const [name, op] of o.properties) {
    const np = n.properties.get(name);
    const label = `${status} response property "${name}"`;
    if (!np) {
      c.add("response-property-removed", true, `${label} removed`);
      continue;
    }
    if (op.required && !np.required) c.add("response-property-optional", true, `${label} is no longer always present`);
    const pt = typeChange(op.type, np.type);
    if (pt !== "same") c.add("response-property-type-changed", pt !== "narrowed", `${label}: type ${op.type} → ${np.type}`);
  }
  for (const name of n.properties.keys()) {
    if (!o.properties.has(name)) c.add("response-property-added", false, `${status} response property "${name}" added`);
  }
}

const isSuccess = (status: string) => /^2/.test(status);

function compareResponses(c: Collector, oldOp: ApiOperation, newOp: ApiOperation): void {
  for (const [status, shape] of oldOp.responses) {
    if (!newOp.responses.has(status)) {
      if (isSuccess(status)) c.add("success-status-removed", true, `success status ${status} removed`);
      else c.add("error-status-removed", false, `status ${status} no longer documented`);
      continue;
    }
    if (isSuccess(status)) compareResponseShape(c, status, shape, newOp.responses.get(status));
  }
  for (const status of newOp.responses.keys()) {
    if (oldOp.responses.has(status)) continue;
    if (isSuccess(status)) c.add("success-status-added", false, `success status ${status} added`);
    else c.add("error-status-added", false, `status ${status} now documented`);
  }
}

function compareOperation(oldOp: ApiOperation, newOp: ApiOperation): ApiChange[] {
  const c = new Collector(newOp);
  if (oldOp.key !== newOp.key) {
    c.add("operation-renamed", true, `operationId "${oldOp.key}" renamed to "${newOp.key}" (generated function name changes)`);
  }
  if (oldOp.method !== newOp.method) c.add("method-changed", true, `method ${oldOp.method} → ${newOp.method}`);
  if (oldOp.path !== newOp.path) c.add("path-changed", true, `path ${oldOp.path} → ${newOp.path}`);
  compareParams(c, oldOp, newOp);
  compareBody(c, oldOp, newOp);
  compareResponses(c, oldOp, newOp);
  if (!oldOp.auth && newOp.auth) c.add("auth-added", true, "now requires credentials");
  if (oldOp.auth && !newOp.auth) c.add("auth-removed", false, "no longer requires credentials");
  if (oldOp.async && !newOp.async) c.add("async-removed", true, "can no longer run as an async job (x-c8-async)");
  if (!oldOp.async && newOp.async) c.add("async-added", false, "can now run as an async job (x-c8-async)");
  if (oldOp.errorClass !== newOp.errorClass) {
    c.add("error-class-changed", true, `error class ${oldOp.errorClass ?? "(none)"} → ${newOp.errorClass ?? "(none)"}`);
  }
  if (oldOp.result !== newOp.result) {
    c.add("result-changed", true, `x-c8-result ${oldOp.result ?? "(none)"} → ${newOp.result ?? "(none)"}`);
  }
  if (!oldOp.deprecated && newOp.deprecated) c.add("deprecated", false, "deprecated");
  return c.changes;
}

/** Compares two API models; operations are matched by operationId, then by method + path shape. */
export function diffApis(oldApi: ApiModel, newApi: ApiModel): ApiDiff {
  const changes: ApiChange[] = [];
  const pairs: [ApiOperation, ApiOperation][] = [];
  const unmatchedNew = new Map(newApi.operations);
  const unmatchedOld: ApiOperation[] = [];
  for (const [key, op] of oldApi.operations) {
    const n = unmatchedNew.get(key);
    if (n) {
      pairs.push([op, n]);
      unmatchedNew.delete(key);
    } else unmatchedOld.push(op);
  }
  let removed = 0;
  for (const op of unmatchedOld) {
    // Same method and path under a new operationId is a rename, not remove + add.
    const renamed = [...unmatchedNew.values()].find(
      (n) => n.method === op.method && normalizePath(n.path) === normalizePath(op.path),
    );
    if (renamed) {
      pairs.push([op, renamed]);
      unmatchedNew.delete(renamed.key);
      continue;
    }
    removed++;
    changes.push({ operation: op.key, method: op.method, path: op.path, kind: "operation-removed", breaking: true, message: "operation removed" });
  }
  for (const op of unmatchedNew.values()) {
    changes.push({ operation: op.key, method: op.method, path: op.path, kind: "operation-added", breaking: false, message: "operation added" });
  }
  let changed = 0;
  for (const [o, n] of pairs) {
    const found = compareOperation(o, n);
    if (found.length > 0) changed++;
    changes.push(...found);
  }
  return {
    changes,
    added: unmatchedNew.size,
    removed,
    changed,
    breaking: changes.filter((ch) => ch.breaking).length,
  };
}
