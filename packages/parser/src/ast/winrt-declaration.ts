/**
 * WinRT declarations widl accepts: `declare { interface A.IVector<T>; }` instantiation blocks,
 * `apicontract C {}`, and `delegate HRESULT Handler<T>([in] T arg);`.
 */
import type { ApicontractDeclarationCstNode, DeclareBlockCstNode, DelegateDeclarationCstNode } from '../cst';
import { printAttributes, type Attribute } from './attribute';
import { buildParameters, printParameters, type Parameter } from './declarator';
import { printDoc, type BuildContext, type Span } from './node';
import {
  buildDeclarationSpecifiers,
  buildQualifiedName,
  buildTypeName,
  printDeclarationSpecifiers,
  printTypeName,
  type DeclarationSpecifiers,
  type TypeName,
} from './type-specifier';

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

export function buildDeclareBlock(node: DeclareBlockCstNode, ctx: BuildContext): DeclareBlock {
  return { kind: 'declare', interfaces: (node.children.typeName ?? []).map((t) => buildTypeName(t, ctx)), span: ctx.span(node) };
}

export function buildApicontract(
  node: ApicontractDeclarationCstNode,
  attributes: Attribute[],
  doc: string | null,
  span: Span,
): ApicontractDeclaration {
  const c = node.children;
  return { kind: 'apicontract', attributes, doc, name: buildQualifiedName(c.qualifiedName[0]), defined: !!c.LCurly, span };
}

export function buildDelegate(
  node: DelegateDeclarationCstNode,
  attributes: Attribute[],
  doc: string | null,
  ctx: BuildContext,
  span: Span,
): DelegateDeclaration {
  const c = node.children;
  const params = buildParameters(c.parameterList[0], ctx);
  return {
    kind: 'delegate',
    attributes,
    doc,
    returnType: buildDeclarationSpecifiers(c.declarationSpecifiers[0], ctx),
    name: buildQualifiedName(c.qualifiedName[0]),
    templateParameters: c.templateParameters ? c.templateParameters[0].children.Name.map((t) => t.image) : null,
    parameters: params.parameters,
    variadic: params.variadic,
    span,
  };
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
