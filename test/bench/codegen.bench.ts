// Wall time of a full regeneration of spec v1 (goal: ≤ 3 s on this 2-core machine).
// In-process: one cold run, then the median (min–max) of warm runs, each writing every file into a fresh temp
// folder, with the phases timed on their own. As a process: `tsx codegen/cli.ts` cold, against a bare `tsx`
// process started the same way in the same rounds (PERFORMANCE.md: a ratio against a baseline of the same run).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { emitIndex } from "../../codegen/emit-index.js";
import { emitOperations } from "../../codegen/emit-operations.js";
import { emitSchemas } from "../../codegen/emit-schemas.js";
import { emitSchemaTypes } from "../../codegen/emit-types.js";
import { generate, writeGeneration } from "../../codegen/generate.js";
import { buildIr } from "../../codegen/ir.js";
import { loadSpec } from "../../codegen/load.js";
import { StructurePrinter } from "../../codegen/printer.js";
import { validateSpec } from "../../codegen/validate.js";

const GOAL_MS = 3000;
const WARM_RUNS = 7;
const PROCESS_ROUNDS = 5;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SPEC = path.join(ROOT, "spec/v1/openapi.yaml");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;
const spread = (xs: number[]) => `${fmt(median(xs))}  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`;

async function fullRegeneration(): Promise<number> {
  const out = mkdtempSync(path.join(os.tmpdir(), "c8-codegen-bench-"));
  try {
    const options = { root: ROOT, specDir: path.join(ROOT, "spec"), outDir: out };
    const start = performance.now();
    const report = await writeGeneration(options, await generate(options));
    const elapsed = performance.now() - start;
    if (report.written.length !== 4) throw new Error(`expected 4 files, wrote ${report.written.length}`);
    return elapsed;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function timed<T>(into: number[], work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const value = await work();
  into.push(performance.now() - start);
  return value;
}

async function phases() {
  const load: number[] = [];
  const types: number[] = [];
  const emit: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const { ir, doc } = await timed(load, async () => {
      const spec = await loadSpec(SPEC, "spec/v1/openapi.yaml", "v1");
      const doc = validateSpec(spec);
      return { doc, ir: buildIr("v1", spec.file, doc) };
    });
    await timed(types, () => emitSchemaTypes(ir.specFile, doc));
    await timed(emit, () => {
      const printer = new StructurePrinter();
      return [emitIndex(printer, ir), emitOperations(printer, ir), emitSchemas(printer, ir, doc)];
    });
  }
  return { load, types, emit };
}

function processRounds() {
  const cli: number[] = [];
  const bare: number[] = [];
  const tsx = path.join(ROOT, "node_modules/.bin/tsx");
  const run = (args: string[]) => {
    const start = performance.now();
    const result = spawnSync(tsx, args, { cwd: ROOT, encoding: "utf8" });
    const elapsed = performance.now() - start;
    if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
    return elapsed;
  };
  for (let i = 0; i < PROCESS_ROUNDS; i++) {
    const out = mkdtempSync(path.join(os.tmpdir(), "c8-codegen-bench-"));
    try {
      bare.push(run(["-e", ""]));
      cli.push(run([path.join(ROOT, "codegen/cli.ts"), "--quiet", "--out-dir", out]));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return { cli, bare };
}

const cold = await fullRegeneration();
const warm: number[] = [];
for (let i = 0; i < WARM_RUNS; i++) warm.push(await fullRegeneration());
const phase = await phases();
const proc = processRounds();

const ratios = proc.cli.map((t, i) => t / proc.bare[i]!);
console.log("codegen: full regeneration of spec/v1 (4 files written to a temp dir)");
console.log(`  in-process, first run (cold)   ${fmt(cold)}`);
console.log(`  in-process, warm median        ${spread(warm)}`);
console.log(`    load + validate + IR         ${spread(phase.load)}`);
console.log(`    schema.d.ts (openapi-ts)     ${spread(phase.types)}`);
console.log(`    ts-morph emit (3 files)      ${spread(phase.emit)}`);
console.log(`  process: tsx codegen/cli.ts    ${spread(proc.cli)}`);
console.log(`  baseline: bare tsx process     ${spread(proc.bare)}`);
console.log(`  cli / bare tsx (same rounds)   ${median(ratios).toFixed(2)}×  (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`);
const worst = Math.max(median(proc.cli), cold);
console.log(`  goal ≤ ${GOAL_MS} ms: ${worst <= GOAL_MS ? "met" : "MISSED"} (slowest of cold in-process and cold process medians: ${worst.toFixed(0)} ms)`);
if (worst > GOAL_MS) process.exitCode = 1;
