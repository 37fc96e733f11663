// Turns the JSON Schema subset the validator admits into zod 4 expressions, printed with a stable layout.
import { isObject, type Json, type JsonObject } from "./json.js";

export const SCHEMA_REF_PREFIX = "#/components/schemas/";
const MAX_LINE = 110;

/** A zod expression tree; printing decides between one line and one item per line. */
export type ZNode =
  | { readonly kind: "leaf"; readonly code: string }
  | { readonly kind: "props"; readonly open: string; readonly props: readonly (readonly [string, ZNode])[]; readonly close: string }
  | { readonly kind: "list"; readonly open: string; readonly items: readonly ZNode[]; readonly close: string };

export const leaf = (code: string): ZNode => ({ kind: "leaf", code });

function suffixed(node: ZNode, suffix: string): ZNode {
  if (suffix === "") return node;
  switch (node.kind) {
    case "leaf":
      return leaf(node.code + suffix);
    case "props":
    case "list":
      return { ...node, close: node.close + suffix };
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
export const propertyKey = (key: string): string => (IDENTIFIER.test(key) ? key : JSON.stringify(key));

/** Converts a schema (validated beforehand) into a zod expression; `$ref`s to component schemas become their names. */
export function zodFor(schema: Json | undefined): ZNode {
  if (schema === undefined || schema === true) return leaf("z.unknown()");
  if (schema === false) return leaf("z.never()");
  if (!isObject(schema)) return leaf("z.unknown()");
  const ref = schema["$ref"];
  if (typeof ref === "string") return leaf(ref.slice(SCHEMA_REF_PREFIX.length));

  const parts: ZNode[] = [];
  const typed = typedPart(schema);
  if (typed) parts.push(typed);
  const choices = schema["anyOf"] ?? schema["oneOf"];
  if (Array.isArray(choices)) parts.push(union(choices.map(zodFor)));
  if (Array.isArray(schema["allOf"])) parts.push(...schema["allOf"].map(zodFor));
  if (parts.length === 0) return leaf("z.unknown()");
  return parts.reduce((left, right) => ({ kind: "list", open: "z.intersection(", items: [left, right], close: ")" }));
}

function union(items: ZNode[]): ZNode {
  return items.length === 1 && items[0] ? items[0] : { kind: "list", open: "z.union([", items, close: "])" };
}

/** The part of a schema expressed by `type`, `const`, `enum` and their constraints; undefined when none is given. */
function typedPart(schema: JsonObject): ZNode | undefined {
  if (schema["const"] !== undefined) return leaf(`z.literal(${JSON.stringify(schema["const"])})`);
  const values = schema["enum"];
  if (Array.isArray(values)) {
    const nonNull = values.filter((v) => v !== null);
    const nullable = nonNull.length < values.length ? ".nullable()" : "";
    const code = nonNull.every((v) => typeof v === "string")
      ? `z.enum([${nonNull.map((v) => JSON.stringify(v)).join(", ")}])`
      : nonNull.length === 1
        ? `z.literal(${JSON.stringify(nonNull[0])})`
        : `z.literal([${nonNull.map((v) => JSON.stringify(v)).join(", ")}])`;
    return leaf(code + nullable);
  }
  const type = schema["type"];
  let types = Array.isArray(type) ? type.map(String) : typeof type === "string" ? [type] : [];
  if (types.length === 0 && (schema["properties"] !== undefined || schema["additionalProperties"] !== undefined)) types = ["object"];
  if (types.length === 0 && schema["items"] !== undefined) types = ["array"];
  if (types.length === 0) return undefined;
  const nullable = types.includes("null") && types.length > 1;
  const nodes = types.filter((t) => !(nullable && t === "null")).map((t) => single(t, schema));
  return suffixed(union(nodes), nullable ? ".nullable()" : "");
}

function single(type: string, schema: JsonObject): ZNode {
  const num = (key: string) => (typeof schema[key] === "number" ? (schema[key] as number) : undefined);
  const bounds = (min: number | undefined, max: number | undefined) =>
    (min !== undefined ? `.min(${min})` : "") + (max !== undefined ? `.max(${max})` : "");
  switch (type) {
    case "string": {
      const pattern = typeof schema["pattern"] === "string" ? `.regex(new RegExp(${JSON.stringify(schema["pattern"])}))` : "";
      return leaf("z.string()" + bounds(num("minLength"), num("maxLength")) + pattern);
    }
    case "integer":
      return leaf("z.int()" + bounds(num("minimum"), num("maximum")));
    case "number":
      return leaf("z.number()" + bounds(num("minimum"), num("maximum")));
    case "boolean":
      return leaf("z.boolean()");
    case "null":
      return leaf("z.null()");
    case "array":
      return {
        kind: "list",
        open: "z.array(",
        items: [zodFor(schema["items"])],
        close: ")" + bounds(num("minItems"), num("maxItems")),
      };
    default:
      return objectNode(schema);
  }
}

/** Objects are loose (unknown keys pass through) unless the spec says `additionalProperties: false`. */
function objectNode(schema: JsonObject): ZNode {
  const properties = isObject(schema["properties"]) ? schema["properties"] : {};
  const required = new Set(Array.isArray(schema["required"]) ? schema["required"].map(String) : []);
  const additional = schema["additionalProperties"];
  const names = Object.keys(properties);
  if (names.length === 0 && isObject(additional)) {
    return { kind: "list", open: "z.record(", items: [leaf("z.string()"), zodFor(additional)], close: ")" };
  }
  const props = names.map((name) => [propertyKey(name), suffixed(zodFor(properties[name]), required.has(name) ? "" : ".optional()")] as const);
  if (additional === false) return { kind: "props", open: "z.strictObject({", props, close: "})" };
  if (isObject(additional)) {
    return { kind: "props", open: "z.object({", props, close: "})" + `.catchall(${print(zodFor(additional), 0)})` };
  }
  return { kind: "props", open: "z.looseObject({", props, close: "})" };
}

/**
 * Prints on one line when it fits the line budget, otherwise one item per line. `indent` is the indentation of the
 * line the expression starts on, `used` the columns already taken on it (e.g. by a property name).
 */
export function print(node: ZNode, indent: number, used = 0): string {
  const flat = printFlat(node);
  if (node.kind === "leaf" || indent + used + flat.length + 1 <= MAX_LINE) return flat;
  const pad = " ".repeat(indent + 2);
  const end = " ".repeat(indent);
  if (node.kind === "props") {
    const lines = node.props.map(([key, value]) => `${pad}${key}: ${print(value, indent + 2, key.length + 2)},\n`);
    return `${node.open}\n${lines.join("")}${end}${node.close}`;
  }
  const only = node.items.length === 1 ? node.items[0] : undefined;
  if (only) return `${node.open}${print(only, indent, used + node.open.length)}${node.close}`;
  const lines = node.items.map((item) => `${pad}${print(item, indent + 2)},\n`);
  return `${node.open}\n${lines.join("")}${end}${node.close}`;
}

function printFlat(node: ZNode): string {
  switch (node.kind) {
    case "leaf":
      return node.code;
    case "props":
      return node.props.length === 0
        ? `${node.open}${node.close}`
        : `${node.open} ${node.props.map(([k, v]) => `${k}: ${printFlat(v)}`).join(", ")} ${node.close}`;
    case "list":
      return `${node.open}${node.items.map(printFlat).join(", ")}${node.close}`;
  }
}
