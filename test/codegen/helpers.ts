import { execFile } from "node:child_process";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURES = path.join(ROOT, "test/fixtures/specs");

/** A fresh directory under the OS temp dir (never inside the repo, so tsc's include never sees generated output). */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `c8-codegen-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Lets code generated into a temp dir resolve `zod` and `openapi-fetch` from the project. */
export async function linkNodeModules(dir: string): Promise<void> {
  await symlink(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tsx codegen/cli.ts` as its own process, as `npm run generate` does. */
export function runCli(args: readonly string[]): Promise<CliRun> {
  const tsx = path.join(ROOT, "node_modules/.bin/tsx");
  return new Promise((resolve) => {
    execFile(tsx, [path.join(ROOT, "codegen/cli.ts"), ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the same command in this process (much faster than a process per call), capturing its output. */
export async function runMain(args: readonly string[]): Promise<CliRun> {
  const { main } = await import("../../codegen/cli-main.js");
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  const text = (lines: string[]) => lines.map((l) => `${l}\n`).join("");
  return { code, stdout: text(out), stderr: text(err) };
}
