/**
 * Structs, unions (non-encapsulated with `[case]` attributes, and encapsulated with `switch`), their fields,
 * and enums.
 */
import type { EnumMemberCstNode, EnumTypeCstNode, FieldBlockCstNode, FieldCstNode, StructTypeCstNode, UnionArmCstNode, UnionTypeCstNode } from '../cst';
import { buildAttributeList, printAttributes, type Attribute } from './attribute';
import { buildCppQuote, printCppQuote, type CppQuote } from './cpp-quote';
import { buildDeclarator, isEmptyDeclarator, printDeclarator, type Declarator } from './declarator';
import { buildExpression, printExpression, type Expression } from './expression';
import { printDoc, startOffset, type BuildContext, type Span } from './node';
import { buildPragma, printPragma, type Pragma } from './pragma';
import { buildDeclarationSpecifiers, printDeclarationSpecifiers, type DeclarationSpecifiers } from './type-specifier';

export interface StructType {
  kind: 'struct';
  name: string | null;
  /** null for a reference to a struct defined elsewhere (`struct tagX *`). */
  members: StructMember[] | null;
  span: Span;
}

export interface UnionType {
  kind: 'union';
  name: string | null;
  members: StructMember[] | null;
  span: Span;
}

/** `union tag switch (DWORD kind) u { case 1: ...; default: ; }` */
export interface EncapsulatedUnionType {
  kind: 'encapsulated-union';
  name: string | null;
  switchType: DeclarationSpecifiers;
  switchName: string;
  unionName: string | null;
  arms: UnionArm[];
  span: Span;
}

export interface UnionArm {
  kind: 'union-arm';
  /** `case` label expressions; null stands for `default`. */
  labels: (Expression | null)[];
  field: Field;
  span: Span;
}

export type StructMember = Field | CppQuote | Pragma;

/** One field line: `[size_is(n)] int *a, b[4], c : 2;`. No specifiers means an empty arm (`[default] ;`). */
export interface Field {
  kind: 'field';
  attributes: Attribute[];
  doc: string | null;
  specifiers: DeclarationSpecifiers | null;
  declarators: FieldDeclarator[];
  span: Span;
}

export interface FieldDeclarator {
  declarator: Declarator;
  bits: Expression | null;
}

export interface EnumType {
  kind: 'enum';
  name: string | null;
  members: EnumMember[] | null;
  span: Span;
}

export interface EnumMember {
  kind: 'enum-member';
  attributes: Attribute[];
  doc: string | null;
  name: string;
  value: Expression | null;
  span: Span;
}

export function buildStructType(node: StructTypeCstNode, ctx: BuildContext): StructType {
  const c = node.children;
  return {
    kind: 'struct',
    name: c.Name ? c.Name[0].image : null,
    members: c.fieldBlock ? buildFieldBlock(c.fieldBlock[0], ctx) : null,
    span: ctx.span(node),
  };
}

function buildFieldBlock(node: FieldBlockCstNode, ctx: BuildContext): StructMember[] {
  return (node.children.field ?? []).map((f) => buildStructMember(f, ctx));
}

function buildStructMember(node: FieldCstNode, ctx: BuildContext): StructMember {
  const c = node.children;
  if (c.PragmaLine) return buildPragma(c.PragmaLine[0], ctx);
  if (c.cppQuote) return buildCppQuote(c.cppQuote[0], ctx);
  return buildField(node, ctx);
}

export function buildField(node: FieldCstNode, ctx: BuildContext): Field {
  const c = node.children;
  const specifiers = c.declarationSpecifiers ? buildDeclarationSpecifiers(c.declarationSpecifiers[0], ctx) : null;
  const after = specifiers?.span ?? ctx.span(node);
  return {
    kind: 'field',
    attributes: c.attributeList ? buildAttributeList(c.attributeList[0], ctx) : [],
    doc: ctx.docBefore(startOffset(node)),
    specifiers,
    // A nested definition without a name, `struct tagX {...};`, parses with one empty declarator.
    declarators: (c.fieldDeclarator ?? [])
      .map((d) => ({
        declarator: buildDeclarator(d.children.declarator[0], ctx, after),
        bits: d.children.expression ? buildExpression(d.children.expression[0], ctx) : null,
      }))
      .filter((d) => d.bits || !isEmptyDeclarator(d.declarator)),
    span: ctx.span(node),
  };
}

export function buildUnionType(node: UnionTypeCstNode, ctx: BuildContext): UnionType | EncapsulatedUnionType {
  const c = node.children;
  const names = c.Name ?? [];
  if (c.SwitchKeyword) {
    // Name tokens: [tag] switchName; the union name has its own label.
    const tagged = names.length === 2;
    return {
      kind: 'encapsulated-union',
      name: tagged ? names[0].image : null,
      switchType: buildDeclarationSpecifiers(c.declarationSpecifiers![0], ctx),
      switchName: names[names.length - 1].image,
      unionName: c.unionName ? c.unionName[0].image : null,
      arms: (c.unionArm ?? []).map((a) => buildUnionArm(a, ctx)),
      span: ctx.span(node),
    };
  }
  return {
    kind: 'union',
    name: names.length ? names[0].image : null,
    members: c.fieldBlock ? buildFieldBlock(c.fieldBlock[0], ctx) : null,
    span: ctx.span(node),
  };
}

function buildUnionArm(node: UnionArmCstNode, ctx: BuildContext): UnionArm {
  const c = node.children;
  const labels: { offset: number; label: Expression | null }[] = [];
  (c.CaseKeyword ?? []).forEach((t, i) => labels.push({ offset: t.startOffset, label: buildExpression(c.expression![i], ctx) }));
  (c.DefaultKeyword ?? []).forEach((t) => labels.push({ offset: t.startOffset, label: null }));
  labels.sort((a, b) => a.offset - b.offset);
  return {
    kind: 'union-arm',
    labels: labels.map((l) => l.label),
    field: buildField(c.field[0], ctx),
    span: ctx.span(node),
  };
}

export function buildEnumType(node: EnumTypeCstNode, ctx: BuildContext): EnumType {
  const c = node.children;
  return {
    kind: 'enum',
    name: c.Name ? c.Name[0].image : null,
    members: c.LCurly ? (c.enumMember ?? []).map((m) => buildEnumMember(m, ctx)) : null,
    span: ctx.span(node),
  };
}

function buildEnumMember(node: EnumMemberCstNode, ctx: BuildContext): EnumMember {
  const c = node.children;
  return {
    kind: 'enum-member',
    attributes: c.attributeList ? buildAttributeList(c.attributeList[0], ctx) : [],
    doc: ctx.docBefore(startOffset(node)),
    name: c.Name[0].image,
    value: c.expression ? buildExpression(c.expression[0], ctx) : null,
    span: ctx.span(node),
  };
}

// ---- printing ----------------------------------------------------------------------------------------------

const step = '    ';

export function printStructType(t: StructType, indent: string): string {
  const head = t.name ? `struct ${t.name}` : 'struct';
  return t.members ? `${head} ${printMembers(t.members, indent)}` : head;
}

export function printUnionType(t: UnionType | EncapsulatedUnionType, indent: string): string {
  if (t.kind === 'union') {
    const head = t.name ? `union ${t.name}` : 'union';
    return t.members ? `${head} ${printMembers(t.members, indent)}` : head;
  }
  const inner = indent + step;
  const arms = t.arms.map((a) => {
    const labels = a.labels.map((l) => (l === null ? 'default:' : `case ${printExpression(l)}:`)).join(' ');
    return `${inner}${labels}\n${printField(a.field, inner + step)}`;
  });
  const name = t.name ? ` ${t.name}` : '';
  const unionName = t.unionName ? ` ${t.unionName}` : '';
  return `union${name} switch (${printDeclarationSpecifiers(t.switchType, inner)} ${t.switchName})${unionName} {\n${arms.join('\n')}\n${indent}}`;
}

function printMembers(members: StructMember[], indent: string): string {
  if (!members.length) return '{\n' + indent + '}';
  const inner = indent + step;
  return `{\n${members.map((m) => printStructMember(m, inner)).join('\n')}\n${indent}}`;
}

function printStructMember(m: StructMember, indent: string): string {
  if (m.kind === 'cpp-quote') return indent + printCppQuote(m);
  if (m.kind === 'pragma') return printPragma(m);
  return printField(m, indent);
}

export function printField(f: Field, indent: string): string {
  const attrs = printAttributes(f.attributes, indent);
  if (!f.specifiers) return `${printDoc(f.doc, indent)}${indent}${attrs};`;
  // An unnamed bit field, `int : 0;`, prints its width alone.
  const decls = f.declarators
    .map((d) => [printDeclarator(d.declarator, indent), d.bits ? `: ${printExpression(d.bits)}` : ''].filter(Boolean).join(' '))
    .join(', ');
  const type = printDeclarationSpecifiers(f.specifiers, indent);
  return `${printDoc(f.doc, indent)}${indent}${attrs}${type}${decls ? ' ' + decls : ''};`;
}

export function printEnumType(t: EnumType, indent: string): string {
  const head = t.name ? `enum ${t.name}` : 'enum';
  if (!t.members) return head;
  const inner = indent + step;
  const members = t.members.map(
    (m) =>
      `${printDoc(m.doc, inner)}${inner}${printAttributes(m.attributes, inner)}${m.name}${m.value ? ` = ${printExpression(m.value)}` : ''}`,
  );
  return members.length ? `${head} {\n${members.join(',\n')}\n${indent}}` : `${head} {\n${indent}}`;
}
