/**
 * [out] and [in, out] parameters. C passes a pointer the callee writes through; here the caller passes a
 * box and the callee sets its `value`.
 */
export interface Out<T> {
  value: T | undefined;
}

export interface InOut<T> {
  value: T;
}

export function out<T>(): Out<T> {
  return { value: undefined };
}

export function inOut<T>(value: T): InOut<T> {
  return { value };
}
