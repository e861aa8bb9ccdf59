/**
 * The binary interface of COM interfaces as comidl compares it: each interface's IID, base and vtable slots,
 * every slot's return type and parameters as canonical C types (typedefs expanded), and the kinds of
 * change between two such snapshots. A published COM interface is immutable: a layout behind an IID never
 * changes; a changed interface is a new interface with a new IID.
 */

import type { SourcePosition } from '@comidl/parser';

export type AbiDirection = 'in' | 'out' | 'in,out';

/**
 * Where an element of a snapshot taken from IDL is declared; absent for one read from a lock file. It is not
 * enumerable (see `located`): fingerprints and the lock's text, made from these objects, never hold a path.
 */
export interface Located {
  readonly location?: SourcePosition;
}

/** Gives `value` its IDL position as a non-enumerable `location`, and returns it. */
export function located<T extends object>(value: T, at: SourcePosition): T & Located {
  Object.defineProperty(value, 'location', { value: { file: at.file, line: at.line, column: at.column }, enumerable: false });
  return value;
}

export interface AbiParameter {
  /** The IDL name. */
  name: string;
  direction: AbiDirection;
  /** The canonical C type: `unsigned long`, `struct MAPIERROR**`, `interface IMAPIProgress*`. */
  type: string;
}

export interface AbiSlot extends Located {
  /** 0-based; IUnknown's QueryInterface, AddRef, Release are 0-2. */
  index: number;
  name: string;
  /** The canonical C return type. */
  returns: string;
  parameters: AbiParameter[];
  /** The interface that declares the method; unknown for a slot read from a lock file. */
  declaredIn?: string;
  /** The method's doc comment; unknown (not compared) for a slot read from a lock file. */
  doc?: string | null;
}

export interface AbiInterface extends Located {
  name: string;
  /** Lowercase, without braces; null when the IDL gives none. */
  iid: string | null;
  base: string | null;
  /** The full vtable, base slots first. */
  slots: AbiSlot[];
  /** The interface's doc comment; unknown (not compared) for an entry read from a lock file. */
  doc?: string | null;
}

/** A field of a structure or union: its name and canonical C type, fixed array sizes as numbers. */
export interface AbiField extends Located {
  name: string;
  type: string;
}

/** An enum member and its value (decimal). */
export interface AbiEnumMember extends Located {
  name: string;
  value: string;
}

/**
 * A structure, union or enum as binaries see it: the fields in order with their C types and the packing (a
 * renamed, reordered or retyped field changes what compiled code reads), or the members with their values.
 */
export type AbiStructure = Located &
  (
    | {
        kind: 'struct' | 'union';
        name: string;
        /** The `#pragma pack` in effect on 64-bit Windows; null for natural alignment. */
        pack: number | null;
        /** On 32-bit Windows, when it differs (Wine's IDL packs some structures by `_WIN64`). */
        pack32?: number | null;
        fields: AbiField[];
      }
    | { kind: 'enum'; name: string; members: AbiEnumMember[] }
  );

/**
 * The ABI of a library: every interface with a vtable, in library order, and every structure, union and
 * enum its files define, in declaration order.
 */
export interface AbiSnapshot {
  interfaces: AbiInterface[];
  structures: AbiStructure[];
}

/**
 * - breaking: a caller or implementation compiled against the old layout misbehaves (slot removed, moved or
 *   inserted, a signature changed, base or IID changed, interface removed, an IID reused)
 * - additive: old binaries keep working (a new interface; a method appended, which still needs a new IID)
 * - harmless: the binary layout is the same (a parameter renamed, a doc comment changed)
 */
export type AbiSeverity = 'breaking' | 'additive' | 'harmless';

/**
 * What a change is about, as a stable code: `ABI001` a slot (its method removed, moved, inserted, renamed or
 * appended, its signature changed), `ABI002` an interface (new or removed, its IID or base changed, an IID
 * reused), `ABI003` a structure, union or enum (new or removed, a field or member changed), `ABI004` the vtable
 * lock itself (not a lock).
 */
export type AbiChangeCode = 'ABI001' | 'ABI002' | 'ABI003' | 'ABI004';

export interface AbiChange {
  code: AbiChangeCode;
  severity: AbiSeverity;
  /** The interface as named in the newer snapshot (or the older one when it was removed); '' for a structure. */
  interface: string;
  /** The structure, union or enum the change is about. */
  structure?: string;
  /** The slot index in the newer layout (the older one for a removed slot). */
  slot?: number;
  method?: string;
  /** A complete sentence: `IOSTX slot 5: SyncBeg parameter 2 (ppv) direction in,out -> out`. */
  message: string;
  /**
   * Where the change is in the newer IDL: the changed slot's method, field or member, else the interface or
   * structure; absent when there is nothing there (a removed interface or structure, a lock read from disk).
   */
  location?: SourcePosition;
}
