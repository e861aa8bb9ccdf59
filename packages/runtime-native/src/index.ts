/** @comidl/runtime-native: what comidl's native bindings need at run time (through koffi). */
export * from './descriptor.js';
export { COM_CALLING_CONVENTION, POINTER_SIZE, type NativePointer, type NativePointerLike } from './platform.js';
