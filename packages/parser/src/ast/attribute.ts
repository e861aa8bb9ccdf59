/** Attribute lists: `[object, uuid(...), size_is(, *pcb), helpstring("..."), transmit_as(T *)]`. */
import type { AttributeArgumentCstNode, AttributeCstNode, AttributeListCstNode } from '../cst';
import { buildExpression, printExpression, type Expression } from './expression';
import type { BuildContext, Span } from './node';
import { buildTypeReference, printTypeReference, type Pointer, type TypeReference } from './type-specifier';

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

export function buildAttributeList(node: AttributeListCstNode, ctx: BuildContext): Attribute[] {
  return (node.children.attribute ?? []).map((a) => buildAttribute(a, ctx));
}

function buildAttribute(node: AttributeCstNode, ctx: BuildContext): Attribute {
  const c = node.children;
  let args: (AttributeArgument | null)[] | null = null;
  if (c.LParen) {
    const ac = c;
    const present = (ac.attributeArgument ?? []).map((a) => ({ offset: a.location!.startOffset, arg: buildArgument(a, ctx) }));
    const commas = (ac.Comma ?? []).map((t) => t.startOffset);
    // Place each argument in its comma-separated slot; empty slots stay null.
    args = new Array<AttributeArgument | null>(commas.length + 1).fill(null);
    for (const p of present) args[commas.filter((o) => o < p.offset).length] = p.arg;
    if (args.length === 1 && args[0] === null) args = [];
  }
  return { kind: 'attribute', name: c.AnyWord[0].image, arguments: args, span: ctx.span(node) };
}

function buildArgument(node: AttributeArgumentCstNode, ctx: BuildContext): AttributeArgument {
  const c = node.children;
  const span = ctx.span(node);
  if (c.Uuid) return { kind: 'uuid', value: c.Uuid[0].image, span };
  if (c.typeReference) return { kind: 'type', type: buildTypeReference(c.typeReference[0], ctx), span };
  const expr = buildExpression(c.expression![0], ctx);
  if (!c.Star) return expr;
  return pointerTypeArgument(expr, c.Star.length, span);
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
