/**
 * The descriptor contract: the types of the data a generated `@<lib>/native` package hands to `bindLibrary`.
 * They live in @comidl/runtime (types only), which the code generator builds its descriptors against too.
 */
export type { NativeScalar, NativePointerType, NativeOpaqueType, NativeStringType, NativeGuidType, NativeStructType, NativeArrayType, NativeTextType, NativeInterfaceType, NativeType, NativeBitField, NativeField, NativeLayout, NativeStructure, NativeAllocatorName, NativeViewSpec, NativeDirection, NativeParameter, NativeReturn, NativeSlot, NativeInterface, NativeLibraryDescriptor } from '@comidl/runtime';
