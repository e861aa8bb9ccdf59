/**
 * Diagnostics as every comidl command and tool prints them: `file:line:col: error CODE: message`, the
 * source line, a caret, the enclosing declaration, the chain of `#include`s and imports that reached the
 * file; a batch ends with `Found N errors and M warnings.` Source lines are read from regular files only (a
 * diagnostic about a FIFO or a device never blocks on it). The CLI chooses the style (colour on a terminal).
 */
import { diagnosticSummary, formatDiagnostic, plain, type Diagnostic, type DiagnosticStyle } from '@comidl/parser';
import { readRegularFile } from './regular-file';

/**
 * Reads source lines for one batch of diagnostics. The cache lives only as long as the batch: a command may
 * run many times in one process (tests, --watch), and a file may change between runs.
 */
function lineReader(): (file: string, line: number) => string | undefined {
  const lines = new Map<string, string[] | null>();
  return (file, line) => {
    let text = lines.get(file);
    if (text === undefined) {
      try {
        text = readRegularFile(file)?.split(/\r?\n/) ?? null;
      } catch {
        text = null;
      }
      lines.set(file, text);
    }
    return text?.[line - 1];
  };
}

export interface DiagnosticOutputOptions {
  /** End with the `Found ...` line (the default). */
  summary?: boolean;
  /** Plain by default; the CLI passes `colored` on a terminal. */
  style?: DiagnosticStyle;
}

/** The diagnostics, each with its source line; with `summary` (the default), the `Found ...` line after them. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: DiagnosticOutputOptions = {}): string {
  const sourceLine = lineReader();
  const text = diagnostics.map((d) => formatDiagnostic(d, sourceLine, options.style ?? plain) + '\n').join('');
  return options.summary === false || !diagnostics.length ? text : text + summaryLine(diagnostics);
}

/** `Found 2 errors and 1 warning.` for diagnostics reported once each (the same one repeated counts once). */
export function summaryLine(diagnostics: readonly Diagnostic[]): string {
  const unique = new Map(diagnostics.map((d) => [`${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`, d]));
  const errors = [...unique.values()].filter((d) => d.severity === 'error').length;
  return `${diagnosticSummary(errors, unique.size - errors)}\n`;
}

export function errorCount(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((d) => d.severity === 'error').length;
}
