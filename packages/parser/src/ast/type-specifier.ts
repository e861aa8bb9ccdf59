/**
 * Declaration specifiers (`const unsigned long`, `struct tagX {...}`, `A.B.IVector<HSTRING>`) and type
 * references (specifiers plus pointers, as in attribute arguments, casts and type arguments).
 */
import type { Span } from './node';
import {
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
