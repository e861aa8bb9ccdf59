/** `import "a.idl", "b.idl";` and `importlib("stdole2.tlb");` */
import type { ImportStatementCstNode, ImportlibStatementCstNode } from '../cst';
import { decodeStringLiteral } from './expression';
import type { BuildContext, Span } from './node';

export interface ImportStatement {
  kind: 'import';
  files: string[];
  span: Span;
}

export interface ImportlibStatement {
  kind: 'importlib';
  file: string;
  span: Span;
}

export function buildImport(node: ImportStatementCstNode, ctx: BuildContext): ImportStatement {
  return { kind: 'import', files: node.children.StringLiteral.map((t) => decodeStringLiteral(t.image)), span: ctx.span(node) };
}

export function buildImportlib(node: ImportlibStatementCstNode, ctx: BuildContext): ImportlibStatement {
  return { kind: 'importlib', file: decodeStringLiteral(node.children.StringLiteral[0].image), span: ctx.span(node) };
}

const quote = (s: string) => JSON.stringify(s);

export function printImport(s: ImportStatement): string {
  return `import ${s.files.map(quote).join(', ')};`;
}

export function printImportlib(s: ImportlibStatement): string {
  return `importlib(${quote(s.file)});`;
}
