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
 * Prints every file. Structures go through ts-morph's structure printer (`printStructure`), which writes
 * the text without parsing it back into a syntax tree: the same output as `createSourceFile` from the
 * structures, without the cost of a compiler parse per file. Statements given as text (the header, large
 * pre-formatted data) are copied as they are, a blank line around them. Output is byte-identical on every
 * run.
 */
export function printFiles(files: readonly GeneratedFile[]): PrintedFile[] {
  return files.map((f) => {
    if (f.content.kind === 'text') return { path: f.path, text: f.content.text };
    const parts: string[] = [];
    let run: StatementStructures[] = [];
    const flush = () => {
      if (!run.length) return;
      parts.push(printStructure({ kind: StructureKind.SourceFile, statements: run }, options).replace(/\n+$/, ''));
      run = [];
    };
    for (const s of f.content.statements) {
      if (typeof s === 'string') {
        flush();
        parts.push(s.replace(/\n+$/, ''));
      } else {
        run.push(s);
      }
    }
    flush();
    // The header and the imports stay together; everything else is a blank line apart.
    const text = parts.reduce((acc, part, i) => (i === 0 ? part : `${acc}${i === 1 && parts[0].startsWith('// @generated') ? '\n' : '\n\n'}${part}`), '');
    return { path: f.path, text: `${text}\n` };
  });
}

const options = { indentNumberOfSpaces: 2, newLine: '\n' as const, useSingleQuote: true };
