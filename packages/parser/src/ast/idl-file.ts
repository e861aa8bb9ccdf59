/** A whole IDL file: its statements in order. */
import type { IdlFileCstNode } from '../cst';
import type { BuildContext } from './node';
import { buildStatements, printStatement, type Statement } from './statement';

export interface IdlFile {
  kind: 'idl-file';
  /** The path the file was read from, as given. */
  file: string;
  statements: Statement[];
}

export function buildIdlFile(node: IdlFileCstNode, file: string, ctx: BuildContext): IdlFile {
  return { kind: 'idl-file', file, statements: buildStatements(node.children.statement ?? [], ctx) };
}

/** Prints canonical IDL: 4-space indentation, one blank line between top-level statements. */
export function printIdlFile(f: IdlFile): string {
  return f.statements.map((s) => printStatement(s, '')).join('\n\n') + '\n';
}
