/**
 * Recorded functions that Jest's call matchers accept as mocks (`expect(fn).toHaveBeenCalledWith(...)`),
 * without a dependency on Jest: Jest recognizes a mock by `_isMockFunction === true` and reads `mock.calls`,
 * `mock.results` and `getMockName()`.
 */

export type MockableFunction = (...args: any[]) => any;

export interface MockResult<R = unknown> {
  /** `incomplete` while the call is running (a re-entrant call sees it so). */
  type: 'return' | 'throw' | 'incomplete';
  value: R | unknown;
}

export interface MockFunctionState<A extends readonly unknown[] = unknown[], R = unknown> {
  /** The arguments of every call, in order ([out] boxes as passed, so their values show after the call). */
  readonly calls: A[];
  readonly results: Array<MockResult<R>>;
  readonly contexts: unknown[];
  readonly instances: unknown[];
  /** A number per call, increasing across all recorded functions: the order of calls to different slots. */
  readonly invocationCallOrder: number[];
  readonly lastCall: A | undefined;
}

export interface MockFunction<F extends MockableFunction = MockableFunction> {
  (...args: Parameters<F>): ReturnType<F>;
  readonly _isMockFunction: true;
  readonly mock: MockFunctionState<Parameters<F>, ReturnType<F>>;
  /** `IOSTX::SyncBeg`. */
  getMockName(): string;
  /** Forgets this function's calls (the owner's programming stays). */
  mockClear(): void;
}

let invocationCounter = 0;

function newState<A extends readonly unknown[], R>(): MockFunctionState<A, R> {
  const calls: A[] = [];
  return {
    calls,
    results: [],
    contexts: [],
    instances: [],
    invocationCallOrder: [],
    get lastCall() {
      return calls[calls.length - 1];
    },
  };
}

/**
 * A recorded function named `name`. `body` does the work; `onCall` sees each call's argument list (the
 * same array `mock.calls` holds) before the body runs, `onResult` its outcome after.
 */
export function createMockFunction<F extends MockableFunction>(
  name: string,
  body: (args: unknown[]) => unknown,
  hooks: {
    onCall?: (args: unknown[]) => void;
    onResult?: (args: unknown[], result: MockResult) => void;
  } = {},
): MockFunction<F> {
  let state = newState<Parameters<F>, ReturnType<F>>();
  const fn = function (this: unknown, ...args: unknown[]): unknown {
    const current = state;
    const result: MockResult = { type: 'incomplete', value: undefined };
    current.calls.push(args as Parameters<F>);
    current.contexts.push(this);
    current.instances.push(this);
    current.invocationCallOrder.push(++invocationCounter);
    current.results.push(result as MockResult<ReturnType<F>>);
    hooks.onCall?.(args);
    try {
      const value = body(args);
      result.type = 'return';
      result.value = value;
      return value;
    } catch (error) {
      result.type = 'throw';
      result.value = error;
      throw error;
    } finally {
      hooks.onResult?.(args, result);
    }
  };
  Object.defineProperty(fn, 'name', { value: name });
  Object.defineProperties(fn, {
    _isMockFunction: { value: true },
    mock: { get: () => state },
    getMockName: { value: () => name },
    mockClear: {
      value: () => {
        state = newState<Parameters<F>, ReturnType<F>>();
      },
    },
  });
  return fn as unknown as MockFunction<F>;
}
