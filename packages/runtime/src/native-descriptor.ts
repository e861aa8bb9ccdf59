/**
 * The descriptors native bindings are built from: plain data, written by generated code (`@<lib>/native`)
 * and read by `bindLibrary` (@comidl/runtime-native). Types only, kept here, below both, so that the code
 * generator builds its data against the same types the native runtime reads. Everything about a vtable or a structure that a call through a function pointer
 * depends on is stated here; nothing is worked out again from TypeScript types.
 *
 * Types are those of the Windows data model (LLP64) on every platform: the generator writes the machine type
 * of each C type (`ULONG`, `DWORD`, `BOOL`, `HRESULT`, enums: `int32_t`/`uint32_t`; `WCHAR`: `uint16_t`;
 * `ULONG_PTR`: `uintptr_t`), so that the runtime needs no typedef names.
 */

/** Machine scalars, by koffi's names. 64-bit integers are bigints in TypeScript, the others numbers. */
export type NativeScalar =
  | 'int8_t'
  | 'uint8_t'
  | 'int16_t'
  | 'uint16_t'
  | 'int32_t'
  | 'uint32_t'
  | 'int64_t'
  | 'uint64_t'
  | 'float'
  | 'double'
  | 'intptr_t'
  | 'uintptr_t';

/** A pointer to one value (`T *`): the value, or null for a NULL pointer. */
export interface NativePointerType {
  readonly kind: 'pointer';
  readonly to: NativeType;
}

/** `void *`, `HANDLE`, a pointer to a type that is not described: the address as a bigint, or null. */
export interface NativeOpaqueType {
  readonly kind: 'opaque';
}

/**
 * A string pointer: `LPWSTR`/`const WCHAR *` (`utf16`), `LPSTR`/`const char *` (`ansi`: converted as UTF-8,
 * which is the ANSI code page of a process set to UTF-8), `BSTR` (`bstr`: length-prefixed UTF-16 from
 * SysAllocString). A string, or null.
 */
export interface NativeStringType {
  readonly kind: 'string';
  readonly encoding: 'utf16' | 'ansi' | 'bstr';
}

/** A GUID by value (16 bytes, `Data1`..`Data4`); a `GUID` string in TypeScript. `REFIID` is a pointer to it. */
export interface NativeGuidType {
  readonly kind: 'guid';
}

/** A structure or union by value, by its name in the library's `structures`. */
export interface NativeStructType {
  readonly kind: 'struct';
  readonly name: string;
}

/** A fixed-size array `T x[n]` (a structure field): `Uint8Array` for bytes, otherwise an array. */
export interface NativeArrayType {
  readonly kind: 'array';
  readonly of: NativeType;
  readonly length: number;
}

/** A fixed-size character array `char x[n]` / `WCHAR x[n]`: a string in TypeScript. */
export interface NativeTextType {
  readonly kind: 'text';
  readonly encoding: 'utf16' | 'ansi';
  readonly length: number;
}

/** An interface pointer (`IFoo *`), by the interface's name in the library (`IUnknown` for `LPUNKNOWN`). */
export interface NativeInterfaceType {
  readonly kind: 'interface';
  readonly name: string;
}

export type NativeType =
  | NativeScalar
  | NativePointerType
  | NativeOpaqueType
  | NativeStringType
  | NativeGuidType
  | NativeStructType
  | NativeArrayType
  | NativeTextType
  | NativeInterfaceType;

/** A bit-field: part of a storage unit (see `NativeField.bitFields`). */
export interface NativeBitField {
  /** The field's name in the structure (what TypeScript reads and writes). */
  readonly name: string;
  /** Its declared integer type: a signed one reads sign-extended. */
  readonly type: NativeScalar;
  /** Its first bit in the storage unit, counted from the least significant bit. */
  readonly offset: number;
  /** Its width in bits (1 or more). */
  readonly width: number;
}

/** A structure field. */
export interface NativeField {
  /**
   * The field's name. For a storage unit of bit-fields and for a nameless member it is a name of the
   * declaration's own (`__bits0`, `__anon1`: a C identifier the structure does not use otherwise), which TypeScript never sees: their fields are the structure's.
   */
  readonly name: string;
  readonly type: NativeType;
  /**
   * `[size_is(f)]` on a pointer field: the pointer addresses as many elements as field `f` (of the same
   * structure) holds.
   */
  readonly sizeIs?: string;
  /**
   * A storage unit of bit-fields (`ULONG a : 3; ULONG b : 5;` share one `ULONG`, as MSVC lays them out): `type`
   * is the unit's integer type, and these the bit-fields in it, each read and written as a field of the
   * structure.
   */
  readonly bitFields?: readonly NativeBitField[];
  /**
   * A nameless structure or union member (C11's `union { ... };`): `type` is a `struct` described on its own,
   * whose fields are reached as fields of this structure.
   */
  readonly anonymous?: boolean;
}

/**
 * Size, alignment, and field offsets and sizes (in field order) of a structure for one pointer size, as
 * @comidl/model's `StructLayout` gives them (`size`, `align`, each field's `offset` and `size`; a storage unit
 * of bit-fields and a nameless member count as one field each).
 */
export interface NativeLayout {
  readonly size: number;
  readonly align: number;
  readonly offsets: readonly number[];
  /** Each field's size; checked when given. */
  readonly sizes?: readonly number[];
}

/** A structure or union, declared for koffi field by field. */
export interface NativeStructure {
  readonly name: string;
  /** Default `struct`. */
  readonly kind?: 'struct' | 'union';
  /**
   * The `#pragma pack(n)` in force where the structure is declared; absent for natural alignment. By pointer
   * size in bytes (`{ "4": 4, "8": 8 }`) where it depends on the architecture (headers that pack under
   * `#ifdef _WIN64`); a pointer size the record does not list has natural alignment.
   */
  readonly pack?: number | Readonly<Record<string, number>>;
  /** The fields in declaration order; empty for an opaque structure. */
  readonly fields: readonly NativeField[];
  /**
   * Why the structure is declared as bytes instead (a member koffi cannot declare, such as a zero-length
   * array): it gets the size and alignment `layout` gives for the running pointer size, and its values are
   * Uint8Arrays of its bytes.
   */
  readonly opaque?: string;
  /**
   * The layout the model computed, by pointer size in bytes (`"4"`, `"8"`). When given for the running
   * process's pointer size, `bindLibrary` checks that koffi's declaration gives the same size, alignment,
   * offsets (and field sizes, when given), and refuses the library otherwise.
   */
  readonly layout?: Readonly<Record<string, NativeLayout>>;
}

/** Who frees memory the callee allocated and handed out through an [out] parameter. */
export type NativeAllocatorName = 'CoTaskMemFree' | 'SysFreeString' | 'MAPIFreeBuffer';

/**
 * A structure that the callee keeps and hands out through an [in, out] `void **` (IOSTX::SyncBeg's and
 * SyncHdrBeg's `ppv`): the caller gets a live view of that memory until the slot named `endedBy` is called.
 */
export interface NativeViewSpec {
  /** The structure, when it is always the same one. */
  readonly structure?: string;
  /** Otherwise: the index of the parameter whose value selects the structure... */
  readonly selector?: number;
  /** ...and the structure for each value of it (keys are the values in decimal). */
  readonly structures?: Readonly<Record<string, string>>;
  /** The slot (by vtable name, on the same interface) whose call ends the view: the innermost open one. */
  readonly endedBy: string;
}

export type NativeDirection = 'in' | 'out' | 'in,out';

export interface NativeParameter {
  readonly name: string;
  readonly direction: NativeDirection;
  /**
   * The C type of the parameter as declared. For [out] and [in, out] it is a pointer, and `Out<T>`/`InOut<T>`
   * holds what it points to (`{ kind: 'pointer', to: { kind: 'string', encoding: 'utf16' } }` for `LPWSTR *`).
   */
  readonly type: NativeType;
  /** `[size_is(p)]`: a pointer to as many elements as parameter `p` (an index into `parameters`) holds. */
  readonly sizeIs?: number;
  /** `[iid_is(p)]` on `void **`: the interface is the one whose IID parameter `p` holds. */
  readonly iidIs?: number;
  /** The deallocator of callee-allocated memory reached through this [out] value. Default `CoTaskMemFree`. */
  readonly free?: NativeAllocatorName;
  /** A structure the callee owns and hands out (see NativeViewSpec). */
  readonly view?: NativeViewSpec;
}

/**
 * The return type: `HRESULT` (a signed 32-bit status; a thrown exception becomes one), a scalar, or void.
 */
export type NativeReturn = 'HRESULT' | NativeScalar | 'void';

export interface NativeSlot {
  /** The vtable name. */
  readonly name: string;
  /** The TypeScript method name, when it is not `name`. */
  readonly method?: string;
  readonly returns: NativeReturn;
  readonly parameters: readonly NativeParameter[];
  /**
   * Why the slot has no binding (a placeholder, a signature that cannot be represented). Callers get E_NOTIMPL
   * without the native function being called; an exported object answers E_NOTIMPL.
   */
  readonly unsupported?: string;
}

export interface NativeInterface {
  readonly name: string;
  /** Lowercase, without braces. */
  readonly iid: string;
  /** The base interface, by name (`IUnknown` at the root; its three slots are the runtime's own). */
  readonly base: string;
  /** The slots the interface declares itself, in vtable order, after those of its base. */
  readonly slots: readonly NativeSlot[];
}

/** A library: what a generated `@<lib>/native` package hands to `bindLibrary`. */
export interface NativeLibraryDescriptor {
  readonly name: string;
  readonly structures: readonly NativeStructure[];
  /** Bases come before the interfaces that derive from them. `IUnknown` may be listed or left out. */
  readonly interfaces: readonly NativeInterface[];
}
