/**
 * Prints generated files: each TypeScript file is one source-file structure printed by ts-morph's standalone
 * `printStructure` (no project, no compiler parse), with one set of settings; JSON files are their text.
 */
import { printStructure, StructureKind, type PrintStructureOptions } from 'ts-morph';
import type { GeneratedFile, PrintedFile } from './generated-file';

/** How every generated file is laid out: 2-space indentation, `\n`, single quotes. */
const settings: PrintStructureOptions = { indentNumberOfSpaces: 2, newLine: '\n', useSingleQuote: true };

/** Prints every file; the same structures always give the same text. */
export function printFiles(files: readonly GeneratedFile[]): PrintedFile[] {
  return files.map((f) => ({
    path: f.path,
    text:
      f.content.kind === 'text'
        ? f.content.text
        : printStructure({ kind: StructureKind.SourceFile, statements: [f.content.header, ...f.content.statements] }, settings),
  }));
}
