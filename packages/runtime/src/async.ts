/**
 * The asynchronous form of an interface: the same methods, each returning a Promise. Async proxies (over a
 * message channel) have this form; `asAsync` gives it to anything, so code can await an interface pointer
 * without knowing whether it is local, a synchronous proxy or an asynchronous one.
 */
import { ComError } from './com-error.js';
import { E_POINTER } from './hresult.js';
import type { ComAsync } from './com-async.js';
import { ComAsyncProxy } from './proxy.js';

export type { ComAsync } from './com-async.js';

const facades = new WeakMap<object, object>();
const facadeSet = new WeakSet<object>();

/**
 * `p` in the asynchronous form: an async proxy as it is; any other object behind a facade whose methods
 * return promises (resolved with the method's result, or rejected with what it throws).
 */
export function asAsync<T>(p: T): ComAsync<T> {
  if (typeof p !== 'object' || p === null) {
    throw new ComError(E_POINTER, 'asAsync: not an interface pointer');
  }
  if (p instanceof ComAsyncProxy || facadeSet.has(p)) return p as unknown as ComAsync<T>;
  let facade = facades.get(p);
  if (facade === undefined) {
    facade = createFacade(p);
    facades.set(p, facade);
    facadeSet.add(facade);
  }
  return facade as ComAsync<T>;
}

function createFacade(target: object): object {
  const methods = new Map<PropertyKey, { original: Function; wrapped: Function }>();
  return new Proxy(target, {
    get(object, key) {
      const value = Reflect.get(object, key, object) as unknown;
      if (typeof value !== 'function') return value;
      const cached = methods.get(key);
      if (cached !== undefined && cached.original === value) return cached.wrapped;
      const wrapped = (...args: unknown[]): Promise<unknown> => {
        try {
          return Promise.resolve(value.apply(object, args));
        } catch (error) {
          return Promise.reject(error);
        }
      };
      methods.set(key, { original: value, wrapped });
      return wrapped;
    },
  });
}
