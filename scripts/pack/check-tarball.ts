// Runs the published-package linters on a packed tarball: publint (--strict: warnings fail too) and
// @arethetypeswrong/cli with the esm-only profile (this package ships no CommonJS).
import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** The outcome of one linter on one tarball. */
export interface LintResult {
  readonly tool: "publint" | "attw";
  readonly ok: boolean;
  readonly output: string;
}

function run(root: string, bin: string, args: string[]): { ok: boolean; output: string } {
  const r = spawnSync(join(root, "node_modules", ".bin", bin), args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}

/** Lints `tarball` with publint and attw; `root` is the repository root (for the tools' binaries). */
export function checkTarball(root: string, tarball: string): LintResult[] {
  return [
    { tool: "publint", ...run(root, "publint", ["run", tarball, "--strict"]) },
    { tool: "attw", ...run(root, "attw", [tarball, "--profile", "esm-only", "--format", "ascii", "--no-emoji"]) },
  ];
}
