/** `typedef [public] struct tagX {...} X, *LPX;` and function-pointer typedefs. */
import type { TypedefDeclarationCstNode } from '../cst';
import { buildAttributeList, printAttributes, type Attribute } from './attribute';
import { buildDeclarator, declaredName, printDeclarator, type Declarator } from './declarator';
import { printDoc, type BuildContext, type Span } from './node';
import { buildDeclarationSpecifiers, printDeclarationSpecifiers, type DeclarationSpecifiers } from './type-specifier';

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

export function buildTypedef(
  node: TypedefDeclarationCstNode,
  outerAttributes: Attribute[],
  doc: string | null,
  ctx: BuildContext,
  span: Span,
): TypedefDeclaration {
  const c = node.children;
  const specifiers = buildDeclarationSpecifiers(c.declarationSpecifiers[0], ctx);
  const declarators = c.declarator.map((d) => buildDeclarator(d, ctx, specifiers.span));
  return {
    kind: 'typedef',
    attributes: [...outerAttributes, ...(c.attributeList ? buildAttributeList(c.attributeList[0], ctx) : [])],
    doc,
    specifiers,
    declarators,
    names: declarators.map((d) => declaredName(d) ?? ''),
    span,
  };
}

export function printTypedef(t: TypedefDeclaration, indent: string): string {
  const decls = t.declarators.map((d) => printDeclarator(d, indent)).join(', ');
  return `${printDoc(t.doc, indent)}${indent}typedef ${printAttributes(t.attributes, indent)}${printDeclarationSpecifiers(t.specifiers, indent)} ${decls};`;
}
