/**
 * The methods of mocks and fakes are Jest's own mock functions, made by `jest-mock` (the package Jest's
 * `jest.fn()` comes from): each carries Jest's whole mock API (`mockReturnValue`, `mockImplementation`,
 * `mockReturnValueOnce`, `mock.calls`, `mock.results`, `mockClear`, `mockReset`...) and Jest's call
 * matchers take it (`expect(mock.SyncBeg).toHaveBeenCalledWith(...)`).
 *
 * A method's implementation is its double's COM answer (what `on()`, `expect()`, a protocol or COM's
 * defaults say). Jest's programming comes first: while a `mockReturnValue`, `mockImplementation` or a
 * `...Once` value is set, the method answers with it, as `jest.fn()` does. `mockReset()` (and
 * `mockRestore()`, there being nothing to restore) forgets the calls and Jest's programming and gives the
 * method its COM answer back, instead of leaving it returning `undefined`: an HRESULT method returns an
 * HRESULT.
 *
 * All doubles share one ModuleMocker, so `mock.invocationCallOrder` orders calls across every method of
 * every double. It is not the one behind the `jest` object of a test file: `jest.clearAllMocks()`,
 * `jest.resetAllMocks()` and the `clearMocks`/`resetMocks` settings do not reach these methods (a reset
 * there would leave every method returning `undefined`); `reset()` on the double forgets them.
 */
import { ModuleMocker, type Mock } from 'jest-mock';

/** Any function a mock method can stand for. */
export type MockableFunction = (...args: any[]) => any;

/** A method of a mock or fake: Jest's mock function of the method's type. */
export type MockMethod<F extends MockableFunction = MockableFunction> = Mock<F>;

/** Every call of every double counts in one `invocationCallOrder`. */
const mocker = new ModuleMocker(globalThis);

/**
 * A Jest mock function named `name` (`IOSTX::SyncBeg`) whose implementation is `answer`, called with the
 * call's arguments; `mockReset()` and `mockRestore()` give it back.
 */
export function createMockMethod<F extends MockableFunction>(name: string, answer: (args: unknown[]) => unknown): MockMethod<F> {
  const implementation = ((...args: unknown[]) => answer(args)) as F;
  const method = mocker.fn(implementation).mockName(name);
  const jestReset = method.mockReset.bind(method);
  const reset = (): MockMethod<F> => jestReset().mockImplementation(implementation).mockName(name);
  Object.assign(method, {
    mockReset: reset,
    mockRestore: () => {
      reset();
    },
  });
  if (typeof Symbol.dispose === 'symbol') Object.assign(method, { [Symbol.dispose]: method.mockRestore });
  return method;
}
