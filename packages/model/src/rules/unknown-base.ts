/**
 * M008 unknown-base: a base must be declared, defined (not only forward-declared) and of the right kind: an
 * interface's base an interface, a runtime class's base a runtime class (widl: "X is not a runtimeclass");
 * and the base of an interface with `[async_uuid]` must have an asynchronous twin itself, unless it is
 * IUnknown (widl: "async_uuid applied to an interface with incompatible parent").
 */
import type { Diagnostic, Statement } from '@comidl/parser';
import { diagnostic, type Rule } from './rule';

export const unknownBase: Rule = {
  code: 'M008',
  id: 'unknown-base',
  check({ scope, index, interfaces, vtableProblems, statements }) {
    const out: Diagnostic[] = [];
    for (const entry of index.interfaces) {
      const d = entry.declaration;
      if (d.kind !== 'interface' || !d.base || !entry.defined) continue;
      const base = scope.interface(d.base.name, entry.namespace);
      if (!base) {
        out.push(diagnostic(unknownBase, d.base.span, `base interface '${d.base.name}' of ${entry.name} is not declared`, `interface ${entry.name}`));
      } else if (!base.defined) {
        out.push(diagnostic(unknownBase, d.base.span, `base interface '${d.base.name}' of ${entry.name} is declared but never defined`, `interface ${entry.name}`));
      }
    }
    for (const i of interfaces) {
      for (const p of vtableProblems.get(i) ?? []) {
        if (p.kind !== 'async-base') continue;
        const where = i.declaration.kind === 'interface' && i.declaration.base ? i.declaration.base.span : i.span;
        out.push(
          diagnostic(
            unknownBase,
            where,
            p.base === null
              ? `[async_uuid] on ${i.name} needs a base interface: IUnknown, or one with an [async_uuid] of its own`
              : `[async_uuid] on ${i.name} needs its base ${p.base} to have an [async_uuid] too (or to be IUnknown): Async${p.base} does not exist`,
            `interface ${i.name}`,
          ),
        );
      }
    }
    const classes = (list: readonly Statement[], namespace: string) => {
      for (const s of list) {
        if (s.kind === 'namespace') classes(s.statements, namespace ? `${namespace}.${s.name}` : s.name);
        else if (s.kind === 'library') classes(s.statements, namespace);
        else if (s.kind === 'runtimeclass' && s.base) {
          const found = scope.type(s.base.name, namespace);
          const context = `runtimeclass ${s.name}`;
          if (!found) out.push(diagnostic(unknownBase, s.base.span, `base runtime class '${s.base.name}' of ${s.name} is not declared`, context));
          else if (found.kind !== 'runtimeclass') {
            out.push(diagnostic(unknownBase, s.base.span, `base '${s.base.name}' of runtime class ${s.name} is ${/^[aeiou]/.test(found.kind) ? 'an' : 'a'} ${found.kind}, not a runtime class`, context));
          }
        }
      }
    };
    classes(statements, '');
    return out;
  },
};
