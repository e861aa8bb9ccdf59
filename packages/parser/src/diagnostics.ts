/**
 * Diagnostics: the one shape every phase (preprocessor, lexer, parser, model) reports problems in.
 * Bad input never throws; it produces diagnostics with a stable code and an original source position.
 */

export type Severity = 'error' | 'warning';

/** A position in an original source file. Lines and columns are 1-based. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface Diagnostic extends SourcePosition {
  /** Stable code, e.g. `PP003` (preprocessor), `LEX001` (lexer), `SYN001` (parser), `M001` (model). */
  code: string;
  severity: Severity;
  message: string;
  /** The enclosing declaration, e.g. `interface IOSTX` or `struct tagHDRSYNC`, when there is one. */
  context?: string;
}

/** Reads the text of a source file for diagnostics' caret lines; undefined when it cannot be read. */
export type SourceLineReader = (file: string, line: number) => string | undefined;

/**
 * Formats one diagnostic the way compilers do:
 *
 *     file:line:col: error CODE: message
 *       source line
 *           ^
 *       in interface IFoo
 */
export function formatDiagnostic(d: Diagnostic, readLine?: SourceLineReader): string {
  const out = [`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`];
  const source = readLine?.(d.file, d.line);
  if (source !== undefined) {
    const text = source.replace(/\t/g, ' ');
    out.push(`  ${text}`);
    out.push(`  ${' '.repeat(Math.max(0, d.column - 1))}^`);
  }
  if (d.context) out.push(`  in ${d.context}`);
  return out.join('\n');
}

/** Orders diagnostics by file, line and column so output is deterministic. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
