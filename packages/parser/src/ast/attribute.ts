/** Attribute lists: `[object, uuid(...), size_is(, *pcb), helpstring("..."), transmit_as(T *)]`. */
import { printExpression, type Expression } from './expression';
import type { Span } from './node';
import { printTypeReference, type Pointer, type TypeReference } from './type-specifier';

export interface Attribute {
  kind: 'attribute';
  name: string;
  /** null when written without parentheses; `size_is(, n)` has a null first argument. */
  arguments: (AttributeArgument | null)[] | null;
  span: Span;
}

export type AttributeArgument = Expression | UuidArgument | TypeArgument;

/** An unquoted UUID: `uuid(00000000-0000-0000-c000-000000000046)`. */
export interface UuidArgument {
  kind: 'uuid';
  value: string;
  span: Span;
}

/** A type argument: `switch_type(unsigned long)`, `transmit_as(T *)`. */
export interface TypeArgument {
  kind: 'type';
  type: TypeReference;
  span: Span;
}

/** `transmit_as(T *)`: a name (or `a.b` chain) followed by `stars` pointers is a type argument. */
export function pointerTypeArgument(expr: Expression, stars: number, span: Span): AttributeArgument {
  const name = expr.kind === 'name' ? expr.name : memberChain(expr);
  const pointers: Pointer[] = [];
  for (let i = 0; i < stars; i++) pointers.push({ kind: 'pointer', qualifiers: [] });
  return {
    kind: 'type',
    type: {
      kind: 'type-reference',
      specifiers: {
        kind: 'specifiers',
        qualifiers: [],
        storage: [],
        callingConvention: null,
        type: { kind: 'type-name', name: name ?? printExpression(expr), typeArguments: null, span: expr.span },
        span: expr.span,
      },
      pointers,
      span,
    },
    span,
  };
}

/** `a.b.c` as a dotted name, or null for any other expression. */
export function memberChain(e: Expression): string | null {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'member' && e.operator === '.') {
    const left = memberChain(e.object);
    return left === null ? null : `${left}.${e.member}`;
  }
  return null;
}

export function printAttributeArgument(a: AttributeArgument | null): string {
  if (a === null) return '';
  if (a.kind === 'uuid') return a.value;
  if (a.kind === 'type') return printTypeReference(a.type);
  return printExpression(a);
}

export function printAttribute(a: Attribute): string {
  if (a.arguments === null) return a.name;
  return `${a.name}(${a.arguments.map(printAttributeArgument).join(', ')})`;
}

/** `[a, b] ` on one line, or one attribute per line when long. Empty lists print nothing. */
export function printAttributes(attributes: Attribute[], indent: string, multiline = false): string {
  if (!attributes.length) return '';
  const items = attributes.map(printAttribute);
  if (multiline || items.join(', ').length > 80) {
    return `[\n${items.map((i) => `${indent}    ${i}`).join(',\n')}\n${indent}]\n${indent}`;
  }
  return `[${items.join(', ')}] `;
}
