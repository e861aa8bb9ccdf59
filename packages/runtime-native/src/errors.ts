/**
 * Faults that native code cannot be told about by an exception: an implementation that threw while native
 * code called it (the caller gets an HRESULT), a wrapper released by the finalizer whose Release failed.
 * They go to the library's `onError`, or else to a process warning: never to an exception in the caller.
 */
export interface NativeFaultContext {
  readonly interfaceName: string;
  /** The vtable name of the slot. */
  readonly method: string;
  readonly slot: number;
  /** `callee`: an exported TypeScript object, called by native code; `release`: a finalizer's Release. */
  readonly origin: 'callee' | 'release';
}

export type NativeErrorHandler = (error: unknown, context: NativeFaultContext) => void;

export function reportFault(handler: NativeErrorHandler | undefined, error: unknown, context: NativeFaultContext): void {
  try {
    if (handler) {
      handler(error, context);
      return;
    }
  } catch {
    // A faulty hook must not break native code's call; fall through to the warning.
  }
  const message = error instanceof Error ? error.message : String(error);
  process.emitWarning(`${context.interfaceName}::${context.method} (slot ${context.slot}, ${context.origin}): ${message}`, { code: 'COMIDL_NATIVE_FAULT' });
}
