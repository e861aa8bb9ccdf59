/** `typedef [public] struct tagX {...} X, *LPX;` and function-pointer typedefs. */
import { printAttributes, type Attribute } from './attribute';
import { printDeclarator, type Declarator } from './declarator';
import { printDoc, type Span } from './node';
import { printDeclarationSpecifiers, type DeclarationSpecifiers } from './type-specifier';

export interface TypedefDeclaration {
  kind: 'typedef';
  /** Attributes written before or after the `typedef` keyword; printed after it. */
  attributes: Attribute[];
  doc: string | null;
  specifiers: DeclarationSpecifiers;
  declarators: Declarator[];
  /** The declared names, in order. */
  names: string[];
  span: Span;
}

export function printTypedef(t: TypedefDeclaration, indent: string): string {
  const decls = t.declarators.map((d) => printDeclarator(d, indent)).join(', ');
  return `${printDoc(t.doc, indent)}${indent}typedef ${printAttributes(t.attributes, indent)}${printDeclarationSpecifiers(t.specifiers, indent)} ${decls};`;
}
