/**
 * `coclass C { [default] interface IFoo; [source] dispinterface DEvents; }` and WinRT's
 * `runtimeclass R : Base { [default] interface IR; }`, which share the member form.
 */
import { printAttributes, type Attribute } from './attribute';
import { printDoc, type Span } from './node';
import { printTypeName, type TypeName } from './type-specifier';

export interface CoclassMember {
  kind: 'coclass-member';
  attributes: Attribute[];
  keyword: 'interface' | 'dispinterface';
  type: TypeName;
  span: Span;
}

export interface CoclassDeclaration {
  kind: 'coclass' | 'runtimeclass';
  attributes: Attribute[];
  doc: string | null;
  name: string;
  /** The base class of a runtime class (`runtimeclass Derived : Base`); null for a coclass. */
  base: TypeName | null;
  /** null for a forward declaration. */
  members: CoclassMember[] | null;
  span: Span;
}

export function printCoclass(c: CoclassDeclaration, indent: string): string {
  const head = `${printDoc(c.doc, indent)}${indent}${printAttributes(c.attributes, indent, c.attributes.length > 1)}${c.kind} ${c.name}`;
  const base = c.base ? ` : ${printTypeName(c.base)}` : '';
  if (!c.members) return `${head}${base};`;
  const inner = indent + '    ';
  const body = c.members.map((m) => `${inner}${printAttributes(m.attributes, inner)}${m.keyword} ${printTypeName(m.type)};`);
  return `${head}${base}\n${indent}{\n${body.join('\n')}${body.length ? '\n' : ''}${indent}}`;
}
