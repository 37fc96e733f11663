// `npm run docs:check`: every public symbol has a JSDoc comment. "Public" = what the package entries export
// (entries/*.ts), followed through re-exports, plus the public members of exported classes, interfaces, enums
// and object type aliases. Symbols declared outside this repository (dependencies' types) are not ours to document.
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The package entry files TypeDoc documents (see typedoc.json). */
export const ENTRY_FILES = ["entries/index.ts", "entries/v1.ts", "entries/v1-schemas.ts", "entries/local.ts"];

/** One public symbol without documentation. */
export interface Undocumented {
  /** e.g. `C8Client.fabric` */
  readonly name: string;
  /** `path:line` of its first declaration, relative to the repository. */
  readonly where: string;
}

function loadProgram(root: string, entries: readonly string[]): ts.Program {
  const configFile = join(root, "tsconfig.build.json");
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  return ts.createProgram(entries.map((e) => join(root, e)), { ...parsed.options, noEmit: true });
}

function isDocumented(sym: ts.Symbol, checker: ts.TypeChecker): boolean {
  if (sym.getDocumentationComment(checker).length > 0) return true;
  // A comment that only carries tags (`@deprecated`, `@param`…) still documents the symbol.
  return (sym.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
}

function isHidden(decl: ts.Declaration): boolean {
  const flags = ts.getCombinedModifierFlags(decl);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return true;
  const name = ts.getNameOfDeclaration(decl);
  if (name && ts.isPrivateIdentifier(name)) return true;
  return ts.getJSDocTags(decl).some((t) => t.tagName.text === "internal");
}

/** Public symbols reachable from `entries` that carry no JSDoc, sorted by location. */
export function undocumentedSymbols(root = repoRoot, entries: readonly string[] = ENTRY_FILES): Undocumented[] {
  const program = loadProgram(root, entries);
  const checker = program.getTypeChecker();
  const ours = (d: ts.Declaration) => {
    const file = relative(root, d.getSourceFile().fileName);
    return !file.startsWith("..") && !file.includes("node_modules");
  };
  const seen = new Set<ts.Symbol>();
  const found: Undocumented[] = [];

  const where = (d: ts.Declaration) => {
    const sf = d.getSourceFile();
    return `${relative(root, sf.fileName)}:${sf.getLineAndCharacterOfPosition(d.getStart()).line + 1}`;
  };

  function visit(sym: ts.Symbol, name: string, asMember: boolean): void {
    if (seen.has(sym)) return;
    seen.add(sym);
    const decls = (sym.declarations ?? []).filter(ours);
    const first = decls[0];
    if (!first || decls.every(isHidden)) return;
    // Constructors, type parameters and call/construct/index signatures are documented by their owner.
    if (ts.isConstructorDeclaration(first) || sym.flags & (ts.SymbolFlags.TypeParameter | ts.SymbolFlags.Signature)) return;
    if (!isDocumented(sym, checker)) found.push({ name, where: where(first) });
    if (asMember) return;
    const isContainer = sym.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.Enum);
    if (isContainer) {
      sym.members?.forEach((m, key) => visit(m, `${name}.${String(key)}`, true));
      // Static class members and enum members live in `exports`.
      sym.exports?.forEach((m, key) => {
        if (key !== "prototype") visit(m, `${name}.${String(key)}`, true);
      });
    }
    for (const d of decls) {
      if (ts.isTypeAliasDeclaration(d) && ts.isTypeLiteralNode(d.type)) {
        for (const member of d.type.members) {
          const m = (member as ts.Declaration & { symbol?: ts.Symbol }).symbol;
          if (m) visit(m, `${name}.${m.getName()}`, true);
        }
      }
      if (ts.isModuleDeclaration(d)) {
        const ns = checker.getSymbolAtLocation(d.name);
        if (ns) for (const e of checker.getExportsOfModule(ns)) visit(resolveAlias(e), `${name}.${e.getName()}`, false);
      }
    }
  }

  const resolveAlias = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);

  for (const entry of entries) {
    const sf = program.getSourceFile(join(root, entry));
    const mod = sf && checker.getSymbolAtLocation(sf);
    if (!mod) throw new Error(`docs:check: cannot load ${entry}`);
    for (const exp of checker.getExportsOfModule(mod)) visit(resolveAlias(exp), exp.getName(), false);
  }
  return found.sort((a, b) => a.where.localeCompare(b.where, "en", { numeric: true }));
}

if (process.argv[1] && join(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const missing = undocumentedSymbols();
  for (const m of missing) console.log(`${m.where}  ${m.name}`);
  console.log(missing.length === 0 ? "every public symbol is documented" : `${missing.length} public symbols lack a JSDoc comment`);
  process.exitCode = missing.length === 0 ? 0 : 1;
}
