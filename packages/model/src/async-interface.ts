/**
 * The asynchronous twin of an interface with `[async_uuid(...)]`, as widl makes it (its `check_async_uuid`):
 * an interface `Async<Name>` whose IID is the `async_uuid`, whose base is IUnknown (for an interface that
 * derives from IUnknown) or the base's own twin, and which has, for each method in vtable order (a
 * `[call_as]` remote twin left out), `Begin_<M>` taking the [in] parameters (and those without a direction)
 * and `Finish_<M>` taking the [out] ones; an [in, out] parameter goes to both. Each keeps the method's
 * return type and attributes, so `[propget] Value` gives `get_Begin_Value` and `get_Finish_Value`.
 * See https://learn.microsoft.com/windows/win32/com/making-an-asynchronous-call for what the pair is for.
 */
import type { Attribute, InterfaceDeclaration, Method, Parameter, TypeName } from '@comidl/parser';
import { hasAttribute } from './attributes';
import { buildMethod } from './interface-builder';
import type { MethodModel } from './types';

/** `Async<Name>`, in the namespace of a WinRT interface: `A.B.IFoo` -> `A.B.AsyncIFoo`. */
export function asyncName(name: string): string {
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot + 1)}Async${name.slice(dot + 1)}`;
}

/** The twin's attributes, as widl maps them: `uuid` dropped, `async_uuid` becomes the `uuid`, the rest kept. */
function asyncAttributes(attributes: readonly Attribute[]): Attribute[] {
  const out: Attribute[] = [];
  for (const a of attributes) {
    if (a.name === 'uuid') continue;
    out.push(a.name === 'async_uuid' ? { ...a, name: 'uuid' } : a);
  }
  return out;
}

const outSide = new Set(['out', 'retval']);

/** A parameter as one side of the pair takes it: the other side's direction attributes dropped. */
function sideOf(p: Parameter, side: 'begin' | 'finish'): Parameter {
  const attributes = p.attributes.filter((a) => (side === 'begin' ? !outSide.has(a.name) : a.name !== 'in'));
  return { ...p, attributes };
}

/** `Begin_<M>` and `Finish_<M>` of every method but `[call_as]` remote twins, in order. */
export function asyncMethods(methods: readonly MethodModel[]): MethodModel[] {
  const out: MethodModel[] = [];
  for (const m of methods) {
    if (m.callAs !== null) continue;
    const d = m.declaration;
    const begin: Parameter[] = [];
    const finish: Parameter[] = [];
    for (const p of d.parameters) {
      const isOut = hasAttribute(p.attributes, 'out');
      if (hasAttribute(p.attributes, 'in') || !isOut) begin.push(sideOf(p, 'begin'));
      if (isOut) finish.push(sideOf(p, 'finish'));
    }
    const pair = (name: string, parameters: Parameter[]): Method => {
      // `(void)` stays `(void)` on the side that gets nothing else.
      const method: Method = { ...d, name, parameters, doc: d.doc };
      delete method.initializer;
      return method;
    };
    out.push(buildMethod(pair(`Begin_${d.name}`, begin)), buildMethod(pair(`Finish_${d.name}`, finish)));
  }
  return out;
}

/** The declaration of a twin: the source's span and attributes mapped, the `Begin_`/`Finish_` methods as members. */
export function asyncDeclaration(source: InterfaceDeclaration, name: string, base: TypeName, methods: readonly MethodModel[]): InterfaceDeclaration {
  return {
    kind: 'interface',
    attributes: asyncAttributes(source.attributes),
    doc: source.doc,
    name,
    templateParameters: null,
    base,
    requires: [],
    members: methods.map((m) => m.declaration),
    span: source.span,
  };
}
