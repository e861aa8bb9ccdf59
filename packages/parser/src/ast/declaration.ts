/**
 * Plain declarations: function prototypes, variables, bare `struct X {...};` definitions, and constants
 * (`const ULONG X = 1;`), which are declarations with `const` and an initializer.
 */
import { printAttributes, type Attribute } from './attribute';
import { isEmptyDeclarator, printDeclarator, type Declarator } from './declarator';
import { printExpression, type Expression } from './expression';
import { isMethodDeclarator, methodFromDeclarator, type Method } from './method';
import { printDoc, type Span } from './node';
import { printDeclarationSpecifiers, type DeclarationSpecifiers } from './type-specifier';

export interface Declaration {
  kind: 'declaration';
  attributes: Attribute[];
  doc: string | null;
  specifiers: DeclarationSpecifiers;
  declarators: InitDeclarator[];
  span: Span;
}

export interface InitDeclarator {
  declarator: Declarator;
  initializer: Expression | null;
}

export interface ConstDeclaration {
  kind: 'const';
  attributes: Attribute[];
  doc: string | null;
  /** Includes the `const` qualifier. */
  specifiers: DeclarationSpecifiers;
  declarator: Declarator;
  name: string;
  value: Expression;
  span: Span;
}

/**
 * What a declaration's specifiers and declarators declare: a constant (`const` and one initialized
 * declarator), a method (where `methods`, one function declarator), or a plain declaration.
 */
export function declarationOf(
  specifiers: DeclarationSpecifiers,
  initDeclarators: readonly InitDeclarator[],
  attributes: Attribute[],
  doc: string | null,
  span: Span,
  methods: boolean,
): Declaration | ConstDeclaration | Method {
  // `struct X {...};` parses with one empty declarator, which declares nothing.
  const declarators = initDeclarators.filter((d) => d.initializer || !isEmptyDeclarator(d.declarator));
  // A method declared C++ style, `HRESULT M(void) = 0;`, is a method in its slot, as widl makes it (its
  // `init_declarator` takes an initializer and ignores it for a function).
  if (methods && declarators.length === 1 && isMethodDeclarator(declarators[0].declarator)) {
    return methodFromDeclarator(attributes, doc, specifiers, declarators[0].declarator, span, declarators[0].initializer);
  }
  if (declarators.length === 1 && declarators[0].initializer && specifiers.qualifiers.includes('const')) {
    const d = declarators[0].declarator;
    return {
      kind: 'const',
      attributes,
      doc,
      specifiers,
      declarator: d,
      name: d.name ?? '',
      value: declarators[0].initializer,
      span,
    };
  }
  return { kind: 'declaration', attributes, doc, specifiers, declarators, span };
}

export function printDeclaration(d: Declaration, indent: string): string {
  const decls = d.declarators
    .map((i) => printDeclarator(i.declarator, indent) + (i.initializer ? ` = ${printExpression(i.initializer)}` : ''))
    .join(', ');
  return `${printDoc(d.doc, indent)}${indent}${printAttributes(d.attributes, indent)}${printDeclarationSpecifiers(d.specifiers, indent)}${decls ? ' ' + decls : ''};`;
}

export function printConstDeclaration(d: ConstDeclaration, indent: string): string {
  return `${printDoc(d.doc, indent)}${indent}${printAttributes(d.attributes, indent)}${printDeclarationSpecifiers(d.specifiers, indent)} ${printDeclarator(d.declarator, indent)} = ${printExpression(d.value)};`;
}
