/** An interface method: `[propget] HRESULT Name([out, retval] BSTR *p);`. */
import { printAttributes, type Attribute } from './attribute';
import { printDeclaratorPrefix, printParameters, type Declarator, type DeclaratorPrefix, type Parameter } from './declarator';
import { printExpression, type Expression } from './expression';
import { printDoc, type Span } from './node';
import { printDeclarationSpecifiers, type DeclarationSpecifiers } from './type-specifier';

export interface Method {
  kind: 'method';
  attributes: Attribute[];
  doc: string | null;
  returnType: DeclarationSpecifiers;
  /** Pointers and calling conventions between the return type and the name. */
  prefix: DeclaratorPrefix[];
  name: string;
  parameters: Parameter[];
  variadic: boolean;
  /** The initializer of a method declared C++ style, `HRESULT M(void) = 0;`; absent otherwise. */
  initializer?: Expression;
  span: Span;
}

/** A declarator declares a method when it is `prefix name(parameters)` and nothing else. */
export function isMethodDeclarator(d: Declarator): boolean {
  return d.name !== null && d.nested === null && d.suffixes.length === 1 && d.suffixes[0].kind === 'parameters';
}

export function methodFromDeclarator(
  attributes: Attribute[],
  doc: string | null,
  returnType: DeclarationSpecifiers,
  d: Declarator,
  span: Span,
  initializer: Expression | null = null,
): Method {
  const params = d.suffixes[0];
  if (params.kind !== 'parameters') throw new Error('not a method declarator');
  const method: Method = {
    kind: 'method',
    attributes,
    doc,
    returnType,
    prefix: d.prefix,
    name: d.name!,
    parameters: params.parameters,
    variadic: params.variadic,
    span,
  };
  if (initializer) method.initializer = initializer;
  return method;
}

export function printMethod(m: Method, indent: string): string {
  const prefix = printDeclaratorPrefix(m.prefix);
  const params = printParameters({ kind: 'parameters', parameters: m.parameters, variadic: m.variadic }, indent);
  return `${printDoc(m.doc, indent)}${indent}${printAttributes(m.attributes, indent)}${printDeclarationSpecifiers(m.returnType, indent)} ${prefix}${m.name}${params}${m.initializer ? ` = ${printExpression(m.initializer)}` : ''};`;
}
