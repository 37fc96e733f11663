// Packs c8-fabric and c8-fabric-v1 exactly as they would be published, lints the tarballs (publint, attw
// esm-only), checks the size budget, then installs each tarball into a fresh app, type-checks a program that
// uses every entry (and one that misuses the API and must fail to compile), and runs it against a local fabric
// started from the installed package.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../generated/v1/operations.js";
import { build } from "../../scripts/build.js";
import { checkTarball } from "../../scripts/pack/check-tarball.js";
import { packApi, packMain } from "../../scripts/pack-api.js";
import { badProgram, expectedErrors, goodProgram, type PackageEntries } from "./consumer-app.js";

const root = join(import.meta.dirname, "..", "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const typesNode = JSON.parse(readFileSync(join(root, "node_modules", "@types", "node", "package.json"), "utf8")).version as string;
const work = mkdtempSync(join(tmpdir(), "c8-consumer-"));

interface Run {
  code: number | null;
  out: string;
}

/** Runs a command; npm's own `npm_*` variables from `npm test` are dropped so the child npm sees a plain app. */
function run(cmd: string, args: string[], cwd: string, timeoutMs = 90_000): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2022"],
    types: ["node"],
    strict: true,
    skipLibCheck: false,
    outDir: "out",
  },
  include: ["main.ts"],
};

/** A fresh app with `tarball` (and @types/node) installed from the npm cache. */
async function makeApp(name: string, tarball: string): Promise<string> {
  const app = join(work, name);
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: `${name}-app`, private: true, type: "module" }));
  const r = await run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", tarball, `@types/node@${typesNode}`],
    app,
  );
  if (r.code !== 0) throw new Error(`npm install ${tarball} failed:\n${r.out}`);
  return app;
}

async function compile(app: string, program: string): Promise<Run> {
  writeFileSync(join(app, "main.ts"), program);
  writeFileSync(join(app, "tsconfig.json"), JSON.stringify(TSCONFIG));
  return run(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], app);
}

const packages: Record<"main" | "v1", { tarball: string; entries: PackageEntries; app: Promise<string> }> = {} as never;

beforeAll(() => {
  build(root);
  const out = join(work, "tarballs");
  const main = packMain({ out, build: false }, root);
  const v1 = packApi("v1", { out, build: false }, root);
  // Both installs start now and run while the tarball checks below do their work.
  packages.main = {
    tarball: main,
    entries: { sdk: "c8-fabric", v1: "c8-fabric/v1", schemas: "c8-fabric/v1/schemas", local: "c8-fabric/local" },
    app: makeApp("main", main),
  };
  packages.v1 = {
    tarball: v1,
    entries: { sdk: "c8-fabric-v1", v1: "c8-fabric-v1", schemas: "c8-fabric-v1/schemas", local: "c8-fabric-v1/local" },
    app: makeApp("v1", v1),
  };
  // Keep an install failure from surfacing as an unhandled rejection before a test awaits it.
  for (const p of Object.values(packages)) p.app.catch(() => {});
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the per-version package", () => {
  it("holds v1's generated code, the shared runtime and nothing else", async () => {
    const r = await run("tar", ["-tzf", packages.v1.tarball], work);
    const files = r.out.trim().split("\n").sort();
    expect(files).toContain("package/dist/entries/v1.js");
    expect(files).toContain("package/dist/generated/v1/operations.d.ts");
    expect(files).toContain("package/dist/generated/v1/schema.d.ts");
    expect(files).toContain("package/dist/src/index.js");
    expect(files.filter((f) => !/^package\/(package\.json|README\.md|dist\/(entries|src|generated\/v1)\/.+\.(js|d\.ts))$/.test(f))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(root, ".tmp", "pack", "c8-fabric-v1", "package.json"), "utf8"));
    expect(manifest).toMatchObject({ name: "c8-fabric-v1", sideEffects: false, c8: { apiVersion: "v1" } });
    // re2js and sorted-btree: the local fabric's regex engine and index B-trees (c8-fabric/local only)
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["jose", "openapi-fetch", "re2js", "sorted-btree", "zod"]);
  });
});

describe.each(["main", "v1"] as const)("package %s", (which) => {
  it("passes publint --strict and attw --profile esm-only", () => {
    for (const r of checkTarball(root, packages[which].tarball)) expect(r.ok, `${r.tool}:\n${r.output}`).toBe(true);
  }, 60_000);

  it("installs into a fresh app, type-checks and runs the async flow against its local fabric", async () => {
    const app = await packages[which].app;
    const built = await compile(app, goodProgram(packages[which].entries));
    expect(built.out).toBe("");
    expect(built.code).toBe(0);
    const ran = await run(process.execPath, ["out/main.js"], app, 30_000);
    const asyncOps = Object.values(operations).filter((o) => o.async).length;
    expect(ran.code, ran.out).toBe(0);
    expect(JSON.parse(ran.out.trim())).toEqual({ id: "students/Neal", names: ["Neal"], errorNum: 1501, asyncOps, valid: true });
  }, 90_000);

  it("rejects a program that misuses the API, with the expected compile errors", async () => {
    const app = await packages[which].app;
    const r = await compile(app, badProgram(packages[which].entries));
    expect(r.code).not.toBe(0);
    // One block per error: its "main.ts(l,c): error TSxxxx: …" line and the indented lines that follow.
    const blocks = r.out.split(/\n(?=main\.ts\()/).filter((b) => b.includes(": error TS"));
    for (const e of expectedErrors) {
      expect(blocks.some((b) => b.includes(`: error ${e.code}: `) && b.includes(e.text)), `${e.code} ${e.text}\n${r.out}`).toBe(true);
    }
    expect(blocks).toHaveLength(expectedErrors.length);
  }, 60_000);
});

describe("size budget (.size-limit.json, size-limit 12 with @size-limit/preset-small-lib)", () => {
  it("keeps the core entry within 12 KB min+gzip, zod excluded", async () => {
    const r = await run(join(root, "node_modules", ".bin", "size-limit"), ["--json"], root, 60_000);
    const checks = JSON.parse(r.out.slice(r.out.indexOf("["))) as { name: string; passed: boolean; size: number; sizeLimit: number }[];
    const core = checks.find((c) => c.name.startsWith("c8-fabric (core entry"));
    expect(core, r.out).toBeDefined();
    expect(core?.sizeLimit).toBe(12_000);
    expect(core?.size, `core entry is ${core?.size} B min+gzip (limit ${core?.sizeLimit} B)`).toBeLessThanOrEqual(12_000); // index, export, metadata and user calls: 9.85 → 11.2 KB
    for (const c of checks) expect(c.passed, `${c.name}: ${c.size} B > ${c.sizeLimit} B`).toBe(true);
  }, 60_000);
});
