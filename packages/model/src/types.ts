/** The semantic model of IDL files: what every later phase (CLI, spec check, emitters) reads. */
import type {
  Attribute,
  CoclassDeclaration,
  ConstDeclaration,
  DelegateDeclaration,
  Diagnostic,
  DispinterfaceDeclaration,
  IdlFile,
  InterfaceDeclaration,
  Method,
  Parameter,
  Span,
  TypedefDeclaration,
  EnumType,
  StructType,
  UnionType,
  EncapsulatedUnionType,
} from '@comidl/parser';

export type Direction = 'in' | 'out' | 'in,out';

export interface ParameterModel {
  name: string;
  direction: Direction;
  /** The parameter's type as written, canonical: `LPSSTREAM *`, `const WCHAR *`, `REFIID`. */
  type: string;
  retval: boolean;
  attributes: Attribute[];
  declaration: Parameter;
  span: Span;
  /**
   * The index of an earlier parameter of the method with the same name (M002 duplicate-member, which a
   * lenient run lets through); null for the first of its name. Generated code renames the later ones.
   */
  duplicateOf: number | null;
}

export interface MethodModel {
  /** The name in the vtable and in C headers: `get_Name` for `[propget] Name`. */
  name: string;
  /** The name as written in the IDL. */
  idlName: string;
  property: 'get' | 'put' | 'putref' | 'add' | 'remove' | null;
  returnType: string;
  parameters: ParameterModel[];
  /**
   * A reserved vtable slot that only keeps the layout (`@placeholder` in its doc comment): it must exist,
   * and it must never be called.
   */
  placeholder: boolean;
  /** `[local]`: not remotable. */
  local: boolean;
  /** For a `[call_as(Local)]` remote twin: the local method it stands for on the wire. */
  callAs: string | null;
  attributes: Attribute[];
  doc: string | null;
  declaration: Method;
  span: Span;
}

export interface VtableSlot {
  /** 0-based; IUnknown's QueryInterface, AddRef, Release are 0-2. */
  index: number;
  name: string;
  /** The interface that declares the method. */
  declaredIn: string;
  method: MethodModel;
  /** The `[call_as]` remote twin sharing this slot, if any. */
  remote: MethodModel | null;
  /**
   * The index of an earlier slot of the vtable with the same name: two methods with one name in an interface
   * (M002 duplicate-member, which a lenient run lets through); null for the first of its name. Generated code
   * renames the later ones.
   */
  duplicateOf: number | null;
}

export type InterfaceKind = 'interface' | 'dispinterface' | 'delegate';

export interface InterfaceModel {
  kind: InterfaceKind;
  /** Qualified for WinRT (`Windows.Foundation.IClosable`); instantiations carry their arguments. */
  name: string;
  /** The base interface's name; null for IUnknown and non-object interfaces without base. */
  base: string | null;
  /** Lowercase, without braces; null when the IDL gives none. */
  iid: string | null;
  /** COM (vtable) interface rather than an RPC interface. */
  object: boolean;
  attributes: Attribute[];
  doc: string | null;
  /** Methods declared by this interface itself, in order (remote twins included). */
  methods: MethodModel[];
  /** The full vtable, base first. Empty for RPC interfaces. */
  vtable: VtableSlot[];
  /** Template parameters of a parameterized (generic) WinRT interface; such an interface has no vtable. */
  templateParameters: string[] | null;
  /** The file that defines it (for an instantiation: the file of its `declare` block). */
  file: string;
  /**
   * For an interface with `[async_uuid(...)]`: its asynchronous twin, `Async<Name>`, as widl makes it (the IID
   * of `async_uuid`, per method `Begin_<M>` with the [in] parameters and `Finish_<M>` with the [out] ones). It
   * is one of the interfaces of the same file, right after this one.
   */
  asyncInterface: InterfaceModel | null;
  /** For an asynchronous twin: the name of the interface it was made from; null otherwise. */
  asyncOf: string | null;
  /** For a twin, a declaration made for it (its `Begin_`/`Finish_` methods), the source's span. */
  declaration: InterfaceDeclaration | DispinterfaceDeclaration | DelegateDeclaration;
  span: Span;
}

/** A named type a file can see: typedef names, tags, interfaces, classes. */
export type TypeSymbol =
  | { kind: 'typedef'; name: string; declaration: TypedefDeclaration; index: number; file: string }
  | { kind: 'struct' | 'union' | 'enum'; name: string; declaration: StructType | UnionType | EncapsulatedUnionType | EnumType; file: string }
  | { kind: 'interface' | 'dispinterface' | 'delegate'; name: string; declaration: InterfaceDeclaration | DispinterfaceDeclaration | DelegateDeclaration; file: string }
  | { kind: 'coclass' | 'runtimeclass'; name: string; declaration: CoclassDeclaration; file: string }
  | { kind: 'apicontract'; name: string; file: string }
  | { kind: 'builtin'; name: string; file: string };

export interface ConstantSymbol {
  name: string;
  file: string;
  declaration: ConstDeclaration | null;
}

export interface FileModel {
  file: string;
  ast: IdlFile;
  /** Resolved paths of the files this one imports, directly. */
  imports: string[];
  /** Interfaces and dispinterfaces this file defines (its own text and what it `#include`s), in order. */
  interfaces: InterfaceModel[];
  /** This file's own errors and warnings (sorted), then the errors of the files it imports, each file once. */
  diagnostics: Diagnostic[];
}
