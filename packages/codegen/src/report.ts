/**
 * What a generation has to say, as comidl and the repository's tools print it: its diagnostics (warnings
 * too) with their source lines, its protocol problems, and its vtable lock's problems (errors, or warnings
 * with --update-lock), each a located line.
 */
import { formatDiagnostics } from '@comidl/model';
import type { DiagnosticStyle } from '@comidl/parser';
import type { GenerateResult } from './generate';
import { formatProtocolProblem } from './protocol';

/** The lock's complaints, one line each: errors, or with --update-lock warnings of what it accepts; notes. */
export function lockReport(name: string, result: GenerateResult, updateLock: boolean): string[] {
  const notes = result.lockFile ? result.lockNotes.map((n) => `${result.lockFile!.path}: note: ${n}`) : [];
  if (!result.lockProblems.length) return notes;
  if (updateLock) return [...notes, ...result.lockProblems.map((p) => `${p.file}: warning: ${p.message} (accepted: --update-lock)`)];
  return [
    ...notes,
    ...result.lockProblems.map((p) => `${p.file}: error: ${p.message}`),
    `${name}: the vtable layouts behind locked IIDs changed. A published COM interface never changes: declare the changed ` +
      'interface under a new name and IID instead. Only if it was never published, accept the change with --update-lock.',
  ];
}

/** A generation's diagnostics, protocol problems and lock report, as printed; empty when there is nothing. */
export function formatGenerateProblems(name: string, result: GenerateResult, updateLock: boolean, style?: DiagnosticStyle): string {
  let out = result.diagnostics.length ? formatDiagnostics(result.diagnostics, { style }) : '';
  for (const p of result.protocolProblems) out += `${formatProtocolProblem(p)}\n`;
  for (const line of lockReport(name, result, updateLock)) out += `${line}\n`;
  return out;
}
