/**
 * What an emitter returns: files as ts-morph structures (TypeScript) or as text (package.json, tsconfig).
 * `printFiles` (`print.ts`) turns the structures into text with ts-morph.
 */
import type { StatementStructures, WriterFunction } from 'ts-morph';

export interface GeneratedFile {
  /** Relative to the package directory, with `/`: `src/ostx.ts`, `package.json`. */
  path: string;
  /**
   * TypeScript: the `@generated` header line, then the statements as structures (or writer functions, for a
   * statement no structure describes); or finished text (JSON).
   */
  content: { kind: 'ts'; header: string; statements: (StatementStructures | WriterFunction)[] } | { kind: 'text'; text: string };
}

export interface PrintedFile {
  path: string;
  text: string;
}
