/**
 * `[object, uuid(...)] interface IFoo : IUnknown { ... }`, its forward declaration `interface IFoo;`, and
 * WinRT's parameterized form `interface IVector<T> : IInspectable requires IIterable<T> { ... }`.
 */
import { printAttributes, type Attribute } from './attribute';
import { printCppQuote, type CppQuote } from './cpp-quote';
import { printConstDeclaration, printDeclaration, type ConstDeclaration, type Declaration } from './declaration';
import { printImport, type ImportStatement } from './import-statement';
import { printMethod, type Method } from './method';
import { printDoc, type Span } from './node';
import { printMidlPragma, printPragma, type MidlPragma, type Pragma } from './pragma';
import { printTypedef, type TypedefDeclaration } from './typedef-declaration';
import { printTypeName, type TypeName } from './type-specifier';

export type InterfaceMember =
  | Method
  | TypedefDeclaration
  | ConstDeclaration
  | Declaration
  | CppQuote
  | Pragma
  | MidlPragma
  | ImportStatement;

export interface InterfaceDeclaration {
  kind: 'interface';
  attributes: Attribute[];
  doc: string | null;
  /** As written; inside `namespace A.B` the qualified name is the model's business. */
  name: string;
  templateParameters: string[] | null;
  base: TypeName | null;
  requires: TypeName[];
  /** null for a forward declaration. */
  members: InterfaceMember[] | null;
  span: Span;
}

export function printInterfaceMember(m: InterfaceMember, indent: string): string {
  switch (m.kind) {
    case 'method':
      return printMethod(m, indent);
    case 'typedef':
      return printTypedef(m, indent);
    case 'const':
      return printConstDeclaration(m, indent);
    case 'declaration':
      return printDeclaration(m, indent);
    case 'cpp-quote':
      return indent + printCppQuote(m);
    case 'pragma':
      return printPragma(m);
    case 'midl-pragma':
      return indent + printMidlPragma(m);
    case 'import':
      return indent + printImport(m);
  }
}

export function printInterface(i: InterfaceDeclaration, indent: string): string {
  let head = `${printDoc(i.doc, indent)}${indent}${printAttributes(i.attributes, indent, i.attributes.length > 1)}interface ${i.name}`;
  if (i.templateParameters) head += `<${i.templateParameters.join(', ')}>`;
  if (i.members === null) return `${head};`;
  if (i.base) head += ` : ${printTypeName(i.base)}`;
  if (i.requires.length) head += ` requires ${i.requires.map(printTypeName).join(', ')}`;
  const inner = indent + '    ';
  const body = i.members.map((m) => printInterfaceMember(m, inner)).join('\n');
  return `${head}\n${indent}{\n${body}${body ? '\n' : ''}${indent}}`;
}
