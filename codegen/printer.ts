import {
  IndentationText,
  NewLineKind,
  Project,
  QuoteKind,
  type OptionalKind,
  type SourceFileStructure,
} from "ts-morph";

/**
 * Prints ts-morph structures to text. Each file is created once from its complete structure (one parse), never
 * grown with one `addX` call per item, which would re-parse the file every time.
 */
export class StructurePrinter {
  readonly #project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Double,
      useTrailingCommas: true,
    },
  });

  print(fileName: string, structure: OptionalKind<SourceFileStructure>): string {
    const file = this.#project.createSourceFile(`/${fileName}`, structure, { overwrite: true });
    const text = file.getFullText();
    this.#project.removeSourceFile(file);
    return text.endsWith("\n") ? text : text + "\n";
  }
}

/**
 * An exported const with a laid-out (possibly multi-line) initializer, as a raw statement. ts-morph prints variable
 * statements with a hanging indent that would push every continuation line of such an initializer one level further.
 */
// ts-morph separates declarations with blank lines but not raw statements; callers add "\n" where wanted.
export function constStatement(name: string, initializer: string, doc?: string): string {
  const jsdoc = doc === undefined ? "" : jsDoc(doc);
  return `${jsdoc}export const ${name} = ${initializer};`;
}

function jsDoc(text: string): string {
  const lines = text.split("\n");
  if (lines.length === 1) return `/** ${lines[0]} */\n`;
  return `/**\n${lines.map((l) => (l === "" ? " *" : ` * ${l}`)).join("\n")}\n */\n`;
}
