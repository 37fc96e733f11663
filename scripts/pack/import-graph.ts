// Checks that a package directory is self-contained: every relative import in its JS/.d.ts files points at a
// file inside it, and every bare import is a declared dependency (or a `node:` builtin).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** Every `.js`/`.d.ts` file under `dir`, recursively. */
export function* codeFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") yield* codeFiles(full);
    } else if (entry.name.endsWith(".js") || entry.name.endsWith(".d.ts")) yield full;
  }
}

/** Module specifiers imported by one file: static, dynamic and `import("x")` types; comments are skipped. */
export function specifiersOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** The bare package names (not `node:`) that files under `dir` import. */
export function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  for (const file of codeFiles(dir)) {
    for (const spec of specifiersOf(readFileSync(file, "utf8"))) {
      if (spec.startsWith(".") || spec.startsWith("node:") || spec.startsWith("/")) continue;
      names.add(packageNameOf(spec));
    }
  }
  return names;
}

/**
 * Problems that would break the package once installed: relative imports leaving the package or pointing at
 * missing files (a `.js` file must exist for JS; a `.js` or `.d.ts` for declarations), and bare imports of
 * packages that are not in `dependencies`. Empty when the package is self-contained.
 */
export function closureProblems(dir: string, dependencies: ReadonlySet<string>): string[] {
  const root = resolve(dir);
  const problems: string[] = [];
  for (const file of codeFiles(root)) {
    const isDecl = file.endsWith(".d.ts");
    const where = relative(root, file);
    for (const spec of specifiersOf(readFileSync(file, "utf8"))) {
      if (spec.startsWith("node:")) continue;
      if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(root + "/")) {
          problems.push(`${where}: "${spec}" points outside the package`);
          continue;
        }
        const ok = existsSync(target) || (isDecl && existsSync(target.replace(/\.js$/, ".d.ts")));
        if (!ok) problems.push(`${where}: "${spec}" is not in the package`);
        continue;
      }
      if (!dependencies.has(packageNameOf(spec))) {
        problems.push(`${where}: imports "${spec}", which is not a dependency of the package`);
      }
    }
  }
  return problems;
}
