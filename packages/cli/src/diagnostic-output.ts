/**
 * Prints diagnostics as `file:line:col: error CODE: message`, the source line, a caret, the declaration, the
 * chain of `#include`s and imports that reached the file; a batch ends with `Found N errors and M warnings.`
 * Colour (tsc's) only where the command's output is a terminal that wants it (see `io.ts`).
 */
import { colored, diagnosticSummary, formatDiagnostic, plain, readSourceFile, type Diagnostic } from '@comidl/parser';
import { colorEnabled } from './color';

/**
 * Reads source lines for one batch of diagnostics. The cache lives only as long as the batch: `run` may be
 * called many times in one process (tests, library use), and a file may change between calls. Only regular
 * files are read: a diagnostic about a FIFO must not hang on showing its line.
 */
function lineReader(): (file: string, line: number) => string | undefined {
  const lines = new Map<string, string[] | null>();
  return (file, line) => {
    let text = lines.get(file);
    if (text === undefined) {
      try {
        text = readSourceFile(file)?.split(/\r?\n/) ?? null;
      } catch {
        text = null;
      }
      lines.set(file, text);
    }
    return text?.[line - 1];
  };
}

/** The diagnostics, each with its source line; with `summary` (the default), the `Found ...` line after them. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: { summary?: boolean } = {}): string {
  const sourceLine = lineReader();
  const style = colorEnabled() ? colored : plain;
  const text = diagnostics.map((d) => formatDiagnostic(d, sourceLine, style) + '\n').join('');
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
