/**
 * The HRESULT matchers of `@comidl/runtime/jest` (src/jest.ts): importing installs them; passing and failing cases, and
 * failure messages that name HRESULTs instead of printing negative numbers.
 */
import '../src/jest.js';
import { describeHresult, hresultMatchers } from '../src/jest.js';
import { E_FAIL, E_NOINTERFACE, MAPI_E_USER_CANCEL, S_FALSE, S_OK } from '../src/index.js';

/** The message of the assertion `run` makes fail. */
function failure(run: () => void): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the assertion passed');
}

describe('HRESULT matchers', () => {
  it('are installed on expect by importing @comidl/runtime/jest', () => {
    expect(S_OK).toSucceed();
    expect(S_FALSE).toSucceed();
    expect(E_FAIL).toFail();
    expect(E_FAIL).not.toSucceed();
    expect(S_OK).toBeHResult(S_OK);
    expect(E_FAIL).toBeHResult(0x80004005);
    expect(E_FAIL).not.toBeHResult(E_NOINTERFACE);
  });

  it('name the HRESULTs in their messages', () => {
    expect(failure(() => expect(E_FAIL).toSucceed())).toBe('expected an HRESULT that succeeds, received E_FAIL (0x80004005)');
    expect(failure(() => expect(S_OK).toFail())).toBe('expected an HRESULT that fails, received S_OK (0x00000000)');
    expect(failure(() => expect(MAPI_E_USER_CANCEL).toBeHResult(S_OK))).toBe('expected S_OK (0x00000000), received MAPI_E_USER_CANCEL (0x80040501)');
    expect(failure(() => expect(S_OK).not.toBeHResult(S_OK))).toBe('expected an HRESULT other than S_OK (0x00000000)');
    expect(failure(() => expect(0x80070021 | 0).toBeHResult(S_OK))).toBe('expected S_OK (0x00000000), received 0x80070021');
  });

  it('refuse what is not an HRESULT', () => {
    expect(failure(() => expect('S_OK').toSucceed())).toBe('expected an HRESULT that succeeds, received "S_OK" (not an HRESULT)');
    expect(failure(() => expect(undefined).toBeHResult(S_OK))).toBe('expected S_OK (0x00000000), received undefined (not an HRESULT)');
    expect(() => expect(S_OK).toBeHResult(Number.NaN)).toThrow('toBeHResult: the expected value NaN is not an HRESULT');
    expect(describeHresult(1.5)).toBe('1.5 (not an HRESULT)');
  });

  it('are plain matcher functions expect.extend takes', () => {
    expect(Object.keys(hresultMatchers).sort()).toEqual(['toBeHResult', 'toFail', 'toSucceed']);
  });
});
