/**
 * The C-level views of one scope, made once and shared: its types (`CTypes`), constant values and
 * structure layouts. Everything that asks about types in a scope (the ABI snapshot, emitters, layouts) gets
 * the same objects, so every name is resolved and every value computed once.
 */
import type { Scope } from '../scope';
import { CTypes } from './c-types';
import { ConstantValues } from './constant-values';
import { Layouts } from './layout';

export interface ScopeTypes {
  types: CTypes;
  constants: ConstantValues;
  /** Structure layouts for a pointer size (8: 64-bit Windows, the default; 4: 32-bit). */
  layouts(pointerSize?: 4 | 8): Layouts;
}

const byScope = new WeakMap<Scope, Map<string, ScopeTypes>>();

/** The C-level views of `scope`, for names used in WinRT `namespace` ('' outside one). */
export function scopeTypes(scope: Scope, namespace = ''): ScopeTypes {
  let byNamespace = byScope.get(scope);
  if (!byNamespace) byScope.set(scope, (byNamespace = new Map()));
  let found = byNamespace.get(namespace);
  if (!found) {
    const types = new CTypes(scope, namespace);
    const constants = new ConstantValues(scope);
    const layouts = new Map<number, Layouts>();
    found = {
      types,
      constants,
      layouts(pointerSize = 8) {
        let l = layouts.get(pointerSize);
        if (!l) layouts.set(pointerSize, (l = new Layouts(types, constants, { pointerSize })));
        return l;
      },
    };
    byNamespace.set(namespace, found);
  }
  return found;
}
