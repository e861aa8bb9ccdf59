/** The asynchronous form of an interface: the same methods, each returning a Promise. */
export type ComAsync<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};
