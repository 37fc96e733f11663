// `npm run api:diff -- <old> <new> [--fail-on-breaking] [--json]`
// <old>/<new>: a version dir under spec/ (`v1`), a directory holding openapi.yaml, a spec file, or a committed
// spec as `<git-rev>:<path>` (e.g. `HEAD:spec/v1/openapi.yaml`, to review a regeneration before committing).
// Exit: 0; 1 when --fail-on-breaking and a breaking change was found; 2 on usage or load errors.
import { dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { diffApis } from "./api-diff/compare.js";
import { formatDiff } from "./api-diff/format.js";
import { loadSpec } from "./api-diff/load-spec.js";
import { buildModel } from "./api-diff/model.js";

const USAGE = "usage: npm run api:diff -- <old-spec> <new-spec> [--fail-on-breaking] [--json]";
const specRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "spec");

function main(argv: string[]): number {
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  const args = argv.filter((a) => !a.startsWith("--"));
  const unknown = [...flags].filter((f) => f !== "--fail-on-breaking" && f !== "--json" && f !== "--help");
  if (flags.has("--help")) {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 2 || unknown.length > 0) {
    console.error(unknown.length > 0 ? `api-diff: unknown option ${unknown.join(", ")}\n${USAGE}` : USAGE);
    return 2;
  }
  const [oldArg, newArg] = args as [string, string];
  const oldSpec = loadSpec(oldArg, specRoot);
  const newSpec = loadSpec(newArg, specRoot);
  const diff = diffApis(buildModel(oldSpec.doc), buildModel(newSpec.doc));
  if (flags.has("--json")) {
    console.log(JSON.stringify({ old: oldSpec.file, new: newSpec.file, ...diff }, null, 2));
  } else {
    const label = (file: string) => (isAbsolute(file) ? relative(process.cwd(), file) || file : file);
    console.log(formatDiff(diff, { oldLabel: label(oldSpec.file), newLabel: label(newSpec.file) }));
  }
  return flags.has("--fail-on-breaking") && diff.breaking > 0 ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
}
