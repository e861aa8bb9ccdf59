/** Builds the model of interface methods and parameters from the AST: directions, property names, twins. */
import type { DelegateDeclaration, Method, Parameter } from '@comidl/parser';
import { printDeclarationSpecifiers, printExpression } from '@comidl/parser';
import { argumentText, findAttribute, hasAttribute } from './attributes';
import { duplicateIndexes } from './duplicates';
import type { Direction, MethodModel, ParameterModel } from './types';

/**
 * `[propget] Name` is `get_Name` in the vtable, as in MIDL-generated C headers; likewise `put_`, `putref_`
 * and WinRT's `[eventadd]`/`[eventremove]` as `add_`/`remove_`.
 */
export function vtableName(m: Method): { name: string; property: MethodModel['property'] } {
  if (hasAttribute(m.attributes, 'propget')) return { name: `get_${m.name}`, property: 'get' };
  if (hasAttribute(m.attributes, 'propputref')) return { name: `putref_${m.name}`, property: 'putref' };
  if (hasAttribute(m.attributes, 'propput')) return { name: `put_${m.name}`, property: 'put' };
  if (hasAttribute(m.attributes, 'eventadd')) return { name: `add_${m.name}`, property: 'add' };
  if (hasAttribute(m.attributes, 'eventremove')) return { name: `remove_${m.name}`, property: 'remove' };
  return { name: m.name, property: null };
}

export function directionOf(p: Parameter): Direction {
  const isIn = hasAttribute(p.attributes, 'in');
  const isOut = hasAttribute(p.attributes, 'out');
  if (isIn && isOut) return 'in,out';
  if (isOut) return 'out';
  return 'in';
}

/** A parameter's type as written, canonical: specifiers, then pointers and array brackets. */
export function parameterTypeText(p: Parameter): string {
  let pointers = '';
  let arrays = '';
  const walk = (d: Parameter['declarator']) => {
    for (const prefix of d.prefix) {
      if (prefix.kind === 'pointer') pointers += prefix.qualifiers.length ? `* ${prefix.qualifiers.join(' ')} ` : '*';
    }
    if (d.nested) walk(d.nested);
    for (const s of d.suffixes) {
      if (s.kind === 'array') arrays += `[${s.size === null ? '' : s.size === '*' ? '*' : printExpression(s.size)}]`;
      else arrays += '()';
    }
  };
  walk(p.declarator);
  const base = printDeclarationSpecifiers(p.specifiers);
  return (pointers ? `${base} ${pointers.trimEnd()}` : base) + arrays;
}

function buildParameters(parameters: Parameter[]): ParameterModel[] {
  // `(void)` declares no parameters.
  if (
    parameters.length === 1 &&
    parameters[0].name === null &&
    parameters[0].specifiers.type.kind === 'base-type' &&
    parameters[0].specifiers.type.name === 'void' &&
    parameters[0].declarator.prefix.length === 0
  ) {
    return [];
  }
  const duplicates = duplicateIndexes(parameters.map((p, i) => p.name ?? `arg${i}`));
  return parameters.map((p, i) => {
    const name = p.name ?? `arg${i}`;
    return {
      name,
      direction: directionOf(p),
      type: parameterTypeText(p),
      retval: hasAttribute(p.attributes, 'retval'),
      attributes: p.attributes,
      declaration: p,
      span: p.span,
      duplicateOf: duplicates[i],
    };
  });
}

export function buildMethod(m: Method): MethodModel {
  const { name, property } = vtableName(m);
  const callAs = findAttribute(m.attributes, 'call_as');
  let returnType = printDeclarationSpecifiers(m.returnType);
  const pointers = m.prefix.filter((p) => p.kind === 'pointer').length;
  if (pointers) returnType += ' ' + '*'.repeat(pointers);
  return {
    name,
    idlName: m.name,
    property,
    returnType,
    parameters: buildParameters(m.parameters),
    placeholder: /(^|\s)@placeholder\b/.test(m.doc ?? ''),
    local: hasAttribute(m.attributes, 'local'),
    callAs: callAs ? argumentText(callAs.arguments?.[0]) : null,
    attributes: m.attributes,
    doc: m.doc,
    declaration: m,
    span: m.span,
  };
}

/** A delegate is an interface with one method, `Invoke`. */
export function delegateInvoke(d: DelegateDeclaration): MethodModel {
  const method: Method = {
    kind: 'method',
    attributes: [],
    doc: d.doc,
    returnType: d.returnType,
    prefix: [],
    name: 'Invoke',
    parameters: d.parameters,
    variadic: d.variadic,
    span: d.span,
  };
  return buildMethod(method);
}
