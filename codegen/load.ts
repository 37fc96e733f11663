import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import { SpecError } from "./spec-error.js";

/** A parsed spec file. `file` is the path shown in messages and banners (relative to the project root, `/`-separated). */
export interface LoadedSpec {
  readonly api: string;
  readonly file: string;
  readonly doc: unknown;
}

/** Reads and parses one `openapi.yaml`; YAML faults (including duplicate keys) become a SpecError naming the line. */
export async function loadSpec(absolutePath: string, file: string, api: string): Promise<LoadedSpec> {
  const text = await readFile(absolutePath, "utf8");
  return parseSpec(text, file, api);
}

export function parseSpec(text: string, file: string, api: string): LoadedSpec {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new SpecError(
      document.errors.map((e) => {
        const pos = e.linePos?.[0];
        const where = pos ? `line ${pos.line}, column ${pos.col}: ` : "";
        // prettyErrors appends " at line L, column C:" and a code excerpt; keep the bare message.
        const message = (e.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
        return { file, pointer: "", message: `invalid YAML: ${where}${message}` };
      }),
    );
  }
  return { api, file, doc: document.toJS({ maxAliasCount: 100 }) };
}
