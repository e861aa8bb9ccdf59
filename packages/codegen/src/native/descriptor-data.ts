/**
 * The native descriptors as data: what `@<lib>/native`'s `src/descriptor.ts` holds, in the format of
 * @comidl/runtime-native's `descriptor.ts` (its contract). The generated file declares the value as the
 * runtime's `NativeLibraryDescriptor`, so compiling the generated package checks that the two agree.
 */

export type NativeScalar = 'int8_t' | 'uint8_t' | 'int16_t' | 'uint16_t' | 'int32_t' | 'uint32_t' | 'int64_t' | 'uint64_t' | 'float' | 'double' | 'intptr_t' | 'uintptr_t';

export type NativeType =
  | NativeScalar
  | { readonly kind: 'pointer'; readonly to: NativeType }
  | { readonly kind: 'opaque' }
  | { readonly kind: 'string'; readonly encoding: 'utf16' | 'ansi' | 'bstr' }
  | { readonly kind: 'guid' }
  | { readonly kind: 'struct'; readonly name: string }
  | { readonly kind: 'array'; readonly of: NativeType; readonly length: number }
  | { readonly kind: 'text'; readonly encoding: 'utf16' | 'ansi'; readonly length: number }
  | { readonly kind: 'interface'; readonly name: string };

export interface NativeBitField {
  readonly name: string;
  readonly type: NativeScalar;
  readonly offset: number;
  readonly width: number;
}

export interface NativeField {
  readonly name: string;
  readonly type: NativeType;
  readonly sizeIs?: string;
  readonly bitFields?: readonly NativeBitField[];
  readonly anonymous?: true;
}

export interface NativeLayout {
  readonly size: number;
  readonly align: number;
  readonly offsets: readonly number[];
  readonly sizes?: readonly number[];
}

export interface NativeStructure {
  readonly name: string;
  readonly kind?: 'union';
  readonly pack?: number | Readonly<Record<string, number>>;
  readonly fields: readonly NativeField[];
  readonly opaque?: string;
  readonly layout?: Readonly<Record<'4' | '8', NativeLayout>>;
}

export type NativeAllocatorName = 'CoTaskMemFree' | 'SysFreeString' | 'MAPIFreeBuffer';

export const NATIVE_ALLOCATORS: readonly NativeAllocatorName[] = ['CoTaskMemFree', 'SysFreeString', 'MAPIFreeBuffer'];

export interface NativeViewSpec {
  readonly structure?: string;
  readonly selector?: number;
  readonly structures?: Readonly<Record<string, string>>;
  readonly endedBy: string;
}

export interface NativeParameter {
  readonly name: string;
  readonly direction: 'in' | 'out' | 'in,out';
  readonly type: NativeType;
  readonly sizeIs?: number;
  readonly iidIs?: number;
  readonly free?: NativeAllocatorName;
  readonly view?: NativeViewSpec;
}

export type NativeReturn = 'HRESULT' | NativeScalar | 'void';

export interface NativeSlot {
  readonly name: string;
  readonly method?: string;
  readonly returns: NativeReturn;
  readonly parameters: readonly NativeParameter[];
  readonly unsupported?: string;
}

export interface NativeInterface {
  readonly name: string;
  readonly iid: string;
  readonly base: string;
  readonly slots: readonly NativeSlot[];
}

export interface NativeLibraryDescriptor {
  readonly name: string;
  readonly structures: readonly NativeStructure[];
  readonly interfaces: readonly NativeInterface[];
}
