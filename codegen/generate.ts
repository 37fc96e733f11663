// Spec directory → generated files, and the two ways to use them: write, or check that what is on disk is fresh.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { BANNER_PREFIX } from "./banner.js";
import { emitIndex } from "./emit-index.js";
import { emitOperations } from "./emit-operations.js";
import { emitSchemas } from "./emit-schemas.js";
import { emitSchemaTypes } from "./emit-types.js";
import { buildIr, type ApiIr } from "./ir.js";
import { loadSpec } from "./load.js";
import { StructurePrinter } from "./printer.js";
import { validateSpec } from "./validate.js";

export interface GenerateOptions {
  /** Directory holding one `<api>/openapi.yaml` per API version. */
  readonly specDir: string;
  /** Directory receiving one `<api>/` folder per API version. */
  readonly outDir: string;
  /** Paths in banners and messages are shown relative to this directory. */
  readonly root: string;
}

export interface GeneratedFile {
  readonly absolutePath: string;
  /** Relative to the root, `/`-separated. */
  readonly display: string;
  readonly content: string;
}

export interface Generation {
  readonly apis: readonly ApiIr[];
  readonly files: readonly GeneratedFile[];
}

export const displayPath = (root: string, absolutePath: string): string =>
  path.relative(root, absolutePath).split(path.sep).join("/");

/** API version folders of the spec directory that hold an `openapi.yaml`, sorted by name. */
export async function discoverSpecs(specDir: string): Promise<{ api: string; absolutePath: string }[]> {
  const entries = await readdir(specDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(path.join(specDir, e.name, "openapi.yaml")))
    .map((e) => ({ api: e.name, absolutePath: path.join(specDir, e.name, "openapi.yaml") }))
    .sort((a, b) => (a.api < b.api ? -1 : a.api > b.api ? 1 : 0));
}

/** Loads, validates and emits every API version in memory; throws a SpecError on the first invalid spec. */
export async function generate(options: GenerateOptions): Promise<Generation> {
  const specs = await discoverSpecs(options.specDir);
  const printer = new StructurePrinter();
  const apis: ApiIr[] = [];
  const files: GeneratedFile[] = [];
  for (const { api, absolutePath } of specs) {
    const spec = await loadSpec(absolutePath, displayPath(options.root, absolutePath), api);
    const doc = validateSpec(spec);
    const ir = buildIr(api, spec.file, doc);
    apis.push(ir);
    const outputs: [string, string][] = [
      ["index.ts", emitIndex(printer, ir)],
      ["operations.ts", emitOperations(printer, ir)],
      ["schema.d.ts", await emitSchemaTypes(spec.file, doc)],
      ["schemas.ts", emitSchemas(printer, ir, doc)],
    ];
    for (const [name, content] of outputs) {
      const absolute = path.join(options.outDir, api, name);
      files.push({ absolutePath: absolute, display: displayPath(options.root, absolute), content });
    }
  }
  return { apis, files };
}

/** Files under the output directory's API folders that the generation did not produce. */
async function strayFiles(outDir: string, files: readonly GeneratedFile[]): Promise<string[]> {
  if (!existsSync(outDir)) return [];
  const expected = new Set(files.map((f) => path.resolve(f.absolutePath)));
  const stray: string[] = [];
  for (const dir of await readdir(outDir, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const entry of await readdir(path.join(outDir, dir.name), { withFileTypes: true })) {
      const absolute = path.resolve(outDir, dir.name, entry.name);
      if (entry.isFile() && !expected.has(absolute)) stray.push(absolute);
    }
  }
  return stray.sort();
}

async function isGenerated(absolutePath: string): Promise<boolean> {
  return (await readFile(absolutePath, "utf8")).startsWith(BANNER_PREFIX);
}

export interface StaleFile {
  readonly display: string;
  readonly reason: "differs" | "missing" | "not generated from any spec";
}

/** Compares the generation with the disk: every file that differs, is missing, or should not be there. */
export async function findStale(options: GenerateOptions, generation: Generation): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const file of generation.files) {
    if (!existsSync(file.absolutePath)) stale.push({ display: file.display, reason: "missing" });
    else if ((await readFile(file.absolutePath, "utf8")) !== file.content) stale.push({ display: file.display, reason: "differs" });
  }
  for (const absolute of await strayFiles(options.outDir, generation.files)) {
    stale.push({ display: displayPath(options.root, absolute), reason: "not generated from any spec" });
  }
  return stale;
}

export interface WriteReport {
  readonly written: readonly string[];
  readonly removed: readonly string[];
  /** Stray files left alone because they do not carry the generated banner. */
  readonly kept: readonly string[];
}

/** Writes files whose content changed, and removes stray generated files (only those carrying the banner). */
export async function writeGeneration(options: GenerateOptions, generation: Generation): Promise<WriteReport> {
  const written: string[] = [];
  for (const file of generation.files) {
    if (existsSync(file.absolutePath) && (await readFile(file.absolutePath, "utf8")) === file.content) continue;
    await mkdir(path.dirname(file.absolutePath), { recursive: true });
    await writeFile(file.absolutePath, file.content);
    written.push(file.display);
  }
  const removed: string[] = [];
  const kept: string[] = [];
  for (const absolute of await strayFiles(options.outDir, generation.files)) {
    if (await isGenerated(absolute)) {
      await rm(absolute);
      removed.push(displayPath(options.root, absolute));
    } else kept.push(displayPath(options.root, absolute));
  }
  return { written, removed, kept };
}
