/** Prints diagnostics as `file:line:col: error CODE: message`, the source line, a caret, the declaration. */
import { readFileSync } from 'node:fs';
import { formatDiagnostic, type Diagnostic } from '@comidl/parser';

/**
 * Reads source lines for one batch of diagnostics. The cache lives only as long as the batch: `run` may be
 * called many times in one process (tests, library use), and a file may change between calls.
 */
function lineReader(): (file: string, line: number) => string | undefined {
  const lines = new Map<string, string[] | null>();
  return (file, line) => {
    let text = lines.get(file);
    if (text === undefined) {
      try {
        text = readFileSync(file, 'utf8').split(/\r?\n/);
      } catch {
        text = null;
      }
      lines.set(file, text);
    }
    return text?.[line - 1];
  };
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const sourceLine = lineReader();
  return diagnostics.map((d) => formatDiagnostic(d, sourceLine) + '\n').join('');
}

export function errorCount(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((d) => d.severity === 'error').length;
}
