/**
 * Declaration specifiers (`const unsigned long`, `struct tagX {...}`, `A.B.IVector<HSTRING>`) and type
 * references (specifiers plus pointers, as in attribute arguments, casts and type arguments).
 */
import type { IToken } from 'chevrotain';
import type {
  BaseTypeCstNode,
  DeclarationSpecifiersCstNode,
  PointerCstNode,
  QualifiedNameCstNode,
  SafeArrayTypeCstNode,
  TypeNameCstNode,
  TypeReferenceCstNode,
} from '../cst';
import type { BuildContext, Span } from './node';
import {
  buildEnumType,
  buildStructType,
  buildUnionType,
  printEnumType,
  printStructType,
  printUnionType,
  type EncapsulatedUnionType,
  type EnumType,
  type StructType,
  type UnionType,
} from './struct-type';

export type TypeSpecifier =
  | BaseType
  | TypeName
  | StructType
  | UnionType
  | EncapsulatedUnionType
  | EnumType
  | SafeArrayType;

/** A C base type, its words joined by one space: `unsigned long`, `__int64`, `void`. */
export interface BaseType {
  kind: 'base-type';
  name: string;
  span: Span;
}

/** A named type, possibly qualified (`Windows.Foundation.IClosable`) and parameterized. */
export interface TypeName {
  kind: 'type-name';
  name: string;
  typeArguments: TypeReference[] | null;
  span: Span;
}

export interface SafeArrayType {
  kind: 'safearray';
  element: TypeReference;
  span: Span;
}

export interface DeclarationSpecifiers {
  kind: 'specifiers';
  /** `const`, `volatile`, wherever they were written around the type. */
  qualifiers: string[];
  /** `extern`, `static`, `inline`, `register`. */
  storage: string[];
  callingConvention: string | null;
  type: TypeSpecifier;
  span: Span;
}

export interface Pointer {
  kind: 'pointer';
  qualifiers: string[];
}

export interface TypeReference {
  kind: 'type-reference';
  specifiers: DeclarationSpecifiers;
  pointers: Pointer[];
  span: Span;
}

export function buildDeclarationSpecifiers(node: DeclarationSpecifiersCstNode, ctx: BuildContext): DeclarationSpecifiers {
  const c = node.children;
  const qualifiers = [...(c.ConstKeyword ?? []), ...(c.VolatileKeyword ?? [])]
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((t) => t.image);
  return {
    kind: 'specifiers',
    qualifiers,
    storage: (c.StorageClass ?? []).map((t) => t.image),
    callingConvention: c.CallingConvention ? c.CallingConvention[c.CallingConvention.length - 1].image : null,
    type: buildTypeSpecifier(node, ctx),
    span: ctx.span(node),
  };
}

function buildTypeSpecifier(node: DeclarationSpecifiersCstNode, ctx: BuildContext): TypeSpecifier {
  const c = node.children;
  if (c.baseType) return buildBaseType(c.baseType[0], ctx);
  if (c.structType) return buildStructType(c.structType[0], ctx);
  if (c.unionType) return buildUnionType(c.unionType[0], ctx);
  if (c.enumType) return buildEnumType(c.enumType[0], ctx);
  if (c.safeArrayType) return buildSafeArray(c.safeArrayType[0], ctx);
  return buildTypeName(c.typeName![0], ctx);
}

function buildBaseType(node: BaseTypeCstNode, ctx: BuildContext): BaseType {
  const c = node.children;
  const words: IToken[] = [
    ...(c.SignedKeyword ?? []),
    ...(c.UnsignedKeyword ?? []),
    ...(c.BaseTypeKeyword ?? []),
  ];
  words.sort((a, b) => a.startOffset - b.startOffset);
  return { kind: 'base-type', name: words.map((w) => w.image).join(' '), span: ctx.span(node) };
}

export function buildQualifiedName(node: QualifiedNameCstNode): string {
  return node.children.Name.map((t) => t.image).join('.');
}

export function buildTypeName(node: TypeNameCstNode, ctx: BuildContext): TypeName {
  const args = node.children.typeReference;
  return {
    kind: 'type-name',
    name: node.children.Name.map((t) => t.image).join('.'),
    typeArguments: args ? args.map((a) => buildTypeReference(a, ctx)) : null,
    span: ctx.span(node),
  };
}

function buildSafeArray(node: SafeArrayTypeCstNode, ctx: BuildContext): SafeArrayType {
  return { kind: 'safearray', element: buildTypeReference(node.children.typeReference[0], ctx), span: ctx.span(node) };
}

export function buildPointer(node: PointerCstNode): Pointer {
  const c = node.children;
  if (!c.ConstKeyword && !c.VolatileKeyword) return { kind: 'pointer', qualifiers: [] };
  const q = [...(c.ConstKeyword ?? []), ...(c.VolatileKeyword ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  return { kind: 'pointer', qualifiers: q.map((t) => t.image) };
}

export function buildTypeReference(node: TypeReferenceCstNode, ctx: BuildContext): TypeReference {
  return {
    kind: 'type-reference',
    specifiers: buildDeclarationSpecifiers(node.children.declarationSpecifiers[0], ctx),
    pointers: (node.children.pointer ?? []).map(buildPointer),
    span: ctx.span(node),
  };
}

// ---- printing ----------------------------------------------------------------------------------------------

export function printDeclarationSpecifiers(s: DeclarationSpecifiers, indent = ''): string {
  const words = [...s.storage, ...s.qualifiers];
  if (s.callingConvention) words.push(s.callingConvention);
  words.push(printTypeSpecifier(s.type, indent));
  return words.join(' ');
}

export function printTypeSpecifier(t: TypeSpecifier, indent = ''): string {
  switch (t.kind) {
    case 'base-type':
      return t.name;
    case 'type-name':
      return printTypeName(t);
    case 'safearray':
      return `SAFEARRAY(${printTypeReference(t.element)})`;
    case 'struct':
      return printStructType(t, indent);
    case 'union':
    case 'encapsulated-union':
      return printUnionType(t, indent);
    case 'enum':
      return printEnumType(t, indent);
  }
}

export function printTypeName(t: TypeName): string {
  if (!t.typeArguments) return t.name;
  const inner = t.typeArguments.map((a) => printTypeReference(a)).join(', ');
  // `> >` rather than `>>` after a nested argument list, as C++ once required.
  return `${t.name}<${inner}${inner.endsWith('>') ? ' ' : ''}>`;
}

export function printPointers(pointers: Pointer[]): string {
  return pointers.map((p) => (p.qualifiers.length ? `* ${p.qualifiers.join(' ')} ` : '*')).join('');
}

export function printTypeReference(t: TypeReference): string {
  const base = printDeclarationSpecifiers(t.specifiers);
  return t.pointers.length ? `${base} ${printPointers(t.pointers).trimEnd()}` : base;
}
