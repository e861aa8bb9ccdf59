/** `dispinterface D { properties: ... methods: ... }` and `dispinterface D { interface IFoo; }`. */
import type { DispinterfaceDeclarationCstNode, DispinterfaceMemberCstNode } from '../cst';
import { buildAttributeList, printAttributes, type Attribute } from './attribute';
import { buildDeclaration, printConstDeclaration, printDeclaration, type ConstDeclaration, type Declaration } from './declaration';
import { printMethod, type Method } from './method';
import { printDoc, startOffset, type BuildContext, type Span } from './node';
import { buildQualifiedName, buildTypeName, printTypeName, type TypeName } from './type-specifier';

export type DispinterfaceMember = Method | Declaration | ConstDeclaration;

export interface DispinterfaceDeclaration {
  kind: 'dispinterface';
  attributes: Attribute[];
  doc: string | null;
  name: string;
  /** null for a forward declaration. */
  body: DispinterfaceBody | null;
  span: Span;
}

export type DispinterfaceBody =
  | { kind: 'members'; properties: DispinterfaceMember[]; methods: DispinterfaceMember[] }
  | { kind: 'interface'; interface: TypeName };

export function buildDispinterface(
  node: DispinterfaceDeclarationCstNode,
  attributes: Attribute[],
  doc: string | null,
  ctx: BuildContext,
  span: Span,
): DispinterfaceDeclaration {
  const c = node.children;
  let body: DispinterfaceBody | null = null;
  if (c.typeName) body = { kind: 'interface', interface: buildTypeName(c.typeName[0], ctx) };
  else if (c.LCurly) {
    body = {
      kind: 'members',
      properties: (c.properties ?? []).map((m) => buildMember(m, ctx, false)),
      methods: (c.methods ?? []).map((m) => buildMember(m, ctx, true)),
    };
  }
  return { kind: 'dispinterface', attributes, doc, name: buildQualifiedName(c.qualifiedName[0]), body, span };
}

function buildMember(node: DispinterfaceMemberCstNode, ctx: BuildContext, methods: boolean): DispinterfaceMember {
  const c = node.children;
  const attributes = c.attributeList ? buildAttributeList(c.attributeList[0], ctx) : [];
  return buildDeclaration(c.declaration[0], attributes, ctx.docBefore(startOffset(node)), ctx, ctx.span(node), methods);
}

function printMember(m: DispinterfaceMember, indent: string): string {
  if (m.kind === 'method') return printMethod(m, indent);
  if (m.kind === 'const') return printConstDeclaration(m, indent);
  return printDeclaration(m, indent);
}

export function printDispinterface(d: DispinterfaceDeclaration, indent: string): string {
  const head = `${printDoc(d.doc, indent)}${indent}${printAttributes(d.attributes, indent, d.attributes.length > 1)}dispinterface ${d.name}`;
  if (!d.body) return `${head};`;
  const inner = indent + '    ';
  if (d.body.kind === 'interface') return `${head}\n${indent}{\n${inner}interface ${printTypeName(d.body.interface)};\n${indent}}`;
  const lines = [`${inner}properties:`, ...d.body.properties.map((m) => printMember(m, inner + '    '))];
  lines.push(`${inner}methods:`, ...d.body.methods.map((m) => printMember(m, inner + '    ')));
  return `${head}\n${indent}{\n${lines.join('\n')}\n${indent}}`;
}
