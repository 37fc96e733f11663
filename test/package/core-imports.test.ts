// The SDK core runs outside Node: nothing the core entry reaches (src/ files and the generated/ files they import)
// imports a `node:` module or a bare builtin, src/local/ or zod (validators live in the `./v1/schemas` entry).
// Checked on the source import graph and on an esbuild browser bundle, which also sees into dependencies.
// (test/sdk/transport.test.ts separately scans every file of src/ minus src/local/.)
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { build } from "esbuild";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const coreEntry = join(root, "entries", "index.ts"); // what `c8-fabric` (".") exports
const builtins = new Set(builtinModules.filter((m) => !m.startsWith("_")));

const isNodeBuiltin = (spec: string) => spec.startsWith("node:") || builtins.has(spec.split("/")[0] ?? spec);
const specifiers = (file: string) =>
  ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);

/** Files reachable from `entry` through relative imports (`./x.js` → `./x.ts` or `./x.d.ts`), plus bare imports. */
function importGraph(entry: string): { files: Set<string>; bare: Map<string, string> } {
  const files = new Set<string>();
  const bare = new Map<string, string>(); // specifier → first importer
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of specifiers(file)) {
      if (!spec.startsWith(".")) {
        if (!bare.has(spec)) bare.set(spec, relative(root, file));
        continue;
      }
      const base = resolve(dirname(file), spec).replace(/\.js$/, "");
      const candidates = [`${base}.ts`, `${base}.d.ts`, `${base}.tsx`];
      const found = candidates.find((c) => existsSync(c));
      if (!found) throw new Error(`${relative(root, file)} imports ${spec}, which does not exist`);
      queue.push(found);
    }
  }
  return { files, bare };
}

describe("the SDK core runs outside Node", () => {
  it("the core entry reaches no node: module, no src/local/ and no zod", () => {
    const { files, bare } = importGraph(coreEntry);
    expect(files.size).toBeGreaterThan(1);
    const reached = [...files].map((f) => relative(root, f));
    expect(reached.filter((f) => f.startsWith("src/local/"))).toEqual([]);
    expect(reached).not.toContain("generated/v1/schemas.ts");
    const bad = [...bare].filter(([spec]) => isNodeBuiltin(spec) || spec === "zod" || spec.startsWith("zod/"));
    expect(bad.map(([spec, from]) => `${from} imports ${spec}`)).toEqual([]);
  });

  it("bundles for the browser with no Node builtin and no zod among its inputs", async () => {
    const result = await build({
      entryPoints: [coreEntry],
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes("node_modules/openapi-fetch/"))).toBe(true);
    expect(inputs.filter((i) => i.includes("node_modules/zod/") || i.startsWith("src/local/"))).toEqual([]);
  });
});
