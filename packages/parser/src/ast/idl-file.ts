/** A whole IDL file: its statements in order. */
import { printStatement, type Statement } from './statement';

export interface IdlFile {
  kind: 'idl-file';
  /** The path the file was read from, as given. */
  file: string;
  statements: Statement[];
}

/** Prints canonical IDL: 4-space indentation, one blank line between top-level statements. */
export function printIdlFile(f: IdlFile): string {
  return f.statements.map((s) => printStatement(s, '')).join('\n\n') + '\n';
}
