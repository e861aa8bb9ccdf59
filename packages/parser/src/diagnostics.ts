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

/** A step of the way a file was reached: the `#include` or `import` that read it. */
export interface ReachedFrom extends SourcePosition {
  kind: 'include' | 'import';
}

export interface Diagnostic extends SourcePosition {
  /** Stable code, e.g. `PP003` (preprocessor), `LEX001` (lexer), `SYN001` (parser), `M001` (model). */
  code: string;
  severity: Severity;
  message: string;
  /** The enclosing declaration, e.g. `interface IOSTX` or `struct tagHDRSYNC`, when there is one. */
  context?: string;
  /**
   * For a diagnostic in a file the input reached through `#include` or `import`: the chain that reached it,
   * nearest first (`included from a.h:3`, then `imported from ocidl.idl:12, dxgi.idl:3`).
   */
  via?: ReachedFrom[];
}

/**
 * The `#include` chain that reached `file` from the file preprocessed, nearest first; empty for that file itself.
 * A chain that loops (a file including itself through others) ends at the first repeat.
 */
export function includeChain(file: string, includedFrom: ReadonlyMap<string, SourcePosition>): ReachedFrom[] {
  const chain: ReachedFrom[] = [];
  const seen = new Set<string>([file]);
  for (let at = includedFrom.get(file); at && chain.length < includedFrom.size; at = includedFrom.get(at.file)) {
    chain.push({ kind: 'include', file: at.file, line: at.line, column: at.column });
    if (seen.has(at.file)) break;
    seen.add(at.file);
  }
  return chain;
}

/** Gives each diagnostic in an `#include`d file the chain that reached it. */
export function withIncludeChains(diagnostics: readonly Diagnostic[], includedFrom: ReadonlyMap<string, SourcePosition>): Diagnostic[] {
  if (includedFrom.size === 0) return [...diagnostics];
  return diagnostics.map((d) => {
    if (d.via || !includedFrom.has(d.file)) return d;
    const via = includeChain(d.file, includedFrom);
    return via.length ? { ...d, via } : d;
  });
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
export function formatDiagnostic(d: Diagnostic, readLine?: SourceLineReader, style: DiagnosticStyle = plain): string {
  const where = `${d.file}:${d.line}:${d.column}`;
  const out = [`${style.location(printable(where))}: ${style.severity(d.severity)} ${style.code(d.code)}: ${printable(d.message)}`];
  const source = readLine?.(d.file, d.line);
  if (source !== undefined) {
    // Long lines are cut around the column: a minified or generated file must not flood the terminal.
    const text = printable(source.replace(/\t/g, ' '));
    const from = d.column > 160 ? d.column - 80 : 0;
    const shown = text.length - from > 200 ? `${text.slice(from, from + 200)}...` : text.slice(from);
    out.push(`  ${from ? '...' : ''}${shown}`);
    out.push(`  ${' '.repeat(Math.max(0, d.column - 1 - from + (from ? 3 : 0)))}${style.caret(d.severity, '^')}`);
  }
  if (d.context) out.push(`  in ${printable(d.context)}`);
  if (d.via?.length) out.push(`  ${formatChain(d.via)}`);
  return out.join('\n');
}

/** `included from a.h:3; imported from ocidl.idl:12, dxgi.idl:3`. */
export function formatChain(via: readonly ReachedFrom[]): string {
  const groups: string[] = [];
  let kind: ReachedFrom['kind'] | null = null;
  let items: string[] = [];
  const flush = () => {
    if (kind) groups.push(`${kind === 'include' ? 'included' : 'imported'} from ${items.join(', ')}`);
  };
  for (const step of via) {
    if (step.kind !== kind) {
      flush();
      kind = step.kind;
      items = [];
    }
    items.push(printable(`${step.file}:${step.line}`));
  }
  flush();
  return groups.join('; ');
}

/**
 * Text echoed from input (source lines, names, messages quoting them) with control characters shown as
 * escapes: an escape sequence in a file must not drive the terminal that shows its diagnostic.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** How the parts of a diagnostic are shown: plain text, or with a terminal's colours. */
export interface DiagnosticStyle {
  location(text: string): string;
  severity(severity: Severity): string;
  code(text: string): string;
  caret(severity: Severity, text: string): string;
}

export const plain: DiagnosticStyle = {
  location: (t) => t,
  severity: (s) => s,
  code: (t) => t,
  caret: (_s, t) => t,
};

const sgr = (code: string, text: string) => `\u001b[${code}m${text}\u001b[0m`;

/** tsc's colours: the location cyan, errors red, warnings yellow, the code grey. */
export const colored: DiagnosticStyle = {
  location: (t) => sgr('36', t),
  severity: (s) => sgr(s === 'error' ? '91' : '93', s),
  code: (t) => sgr('90', t),
  caret: (s, t) => sgr(s === 'error' ? '91' : '93', t),
};

/** `Found 2 errors and 1 warning.`: the line a run ends with when it reported anything. */
export function diagnosticSummary(errors: number, warnings: number): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return `Found ${count(errors, 'error')} and ${count(warnings, 'warning')}.`;
}

/** Orders diagnostics by file, line and column so output is deterministic. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
