/** One fault found in a spec: the file, the JSON pointer of the offending node, and what is wrong. */
export interface SpecFault {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

/** Encodes path segments as a JSON pointer fragment (RFC 6901): `["paths", "/_api/cursor"]` → `/paths/~1_api~1cursor`. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => "/" + String(s).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}

/** Decodes a JSON pointer (without the leading `#`) into its segments. */
export function fromPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** `file#/json/pointer: message`, or `file: message` for faults of the whole file (such as YAML syntax). */
export function formatFault(fault: SpecFault): string {
  return fault.pointer === "" ? `${fault.file}: ${fault.message}` : `${fault.file}#${fault.pointer}: ${fault.message}`;
}

/** Thrown when a spec cannot be generated from; the message lists every fault, one per line. */
export class SpecError extends Error {
  constructor(readonly faults: readonly SpecFault[]) {
    super(faults.map(formatFault).join("\n"));
    this.name = "SpecError";
  }
}
