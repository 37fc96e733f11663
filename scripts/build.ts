// `npm run build`: clean dist/, compile src/, generated/ and entries/ with plain tsc (tsconfig.build.json),
// then copy declaration-only inputs (generated/<api>/schema.d.ts), which tsc type-checks but never emits.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file lives in scripts/). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

function* declarationFiles(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarationFiles(full);
    else if (entry.name.endsWith(".d.ts")) yield full;
  }
}

/** Builds the package into `<root>/dist`; throws with tsc's output when compilation fails. */
export function build(root = repoRoot): string {
  const outDir = join(root, "dist");
  rmSync(outDir, { recursive: true, force: true });
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build: tsc -p tsconfig.build.json failed\n${r.stdout}${r.stderr}`);
  for (const dir of ["src", "generated", "entries"]) {
    for (const file of declarationFiles(join(root, dir))) cpSync(file, join(outDir, relative(root, file)));
  }
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const out = build();
    console.log(`built ${relative(process.cwd(), out) || out}`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
}
