/**
 * The values of ts-morph's enums that the emitters put in their structures, without loading ts-morph (and
 * the TypeScript compiler under it: about 450 ms at every start of a generation). The structures are plain
 * data; ts-morph itself is needed only to print one the fast printer does not support, and `printFiles`
 * loads it then. A test checks every value here against ts-morph's own enums.
 */
import type { StructureKind as TsStructureKind, VariableDeclarationKind as TsVariableDeclarationKind } from 'ts-morph';

export const StructureKind = {
  Class: 2 as TsStructureKind.Class,
  Constructor: 5 as TsStructureKind.Constructor,
  Enum: 8 as TsStructureKind.Enum,
  EnumMember: 9 as TsStructureKind.EnumMember,
  ExportDeclaration: 11 as TsStructureKind.ExportDeclaration,
  ExportSpecifier: 12 as TsStructureKind.ExportSpecifier,
  Function: 13 as TsStructureKind.Function,
  ImportDeclaration: 16 as TsStructureKind.ImportDeclaration,
  ImportSpecifier: 17 as TsStructureKind.ImportSpecifier,
  Interface: 19 as TsStructureKind.Interface,
  JSDoc: 24 as TsStructureKind.JSDoc,
  Method: 26 as TsStructureKind.Method,
  MethodSignature: 28 as TsStructureKind.MethodSignature,
  Parameter: 30 as TsStructureKind.Parameter,
  Property: 31 as TsStructureKind.Property,
  PropertySignature: 33 as TsStructureKind.PropertySignature,
  SourceFile: 36 as TsStructureKind.SourceFile,
  TypeAlias: 38 as TsStructureKind.TypeAlias,
  TypeParameter: 39 as TsStructureKind.TypeParameter,
  VariableDeclaration: 40 as TsStructureKind.VariableDeclaration,
  VariableStatement: 41 as TsStructureKind.VariableStatement,
} as const;

export const VariableDeclarationKind = {
  Const: 'const' as TsVariableDeclarationKind.Const,
} as const;
