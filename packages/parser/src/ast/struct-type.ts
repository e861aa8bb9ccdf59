/**
 * Structs, unions (non-encapsulated with `[case]` attributes, and encapsulated with `switch`), their fields,
 * and enums.
 */
import { printAttributes, type Attribute } from './attribute';
import { printCppQuote, type CppQuote } from './cpp-quote';
import { printDeclarator, type Declarator } from './declarator';
import { printExpression, type Expression } from './expression';
import { printDoc, type Span } from './node';
import { printPragma, type Pragma } from './pragma';
import { printDeclarationSpecifiers, type DeclarationSpecifiers } from './type-specifier';

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
