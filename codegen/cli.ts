// npx tsx codegen/cli.ts [--check] [--spec-dir spec] [--out-dir generated] [--root .] [--quiet]
// Regenerates generated/<api>/ from every spec/<api>/openapi.yaml; --check writes nothing and exits 1 naming each
// stale file. Options are described by --help (codegen/cli-main.ts).
import { main } from "./cli-main.js";

process.exitCode = await main(process.argv.slice(2));
