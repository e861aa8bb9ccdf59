/**
 * HRESULT-aware Jest matchers: `expect(hr).toSucceed()`, `expect(hr).toFail()` and
 * `expect(hr).toBeHResult(S_OK)`, whose messages name HRESULTs (`E_FAIL (0x80004005)`) instead of printing
 * `-2147467259`. Importing this module (`@comidl/runtime/jest`, for example from Jest's
 * `setupFilesAfterEnv`) installs them on the global `expect`; `hresultMatchers` can also be handed to
 * `expect.extend` by hand.
 */
import { formatHresult, hresultName, type HRESULT } from './hresult.js';

interface MatcherContext {
  isNot: boolean;
  utils?: { printReceived(value: unknown): string; printExpected(value: unknown): string };
}

interface MatcherResult {
  pass: boolean;
  message(): string;
}

/** `E_FAIL (0x80004005)`, `S_OK`, or the value printed as Jest prints it when it is not an HRESULT. */
export function describeHresult(value: unknown): string {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    return `${typeof value === 'string' ? JSON.stringify(value) : String(value)} (not an HRESULT)`;
  }
  const name = hresultName(value);
  const hex = formatHresult(value);
  return name === hex ? hex : `${name} (${hex})`;
}

const isHresult = (value: unknown): value is HRESULT => typeof value === 'number' && Number.isInteger(value) && value >= -0x80000000 && value <= 0xffffffff;

export const hresultMatchers = {
  /** The value is an HRESULT that succeeded (S_OK, S_FALSE, any non-negative code). */
  toSucceed(this: MatcherContext, received: unknown): MatcherResult {
    const pass = isHresult(received) && (received | 0) >= 0;
    return {
      pass,
      message: () =>
        pass ? `expected ${describeHresult(received)} not to succeed` : `expected an HRESULT that succeeds, received ${describeHresult(received)}`,
    };
  },

  /** The value is an HRESULT that failed (any negative code). */
  toFail(this: MatcherContext, received: unknown): MatcherResult {
    const pass = isHresult(received) && (received | 0) < 0;
    return {
      pass,
      message: () => (pass ? `expected ${describeHresult(received)} not to fail` : `expected an HRESULT that fails, received ${describeHresult(received)}`),
    };
  },

  /** The value is the HRESULT `expected` (compared as signed 32-bit values: 0x80004005 equals E_FAIL). */
  toBeHResult(this: MatcherContext, received: unknown, expected: HRESULT): MatcherResult {
    if (!isHresult(expected)) throw new TypeError(`toBeHResult: the expected value ${String(expected)} is not an HRESULT`);
    const pass = isHresult(received) && (received | 0) === (expected | 0);
    return {
      pass,
      message: () =>
        pass ? `expected an HRESULT other than ${describeHresult(expected)}` : `expected ${describeHresult(expected)}, received ${describeHresult(received)}`,
    };
  },
};

/** The matchers' signatures, for the type augmentations below. */
export interface HResultMatchers<R> {
  toSucceed(): R;
  toFail(): R;
  toBeHResult(expected: HRESULT): R;
}

declare global {
  namespace jest {
    interface Matchers<R> extends HResultMatchers<R> {}
  }
}

// Installed where Jest's global `expect` exists (a setup file, a test file); elsewhere importing does nothing.
const jestExpect = (globalThis as { expect?: { extend?(matchers: object): void } }).expect;
if (typeof jestExpect?.extend === 'function') jestExpect.extend(hresultMatchers);
