// api-diff on fixture specs: base/ → additive/ (non-breaking only) and base/ → breaking/ (one of each breaking kind).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { operations } from "../../generated/v1/operations.js";
import { diffApis } from "../../scripts/api-diff/compare.js";
import { loadSpec } from "../../scripts/api-diff/load-spec.js";
import { buildModel } from "../../scripts/api-diff/model.js";

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(root, "test", "fixtures", "api-diff");
const model = (name: string) => buildModel(loadSpec(join(fixtures, name), join(root, "spec")).doc);
const tuples = (from: string, to: string) =>
  diffApis(model(from), model(to))
    .changes.map((c) => `${c.breaking ? "BREAKING " : ""}${c.operation} ${c.kind}`)
    .sort();

function cli(...args: string[]) {
  const r = spawnSync(join(root, "node_modules", ".bin", "tsx"), [join(root, "scripts", "api-diff.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("api-diff", () => {
  it("finds nothing between a spec and itself", () => {
    const diff = diffApis(model("base"), model("base"));
    expect(diff.changes).toEqual([]);
    expect(diff.breaking).toBe(0);
  });

  it("reads spec/v1 as the generator does: same operations, methods, paths, async flags and error classes", () => {
    const v1 = buildModel(loadSpec("v1", join(root, "spec")).doc);
    const fromSpec = [...v1.operations.values()].map((o) => `${o.key} ${o.method} ${o.path} ${o.async} ${o.errorClass} ${o.result}`);
    const fromTable = Object.entries(operations).map(([id, o]) => `${id} ${o.method} ${o.path} ${o.async} ${o.error} ${o.result}`);
    expect(fromSpec.sort()).toEqual(fromTable.sort());
    expect(diffApis(v1, v1).changes).toEqual([]);
  });

  it("reports additive changes without marking them breaking", () => {
    expect(tuples("base", "additive")).toEqual([
      "createCursor body-property-added",
      "createCursor body-property-optional",
      "createCursor response-property-added",
      "deleteExpiredJobs param-type-changed",
      "getCollectionCount operation-added",
      "getDocument async-added",
      "getDocument deprecated",
      "getDocument param-added",
      "getJobStatus error-status-added",
      "insertDocument enum-widened",
      "insertDocument error-status-added",
      "insertDocument param-added",
      "listCollections param-added",
      "truncateCollection body-added",
    ]);
  });

  it("marks every breaking kind", () => {
    expect(tuples("base", "breaking")).toEqual([
      "BREAKING authenticate auth-added",
      "BREAKING createCursor async-removed",
      "BREAKING createCursor body-property-added",
      "BREAKING createCursor body-property-type-changed",
      "BREAKING createCursor response-property-removed",
      "BREAKING deleteExpiredJobs operation-removed",
      "BREAKING getDocument param-added",
      "BREAKING getDocument result-changed",
      "BREAKING getJobStatus path-changed",
      "BREAKING insertDocument enum-narrowed",
      "BREAKING insertDocument error-class-changed",
      "BREAKING insertDocument param-removed",
      "BREAKING insertDocument param-renamed",
      "BREAKING insertDocument success-status-removed",
      "BREAKING listCollections param-required",
      "BREAKING listFinishedJobs operation-renamed",
      "BREAKING truncateCollection method-changed",
    ]);
  });

  it("names the parameters and values involved", () => {
    const messages = diffApis(model("base"), model("breaking")).changes.map((c) => c.message);
    expect(messages).toContain('query parameter "returnNew" renamed to "returnNewDoc"');
    expect(messages).toContain('query parameter "overwriteMode": enum narrowed, removed "conflict"');
    expect(messages).toContain("path /_fabric/{fabric}/_api/job/{id} → /_fabric/{fabric}/_api/jobs/{id}");
  });

  it("tells a rename from an unrelated removed + added parameter", () => {
    const spec = (query: string[], pathParam: string) =>
      buildModel({
        paths: {
          [`/items/{${pathParam}}`]: {
            get: {
              operationId: "getItem",
              parameters: [
                { in: "path", name: pathParam, required: true, schema: { type: "string" } },
                ...query.map((name) => ({ in: "query", name, schema: { type: "string" } })),
              ],
              responses: { "200": { description: "ok" } },
            },
          },
        },
      });
    const changes = diffApis(spec(["collection", "returnNew"], "item-id"), spec(["overwriteMode", "returnNewDoc"], "id")).changes;
    expect(changes.map((c) => `${c.kind}: ${c.message}`).sort()).toEqual([
      'param-added: query parameter "overwriteMode" added (optional)',
      'param-removed: query parameter "collection" removed',
      'param-renamed: path parameter "item-id" renamed to "id"',
      'param-renamed: query parameter "returnNew" renamed to "returnNewDoc"',
      "path-changed: path /items/{item-id} → /items/{id}",
    ]);
  });

  it("CLI exits 1 on breaking changes only with --fail-on-breaking", () => {
    const breaking = cli("test/fixtures/api-diff/base", "test/fixtures/api-diff/breaking", "--fail-on-breaking");
    expect(breaking.code).toBe(1);
    expect(breaking.out).toMatch(/^ {2}- deleteExpiredJobs +DELETE \/_fabric\/\{fabric\}\/_api\/job\/expired {2}\[BREAKING\]$/m);
    expect(breaking.out).toContain("0 added, 1 removed, 8 changed; 17 breaking changes");
    expect(cli("test/fixtures/api-diff/base", "test/fixtures/api-diff/breaking").code).toBe(0);
    const additive = cli("test/fixtures/api-diff/base", "test/fixtures/api-diff/additive/openapi.yaml", "--fail-on-breaking");
    expect(additive.code).toBe(0);
    expect(additive.out).toContain("+ getCollectionCount");
  });

  it("reads the old spec from git as <rev>:<path>", () => {
    const repo = mkdtempSync(join(tmpdir(), "api-diff-git-"));
    try {
      const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" });
      git("init", "-q");
      cpSync(join(fixtures, "base", "openapi.yaml"), join(repo, "openapi.yaml"));
      git("add", "openapi.yaml");
      git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "base");
      cpSync(join(fixtures, "breaking", "openapi.yaml"), join(repo, "openapi.yaml"));
      const diff = diffApis(buildModel(loadSpec("HEAD:openapi.yaml", root, repo).doc), buildModel(loadSpec("openapi.yaml", root, repo).doc));
      expect(diff.breaking).toBe(17);
      expect(() => loadSpec("HEAD:missing.yaml", root, repo)).toThrow(/cannot read "HEAD:missing.yaml" from git/);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it("CLI prints JSON and fails cleanly on a missing spec", () => {
    const json = cli("test/fixtures/api-diff/base", "test/fixtures/api-diff/additive", "--json");
    expect(JSON.parse(json.out)).toMatchObject({ added: 1, removed: 0, changed: 7, breaking: 0 });
    const missing = cli("v0-does-not-exist", "test/fixtures/api-diff/base");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot find a spec for "v0-does-not-exist"');
  });
});
