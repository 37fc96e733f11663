// `npm run pack:api -- <v1|main>… [--out DIR] [--no-build] [--check]`
// v1 → c8-fabric-v1-<version>.tgz: one API version's generated code plus the shared runtime (SDK + local fabric),
// assembled in a staging dir with its own package.json, then `npm pack`ed. `main` packs the c8-fabric package itself.
// --check runs publint and attw on each tarball. Default output dir: .tmp/packages/.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { build, repoRoot } from "./build.js";
import { checkTarball } from "./pack/check-tarball.js";
import { closureProblems, importedPackages } from "./pack/import-graph.js";

interface RootManifest {
  name: string;
  version: string;
  license?: string;
  engines?: Record<string, string>;
  repository?: unknown;
  dependencies?: Record<string, string>;
}

/** Options for packing. */
export interface PackOptions {
  /** Directory the .tgz files go to. */
  readonly out: string;
  /** Run the build first (default true); false reuses dist/. */
  readonly build?: boolean;
}

const readManifest = (root: string): RootManifest => JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** API versions with generated code, oldest first (`v1`, `v2`, …). */
export function apiVersions(root = repoRoot): string[] {
  const dir = join(root, "generated");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => /^v\d+$/.test(d))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
}

/** npm pack `dir` into `out`; returns the tarball's absolute path. */
function npmPack(dir: string, out: string): string {
  mkdirSync(out, { recursive: true });
  const r = spawnSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm pack failed in ${dir}\n${r.stdout}${r.stderr}`);
  const [info] = JSON.parse(r.stdout) as { filename: string }[];
  if (!info) throw new Error(`npm pack printed no file name in ${dir}`);
  return join(out, info.filename);
}

/** Keeps the dependencies the package's code really imports; fails on an import of anything undeclared. */
function dependenciesFor(dir: string, declared: Record<string, string>): Record<string, string> {
  const deps: Record<string, string> = {};
  for (const name of [...importedPackages(dir)].sort()) {
    const range = declared[name];
    if (range === undefined) throw new Error(`pack: code in ${dir} imports "${name}", which is not in dependencies`);
    deps[name] = range;
  }
  return deps;
}

function assertClosed(dir: string, deps: Record<string, string>): void {
  const problems = closureProblems(dir, new Set(Object.keys(deps)));
  if (problems.length > 0) throw new Error(`pack: ${dir} is not self-contained:\n  ${problems.join("\n  ")}`);
}

const entry = (path: string) => ({ types: `./${path}.d.ts`, default: `./${path}.js` });

function specInfo(root: string, version: string): string {
  const file = join(root, "spec", version, "openapi.yaml");
  if (!existsSync(file)) return version;
  const info = (parse(readFileSync(file, "utf8")) as { info?: { title?: string; version?: string } }).info ?? {};
  return `${info.title ?? "OpenAPI"} ${info.version ?? "?"}`;
}

function packageReadme(name: string, version: string, spec: string, sdk: string): string {
  return `# ${name}

The typed TypeScript SDK for Macrometa's C8 Data Fabric, **API ${version}** (${spec}), built from ${sdk}.

\`\`\`ts
import { C8Client } from "${name}";            // the SDK, typed request functions and the operation table
import { requestBodies } from "${name}/schemas"; // zod validators (optional; pulls in zod)
import { startLocalFabric } from "${name}/local"; // a local fabric server for tests (Node only)
\`\`\`

ESM only; Node >= 20.19 and modern browsers (the SDK core uses only web-standard APIs).
Install one package per API version you talk to: \`${name}\` and \`c8-fabric-v2\` can live side by side.
`;
}

/** Stages the per-version package for `version` under `<root>/.tmp/pack/` and returns its directory. */
export function stageApiPackage(version: string, root = repoRoot): string {
  const dist = join(root, "dist");
  const entries = [version, `${version}-schemas`, "local"];
  const needed = [join(dist, "generated", version), ...entries.map((e) => join(dist, "entries", `${e}.js`))];
  for (const p of needed) {
    if (!existsSync(p)) throw new Error(`pack: ${relative(root, p)} is missing (build first; does API ${version} have entries/${version}.ts and entries/${version}-schemas.ts?)`);
  }
  const manifest = readManifest(root);
  const name = `${manifest.name}-${version}`;
  const stage = join(root, ".tmp", "pack", name);
  rmSync(stage, { recursive: true, force: true });
  // Only this version's generated code; the shared runtime (src/, including the local fabric) as built.
  cpSync(join(dist, "src"), join(stage, "dist", "src"), { recursive: true });
  cpSync(join(dist, "generated", version), join(stage, "dist", "generated", version), { recursive: true });
  for (const e of entries) {
    for (const ext of [".js", ".d.ts"]) cpSync(join(dist, "entries", e + ext), join(stage, "dist", "entries", e + ext));
  }
  const dependencies = dependenciesFor(stage, manifest.dependencies ?? {});
  assertClosed(stage, dependencies);
  const spec = specInfo(root, version);
  const pkg = {
    name,
    version: manifest.version,
    description: `Typed SDK for the C8 Data Fabric, API ${version} (${spec}): client, request functions, zod schemas, local fabric`,
    type: "module",
    license: manifest.license,
    ...(manifest.repository ? { repository: manifest.repository } : {}),
    engines: manifest.engines,
    sideEffects: false,
    main: `./dist/entries/${version}.js`,
    types: `./dist/entries/${version}.d.ts`,
    exports: {
      ".": entry(`dist/entries/${version}`),
      "./schemas": entry(`dist/entries/${version}-schemas`),
      "./local": entry("dist/entries/local"),
      "./package.json": "./package.json",
    },
    files: ["dist"],
    dependencies,
    c8: { apiVersion: version, spec, builtFrom: `${manifest.name}@${manifest.version}` },
  };
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(stage, "README.md"), packageReadme(name, version, spec, `${manifest.name}@${manifest.version}`));
  return stage;
}

/** Builds (unless `build: false`) and packs the per-version package; returns the tarball path. */
export function packApi(version: string, opts: PackOptions, root = repoRoot): string {
  if (opts.build !== false) build(root);
  return npmPack(stageApiPackage(version, root), resolve(opts.out));
}

/** Builds (unless `build: false`) and packs the c8-fabric package itself; returns the tarball path. */
export function packMain(opts: PackOptions, root = repoRoot): string {
  if (opts.build !== false) build(root);
  const manifest = readManifest(root);
  assertClosed(join(root, "dist"), manifest.dependencies ?? {});
  return npmPack(root, resolve(opts.out));
}

function main(argv: string[]): number {
  const targets: string[] = [];
  let out = join(repoRoot, ".tmp", "packages");
  let doBuild = true;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--out") out = resolve(argv[++i] ?? "");
    else if (a === "--no-build") doBuild = false;
    else if (a === "--check") check = true;
    else if (a.startsWith("--")) throw new Error(`pack:api: unknown option ${a}`);
    else targets.push(a);
  }
  if (targets.length === 0) throw new Error(`usage: npm run pack:api -- <${[...apiVersions(), "main"].join("|")}>… [--out DIR] [--no-build] [--check]`);
  if (doBuild) build();
  let failed = false;
  for (const target of targets) {
    const tgz = target === "main" ? packMain({ out, build: false }) : packApi(target, { out, build: false });
    console.log(`packed ${relative(process.cwd(), tgz)}`);
    if (!check) continue;
    for (const r of checkTarball(repoRoot, tgz)) {
      console.log(`  ${r.tool}: ${r.ok ? "ok" : "FAILED"}${r.ok ? "" : `\n${r.output}`}`);
      failed ||= !r.ok;
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
}
