// Finds and parses an OpenAPI document named on the api-diff command line.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";

/** A parsed OpenAPI document (JSON object tree) and the file it came from. */
export interface LoadedSpec {
  /** The argument as the user wrote it (e.g. `v1`). */
  readonly label: string;
  /** Absolute path of the spec file that was read. */
  readonly file: string;
  /** The parsed document. */
  readonly doc: Record<string, unknown>;
}

const SPEC_FILES = ["openapi.yaml", "openapi.yml", "openapi.json"];

function specInDir(dir: string): string | undefined {
  for (const name of SPEC_FILES) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Resolves `arg` to a spec file: an existing file path, a directory holding `openapi.yaml|yml|json`,
 * or the name of a version directory under `<specRoot>` (`v1` → `spec/v1/openapi.yaml`).
 */
export function resolveSpecFile(arg: string, specRoot: string, cwd = process.cwd()): string {
  const direct = resolve(cwd, arg);
  if (existsSync(direct)) {
    if (statSync(direct).isFile()) return direct;
    const inDir = specInDir(direct);
    if (inDir) return inDir;
  }
  const versioned = specInDir(join(specRoot, arg));
  if (versioned) return versioned;
  throw new Error(`api-diff: cannot find a spec for "${arg}" (tried ${direct} and ${join(specRoot, arg)}/openapi.yaml)`);
}

/** `<rev>:<path>` (e.g. `HEAD:spec/v1/openapi.yaml`): a spec as committed, to review a regeneration. */
const GIT_REF = /^[^:/\\][^:]*:[^:]+$/;

function readGit(arg: string, cwd: string): string {
  try {
    return execFileSync("git", ["show", arg], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`api-diff: cannot read "${arg}" from git${stderr ? `: ${stderr}` : ""}`);
  }
}

/**
 * Reads and parses the spec named by `arg` (YAML or JSON): a path or version dir (see {@link resolveSpecFile}),
 * or `<git-rev>:<path>` such as `HEAD:spec/v1/openapi.yaml`.
 */
export function loadSpec(arg: string, specRoot: string, cwd = process.cwd()): LoadedSpec {
  const fromGit = GIT_REF.test(arg) && !existsSync(resolve(cwd, arg));
  const file = fromGit ? arg : resolveSpecFile(arg, specRoot, cwd);
  const text = fromGit ? readGit(arg, cwd) : readFileSync(file, "utf8");
  const doc: unknown = file.endsWith(".json") ? JSON.parse(text) : parse(text);
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new Error(`api-diff: ${file} is not an OpenAPI document (expected an object)`);
  }
  if (typeof (doc as { paths?: unknown }).paths !== "object") {
    throw new Error(`api-diff: ${file} has no "paths" object`);
  }
  return { label: arg, file, doc: doc as Record<string, unknown> };
}
