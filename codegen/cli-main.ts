// The command line of the generator, callable in-process (tests) with its output captured.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { findStale, generate, writeGeneration, type GenerateOptions } from "./generate.js";
import { SpecError } from "./spec-error.js";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const USAGE = `usage: tsx codegen/cli.ts [--check] [--spec-dir <dir>] [--out-dir <dir>] [--root <dir>] [--quiet]
  --check      write nothing; exit 1 naming each stale file, 0 when generated/ is fresh
  --spec-dir   folder of <api>/openapi.yaml (default: spec)
  --out-dir    folder receiving <api>/ (default: generated)
  --root       paths in banners and messages are relative to it (default: the project root)
  --quiet      print nothing on success`;

/** Where the command writes: `out` for progress, `err` for faults and stale files. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

export const consoleOutput: CliOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Runs the generator command; answers the exit code (0 ok, 1 invalid spec or stale files, 2 usage). */
export async function main(argv: readonly string[], output: CliOutput = consoleOutput): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        check: { type: "boolean", default: false },
        "spec-dir": { type: "string" },
        "out-dir": { type: "string" },
        root: { type: "string" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    output.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    output.out(USAGE);
    return 0;
  }
  const root = path.resolve(values.root ?? PROJECT_ROOT);
  const options: GenerateOptions = {
    root,
    specDir: path.resolve(root, values["spec-dir"] ?? "spec"),
    outDir: path.resolve(root, values["out-dir"] ?? "generated"),
  };
  const log = (line: string) => {
    if (!values.quiet) output.out(line);
  };

  let generation;
  try {
    generation = await generate(options);
  } catch (error) {
    if (error instanceof SpecError) {
      output.err(error.message);
      return 1;
    }
    throw error;
  }
  if (generation.apis.length === 0) {
    output.err(`no <api>/openapi.yaml under ${options.specDir}`);
    return 1;
  }

  if (values.check) {
    const stale = await findStale(options, generation);
    for (const file of stale) output.err(`stale: ${file.display} (${file.reason})`);
    if (stale.length > 0) {
      output.err("run `npm run generate` to regenerate");
      return 1;
    }
    log(`generated code is fresh (${generation.files.length} files, ${generation.apis.map((a) => a.api).join(", ")})`);
    return 0;
  }

  const report = await writeGeneration(options, generation);
  for (const file of report.written) log(`wrote ${file}`);
  for (const file of report.removed) log(`removed ${file}`);
  for (const file of report.kept) output.err(`warning: ${file} was not generated from any spec (left alone: no banner)`);
  for (const api of generation.apis) log(`${api.api}: ${api.operations.length} operations from ${api.specFile}`);
  return 0;
}
