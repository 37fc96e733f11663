// API docs: every public symbol of the package entries carries a JSDoc comment (scripts/check-docs.ts), and
// TypeDoc (npm run docs, typedoc.json) builds the docs with no validation warning (broken {@link}s, public
// signatures that reference types the entries do not export).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { undocumentedSymbols } from "../../scripts/check-docs.js";

const root = join(import.meta.dirname, "..", "..");

describe("API docs", () => {
  it("every public symbol has a JSDoc comment", () => {
    const missing = undocumentedSymbols(root).map((m) => `${m.where}  ${m.name}`);
    expect(missing, `${missing.length} public symbols lack a JSDoc comment:\n${missing.join("\n")}`).toEqual([]);
  }, 60_000);

  it("TypeDoc builds the docs of all four entries without warnings", () => {
    const out = mkdtempSync(join(tmpdir(), "c8-docs-"));
    try {
      const r = spawnSync(process.execPath, [join(root, "node_modules", "typedoc", "bin", "typedoc"), "--out", out], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      });
      const output = `${r.stdout}${r.stderr}`;
      expect(r.status, output).toBe(0);
      expect(output.split("\n").filter((l) => /\[(warning|error)\]/.test(l)), output).toEqual([]);
      for (const page of ["index.html", "modules/c8-fabric.html", "modules/c8-fabric_v1.html", "modules/c8-fabric_v1_schemas.html", "modules/c8-fabric_local.html"]) {
        expect(existsSync(join(out, page)), page).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 90_000);
});
