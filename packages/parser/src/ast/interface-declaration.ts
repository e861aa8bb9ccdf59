/**
 * `[object, uuid(...)] interface IFoo : IUnknown { ... }`, its forward declaration `interface IFoo;`, and
 * WinRT's parameterized form `interface IVector<T> : IInspectable requires IIterable<T> { ... }`.
 */
import type { InterfaceDeclarationCstNode, InterfaceMemberCstNode } from '../cst';
import { printAttributes, type Attribute } from './attribute';
import { buildCppQuote, printCppQuote, type CppQuote } from './cpp-quote';
import { buildDeclaration, printConstDeclaration, printDeclaration, type ConstDeclaration, type Declaration } from './declaration';
import { buildImport, printImport, type ImportStatement } from './import-statement';
import { printMethod, type Method } from './method';
import { buildPart, printDoc, startOffset, type BuildContext, type Span } from './node';
import { buildMidlPragma, buildPragma, printMidlPragma, printPragma, type MidlPragma, type Pragma } from './pragma';
import { buildTypedef, printTypedef, type TypedefDeclaration } from './typedef-declaration';
import { buildQualifiedName, buildTypeName, printTypeName, type TypeName } from './type-specifier';
import { buildAttributeList } from './attribute';

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

export function buildInterface(
  node: InterfaceDeclarationCstNode,
  attributes: Attribute[],
  doc: string | null,
  ctx: BuildContext,
  span: Span,
): InterfaceDeclaration {
  const c = node.children;
  const typeNames = (c.typeName ?? []).map((t) => buildTypeName(t, ctx));
  const hasBase = !!c.Colon;
  return {
    kind: 'interface',
    attributes,
    doc,
    name: buildQualifiedName(c.qualifiedName[0]),
    templateParameters: c.templateParameters ? c.templateParameters[0].children.Name.map((t) => t.image) : null,
    base: hasBase ? typeNames[0] : null,
    requires: hasBase ? typeNames.slice(1) : typeNames,
    members: c.LCurly ? (c.interfaceMember ?? []).map((m) => buildPart(ctx, () => buildInterfaceMember(m, ctx))).filter(isPresent) : null,
    span,
  };
}

function isPresent<T>(x: T | null): x is T {
  return x !== null;
}

/** Members of interface and module bodies; a lone `;` builds nothing. */
export function buildInterfaceMember(node: InterfaceMemberCstNode, ctx: BuildContext): InterfaceMember | null {
  const c = node.children;
  if (c.cppQuote) return buildCppQuote(c.cppQuote[0], ctx);
  if (c.PragmaLine) return buildPragma(c.PragmaLine[0], ctx);
  if (c.midlPragma) return buildMidlPragma(c.midlPragma[0], ctx);
  if (c.importStatement) return buildImport(c.importStatement[0], ctx);
  if (!c.typedefDeclaration && !c.declaration) return null;
  const attributes = c.attributeList ? buildAttributeList(c.attributeList[0], ctx) : [];
  const doc = ctx.docBefore(startOffset(node));
  const span = ctx.span(node);
  if (c.typedefDeclaration) return buildTypedef(c.typedefDeclaration[0], attributes, doc, ctx, span);
  return buildDeclaration(c.declaration![0], attributes, doc, ctx, span, true);
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
