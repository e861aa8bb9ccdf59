/** `library L { importlib(...); coclass ...; }`, WinRT `namespace A.B { ... }`, and `module M { ... }`. */
import { printAttributes, type Attribute } from './attribute';
import { printInterfaceMember, type InterfaceMember } from './interface-declaration';
import { printDoc, type Span } from './node';
import type { Statement } from './statement';

export interface LibraryDeclaration {
  kind: 'library';
  attributes: Attribute[];
  doc: string | null;
  name: string;
  statements: Statement[];
  span: Span;
}

export interface NamespaceDeclaration {
  kind: 'namespace';
  name: string;
  statements: Statement[];
  span: Span;
}

/** A module: constants and DLL entry points. */
export interface ModuleDeclaration {
  kind: 'module';
  attributes: Attribute[];
  doc: string | null;
  name: string;
  members: InterfaceMember[];
  span: Span;
}

export function printBlock(
  head: string,
  statements: Statement[],
  indent: string,
  printStatement: (s: Statement, indent: string) => string,
): string {
  const inner = indent + '    ';
  const body = statements.map((s) => printStatement(s, inner)).join('\n\n');
  return `${head}\n${indent}{\n${body}${body ? '\n' : ''}${indent}}`;
}

export function printLibrary(
  l: LibraryDeclaration,
  indent: string,
  printStatement: (s: Statement, indent: string) => string,
): string {
  const head = `${printDoc(l.doc, indent)}${indent}${printAttributes(l.attributes, indent, l.attributes.length > 1)}library ${l.name}`;
  return printBlock(head, l.statements, indent, printStatement);
}

export function printNamespace(
  n: NamespaceDeclaration,
  indent: string,
  printStatement: (s: Statement, indent: string) => string,
): string {
  return printBlock(`${indent}namespace ${n.name}`, n.statements, indent, printStatement);
}

export function printModule(m: ModuleDeclaration, indent: string): string {
  const head = `${printDoc(m.doc, indent)}${indent}${printAttributes(m.attributes, indent, m.attributes.length > 1)}module ${m.name}`;
  const inner = indent + '    ';
  const body = m.members.map((s) => printInterfaceMember(s, inner)).join('\n');
  return `${head}\n${indent}{\n${body}${body ? '\n' : ''}${indent}}`;
}
