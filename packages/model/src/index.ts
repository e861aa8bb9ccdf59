/** @comidl/model: imports, typedefs, inheritance, vtables and semantic diagnostics of COM IDL. */
export { ComWorkspace, type WorkspaceOptions } from './workspace';
export { applySeverity, DEMOTABLE_CODES, severityOf, severityProblems, type SeverityOptions } from './severity';
export { asyncName } from './async-interface';
export { duplicateIndexes } from './duplicates';
export type * from './types';
export { rules } from './rules';
export { layoutVtable, type VtableProblem } from './vtable';
export { MAX_EVALUATION_DEPTH, MAX_IMPORT_DEPTH, MAX_INHERITANCE_DEPTH, MAX_REFERENCE_DEPTH, MAX_VTABLE_SLOTS } from './limits';
export { uuidOf } from './attributes';
export { hasAttribute, findAttribute, argumentText, referencingAttributes, sizeAttributes } from './attributes';
export { parameterTypeText } from './interface-builder';
export type { Unit } from './workspace';
export { Scope } from './scope';
export { formatDiagnostics, summaryLine, errorCount, type DiagnosticOutputOptions } from './io/diagnostic-output';
export { readRegularFile, RegularFileError, REGULAR_FILE_LIMIT, entryKind, systemErrorCode, systemErrorText } from './io/regular-file';
export type { AggregateNode } from './declaration-index';
export {
  CTypes,
  aggregateFields,
  aggregateMembers,
  baseKind,
  declaratorName,
  isGuidName,
  isInlineAggregate,
  typeUse,
  type Aggregate,
  type AggregateField,
  type CanonicalOptions,
  type CKind,
  type ResolvedType,
  type TypeUse,
} from './abi/c-types';
export { evaluate, type ConstantValue, type NameLookup, type TypeTest } from './abi/constant-evaluator';
export { ConstantValues } from './abi/constant-values';
export { cppDefine, cppEmptyDefine, type CppDefine } from './abi/cpp-defines';
export { Layouts, LayoutError, type FieldLayout, type LayoutOptions, type StructLayout } from './abi/layout';
export { scopeTypes, type ScopeTypes } from './abi/scope-types';
export { abiOf, abiSlots, interfaceTypes, returnUse, structuresOf } from './abi/snapshot';
export { fingerprintOf, reachedStructures } from './abi/fingerprint';
export { compareAbi, compareInterfaces, sameLayout } from './abi/compare';
export { structureChanges } from './abi/compare-structures';
export {
  checkLock,
  formatLock,
  parseLock,
  LockFormatError,
  LOCK_FILE_NAME,
  LOCK_NOTE,
  LOCK_VERSION,
  type LockCheck,
  type LockContent,
  type LockOptions,
  type LockProblem,
} from './abi/lock';
export { located } from './abi/types';
export type {
  AbiChange,
  AbiChangeCode,
  Located,
  AbiDirection,
  AbiEnumMember,
  AbiField,
  AbiInterface,
  AbiParameter,
  AbiSeverity,
  AbiSlot,
  AbiSnapshot,
  AbiStructure,
} from './abi/types';
