/**
 * @comidl/runtime-native: what comidl's native bindings need at run time. Generated `@<lib>/native` packages
 * give `bindLibrary` their descriptors and declare `<I>Native` classes over NativeUnknown; this package does
 * the rest through koffi: calling vtable slots, live views of native structures, COM's memory rules, and
 * exporting TypeScript objects as COM objects.
 */
export * from './descriptor.js';
export { COM_CALLING_CONVENTION, POINTER_SIZE, type NativePointer, type NativePointerLike } from './platform.js';
export { allocatorsFromLibrary, allocators, setAllocators, windowsAllocators, type AllocatorLibraries, type ComAllocators } from './allocators.js';
export type { NativeErrorHandler, NativeFaultContext } from './errors.js';
export { bindLibrary, InterfaceBinding, NativeLibrary, type BindOptions, type SlotInfo } from './library.js';
export { NativeUnknown, type NativeClass, type SlotInvoker } from './wrapper.js';
export { Lease } from './views.js';
export { liveExportCount } from './exports.js';
export { viewAddress } from './values.js';
export { guidBytes } from './guid-bytes.js';
