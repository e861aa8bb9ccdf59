/**
 * What an emitter returns: files as ts-morph structures (TypeScript) or as text (package.json, tsconfig).
 * `printFiles` turns the structures into text.
 */
import type { StatementStructures } from 'ts-morph';
import { StructureKind } from './structure-kinds';
import { printStatements } from './structure-printer';

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
 * Prints every file. Each run of structures goes through the fast printer (`printStatements`), which gives
 * the text ts-morph's structure printer (`printStructure`) gives, or through printStructure itself when the
 * run has something the fast printer does not support. Statements given as text (the header, large
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
      parts.push(printStatements(run) ?? tsMorphPrint(run));
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

/** printStructure's layout settings; the fast printer writes the same layout. */
const options = { indentNumberOfSpaces: 2, newLine: '\n' as const, useSingleQuote: true };

/** A run printed by ts-morph's `printStructure`; ts-morph (and the compiler under it) is loaded on first use. */
function tsMorphPrint(run: StatementStructures[]): string {
  const { printStructure } = require('ts-morph') as typeof import('ts-morph');
  return printStructure({ kind: StructureKind.SourceFile, statements: run }, options).replace(/\n+$/, '');
}
