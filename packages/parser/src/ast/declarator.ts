/**
 * C declarators: pointers and calling conventions, a name or a parenthesized declarator, then array and
 * parameter-list suffixes. `HRESULT (__stdcall *pfn)(int)`, `WCHAR name[MAX_PATH]`, `[size_is(n)] int a[]`.
 */
import type { ArraySuffixCstNode, DeclaratorCstNode, ParameterCstNode, ParameterListCstNode } from '../cst';
import { buildAttributeList, printAttributes, type Attribute } from './attribute';
import { buildExpression, printExpression, type Expression } from './expression';
import { emptySpanAfter, isEmptyNode, type BuildContext, type Span } from './node';
import {
  buildDeclarationSpecifiers,
  buildPointer,
  printDeclarationSpecifiers,
  type DeclarationSpecifiers,
  type Pointer,
} from './type-specifier';

export interface CallingConventionPrefix {
  kind: 'calling-convention';
  name: string;
}

export type DeclaratorPrefix = Pointer | CallingConventionPrefix;

export interface ArraySuffix {
  kind: 'array';
  /** null for `[]`, '*' for `[*]`. */
  size: Expression | '*' | null;
}

export interface ParametersSuffix {
  kind: 'parameters';
  parameters: Parameter[];
  /** `...` ends the list. */
  variadic: boolean;
}

export type DeclaratorSuffix = ArraySuffix | ParametersSuffix;

export interface Declarator {
  kind: 'declarator';
  prefix: DeclaratorPrefix[];
  /** null in an abstract declarator (`[in] REFIID`) or when `nested` holds the name. */
  name: string | null;
  nested: Declarator | null;
  suffixes: DeclaratorSuffix[];
  span: Span;
}

export interface Parameter {
  kind: 'parameter';
  attributes: Attribute[];
  specifiers: DeclarationSpecifiers;
  declarator: Declarator;
  /** The declared name, found through nested declarators; null when abstract. */
  name: string | null;
  span: Span;
}

/**
 * Builds a declarator. An abstract one consumed no token and has no place of its own; it gets an empty span
 * right after `after`, the span of what precedes it (its type).
 */
export function buildDeclarator(node: DeclaratorCstNode, ctx: BuildContext, after: Span): Declarator {
  const c = node.children;
  return {
    kind: 'declarator',
    prefix: declaratorPrefix(c),
    name: c.Name ? c.Name[0].image : null,
    nested: c.nested ? buildDeclarator(c.nested[0], ctx, ctx.span(c.LParen![0])) : null,
    suffixes: declaratorSuffixes(c, ctx),
    span: isEmptyNode(node) ? emptySpanAfter(after) : ctx.span(node),
  };
}

/** Pointers and calling conventions in source order (each list is in order; most declarators have one kind). */
function declaratorPrefix(c: DeclaratorCstNode['children']): DeclaratorPrefix[] {
  const pointers = c.pointer ?? [];
  const conventions = c.CallingConvention ?? [];
  if (!conventions.length) return pointers.map(buildPointer);
  const prefix: { offset: number; item: DeclaratorPrefix }[] = [];
  for (const p of pointers) prefix.push({ offset: p.location!.startOffset, item: buildPointer(p) });
  for (const t of conventions) prefix.push({ offset: t.startOffset, item: { kind: 'calling-convention', name: t.image } });
  prefix.sort((a, b) => a.offset - b.offset);
  return prefix.map((p) => p.item);
}

/** Array and parameter-list suffixes in source order. */
function declaratorSuffixes(c: DeclaratorCstNode['children'], ctx: BuildContext): DeclaratorSuffix[] {
  const arrays = c.arraySuffix ?? [];
  const lists = c.parameterList ?? [];
  if (!lists.length) return arrays.map((a) => buildArraySuffix(a, ctx));
  if (!arrays.length) return lists.map((p) => buildParameters(p, ctx));
  const suffixes: { offset: number; item: DeclaratorSuffix }[] = [];
  for (const a of arrays) suffixes.push({ offset: a.location!.startOffset, item: buildArraySuffix(a, ctx) });
  for (const p of lists) suffixes.push({ offset: p.location!.startOffset, item: buildParameters(p, ctx) });
  suffixes.sort((a, b) => a.offset - b.offset);
  return suffixes.map((s) => s.item);
}

/** A declarator with nothing in it: no pointer, name, nesting or suffix. */
export function isEmptyDeclarator(d: Declarator): boolean {
  return !d.prefix.length && d.name === null && d.nested === null && !d.suffixes.length;
}

function buildArraySuffix(node: ArraySuffixCstNode, ctx: BuildContext): ArraySuffix {
  const c = node.children;
  if (c.Star) return { kind: 'array', size: '*' };
  return { kind: 'array', size: c.expression ? buildExpression(c.expression[0], ctx) : null };
}

export function buildParameters(node: ParameterListCstNode, ctx: BuildContext): ParametersSuffix {
  const c = node.children;
  return {
    kind: 'parameters',
    parameters: (c.parameter ?? []).map((p) => buildParameter(p, ctx)),
    variadic: !!c.Ellipsis,
  };
}

function buildParameter(node: ParameterCstNode, ctx: BuildContext): Parameter {
  const c = node.children;
  const specifiers = buildDeclarationSpecifiers(c.declarationSpecifiers[0], ctx);
  const declarator = buildDeclarator(c.declarator[0], ctx, specifiers.span);
  return {
    kind: 'parameter',
    attributes: c.attributeList ? buildAttributeList(c.attributeList[0], ctx) : [],
    specifiers,
    declarator,
    name: declaredName(declarator),
    span: ctx.span(node),
  };
}

/** The name a declarator declares, however deeply it is nested. */
export function declaredName(d: Declarator): string | null {
  return d.name ?? (d.nested ? declaredName(d.nested) : null);
}

// ---- printing ----------------------------------------------------------------------------------------------

/** Pointers and calling conventions before a declarator's name: `*`, `* const `, `__stdcall *`. */
export function printDeclaratorPrefix(prefix: readonly DeclaratorPrefix[]): string {
  let out = '';
  for (const p of prefix) {
    if (p.kind === 'pointer') out += p.qualifiers.length ? `* ${p.qualifiers.join(' ')} ` : '*';
    else out += `${out && !out.endsWith(' ') ? ' ' : ''}${p.name} `;
  }
  return out;
}

export function printDeclarator(d: Declarator, indent = ''): string {
  let out = printDeclaratorPrefix(d.prefix);
  if (d.name) out += d.name;
  else if (d.nested) out += `(${printDeclarator(d.nested, indent)})`;
  for (const s of d.suffixes) {
    if (s.kind === 'array') out += `[${s.size === null ? '' : s.size === '*' ? '*' : printExpression(s.size)}]`;
    else out += printParameters(s, indent);
  }
  return out.trimEnd();
}

export function printParameters(s: ParametersSuffix, indent: string): string {
  const items = s.parameters.map(printParameter);
  if (s.variadic) items.push('...');
  const oneLine = `(${items.join(', ')})`;
  if (oneLine.length + indent.length <= 100 || items.length < 2) return oneLine;
  return `(\n${items.map((i) => `${indent}    ${i}`).join(',\n')})`;
}

export function printParameter(p: Parameter): string {
  const decl = printDeclarator(p.declarator);
  const type = printDeclarationSpecifiers(p.specifiers);
  return `${printAttributes(p.attributes, '')}${type}${decl ? ' ' + decl : ''}`;
}
