/**
 * WinRT declarations widl accepts: `declare { interface A.IVector<T>; }` instantiation blocks,
 * `apicontract C {}`, and `delegate HRESULT Handler<T>([in] T arg);`.
 */
import { printAttributes, type Attribute } from './attribute';
import { printParameters, type Parameter } from './declarator';
import { printDoc, type Span } from './node';
import { printDeclarationSpecifiers, printTypeName, type DeclarationSpecifiers, type TypeName } from './type-specifier';

export interface DeclareBlock {
  kind: 'declare';
  interfaces: TypeName[];
  span: Span;
}

export interface ApicontractDeclaration {
  kind: 'apicontract';
  attributes: Attribute[];
  doc: string | null;
  name: string;
  /** false for a forward declaration. */
  defined: boolean;
  span: Span;
}

export interface DelegateDeclaration {
  kind: 'delegate';
  attributes: Attribute[];
  doc: string | null;
  returnType: DeclarationSpecifiers;
  name: string;
  templateParameters: string[] | null;
  parameters: Parameter[];
  variadic: boolean;
  span: Span;
}

export function printDeclareBlock(d: DeclareBlock, indent: string): string {
  const inner = indent + '    ';
  const body = d.interfaces.map((i) => `${inner}interface ${printTypeName(i)};`).join('\n');
  return `${indent}declare\n${indent}{\n${body}${body ? '\n' : ''}${indent}}`;
}

export function printApicontract(a: ApicontractDeclaration, indent: string): string {
  const head = `${printDoc(a.doc, indent)}${indent}${printAttributes(a.attributes, indent, a.attributes.length > 1)}apicontract ${a.name}`;
  return a.defined ? `${head}\n${indent}{\n${indent}}` : `${head};`;
}

export function printDelegate(d: DelegateDeclaration, indent: string): string {
  const tp = d.templateParameters ? `<${d.templateParameters.join(', ')}>` : '';
  const params = printParameters({ kind: 'parameters', parameters: d.parameters, variadic: d.variadic }, indent);
  return `${printDoc(d.doc, indent)}${indent}${printAttributes(d.attributes, indent, d.attributes.length > 1)}delegate ${printDeclarationSpecifiers(d.returnType, indent)} ${d.name}${tp}${params};`;
}
