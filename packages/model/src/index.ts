/** @comidl/model: imports, typedefs, inheritance, vtables and semantic diagnostics of COM IDL. */
export { ComWorkspace, type WorkspaceOptions } from './workspace';
export type * from './types';
export { rules } from './rules';
export { layoutVtable } from './vtable';
export { uuidOf } from './attributes';
export { hasAttribute, findAttribute, argumentText } from './attributes';
export { parameterTypeText } from './interface-builder';
export type { Unit } from './workspace';
export { Scope } from './scope';
