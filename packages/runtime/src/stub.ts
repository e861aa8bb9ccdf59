/**
 * Stubs: the serving side of a vtable. A generated stub factory binds an implementation and returns a
 * dispatch function that calls the method at a slot with the argument list (in values, and boxes for [out]
 * and [in, out] parameters); placeholder and unknown slots answer E_NOTIMPL.
 */

/** Calls the method at `slot`; returns its result (a Promise when the implementation is asynchronous). */
export type StubDispatch = (slot: number, args: unknown[]) => unknown;

/** Binds an implementation of T to a dispatch function. */
export type StubFactory<T> = (impl: T) => StubDispatch;
