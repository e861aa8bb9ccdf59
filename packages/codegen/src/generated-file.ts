/**
 * What an emitter returns: files as ts-morph structures (TypeScript) or as text (package.json, tsconfig).
 * `printFiles` turns the structures into text.
 */
import { printStructure, StructureKind, type StatementStructures } from 'ts-morph';

export interface GeneratedFile {
  /** Relative to the package directory, with `/`: `src/ostx.ts`, `package.json`. */
  path: string;
  /** TypeScript statements (structures, or strings for header comments), or finished text. */
  content: { kind: 'ts'; statements: (string | StatementStructures)[] } | { kind: 'text'; text: string };
}

export interface PrintedFile {
  path: string;
  text: string;
}

/**
 * Prints every file. TypeScript goes through ts-morph's structure printer (`printStructure`), which writes
 * the text without parsing it back into a syntax tree: the same output as `createSourceFile` from the
 * structures, without the cost of a compiler parse per file. Output is byte-identical on every run.
 */
export function printFiles(files: readonly GeneratedFile[]): PrintedFile[] {
  return files.map((f) => {
    if (f.content.kind === 'text') return { path: f.path, text: f.content.text };
    const text = printStructure({ kind: StructureKind.SourceFile, statements: f.content.statements }, { indentNumberOfSpaces: 2, newLine: '\n', useSingleQuote: true });
    return { path: f.path, text: text.endsWith('\n') ? text : `${text}\n` };
  });
}
