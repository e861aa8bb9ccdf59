/**
 * Prints diagnostics with the model's formatter (which the generation tools share), coloured (tsc's colours)
 * only where the command's output is a terminal that wants it (see `io.ts`).
 */
import { formatDiagnostics as format, type DiagnosticOutputOptions } from '@comidl/model';
import { colored, plain, type Diagnostic } from '@comidl/parser';
import { colorEnabled } from './color';

export { errorCount, summaryLine } from '@comidl/model';

/** The diagnostics, each with its source line; with `summary` (the default), the `Found ...` line after them. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: Omit<DiagnosticOutputOptions, 'style'> = {}): string {
  return format(diagnostics, { ...options, style: colorEnabled() ? colored : plain });
}
