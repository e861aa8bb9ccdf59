/**
 * C declarators: pointers and calling conventions, a name or a parenthesized declarator, then array and
 * parameter-list suffixes. `HRESULT (__stdcall *pfn)(int)`, `WCHAR name[MAX_PATH]`, `[size_is(n)] int a[]`.
 */
import { printAttributes, type Attribute } from './attribute';
import { printExpression, type Expression } from './expression';
import type { Span } from './node';
import { printDeclarationSpecifiers, type DeclarationSpecifiers, type Pointer } from './type-specifier';

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

/** A declarator with nothing in it: no pointer, name, nesting or suffix. */
export function isEmptyDeclarator(d: Declarator): boolean {
  return !d.prefix.length && d.name === null && d.nested === null && !d.suffixes.length;
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
