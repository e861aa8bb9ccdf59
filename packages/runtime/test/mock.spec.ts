/**
 * ComMock: slot functions Jest accepts as mocks, recording, defaults, programming with on(), strict mode,
 * ordered expectations and verify(), on the generated-style IOSTXMock.
 */
import {
  E_FAIL,
  E_NOINTERFACE,
  E_NOTIMPL,
  E_UNEXPECTED,
  IID_IUnknown,
  MAPI_E_USER_CANCEL,
  S_FALSE,
  S_OK,
  any,
  anyOut,
  inOut,
  match,
  out,
} from '../src/index.js';
import { ComMock, MockError } from '../src/mocks.js';
import {
  IID_IMAPIProgress,
  IID_IOSTX,
  IMAPIProgressMock,
  IOSTXMock,
  LR_SYNC,
  LR_SYNC_UPLOAD_HIERARCHY,
  UPS_UPLOAD_ONLY,
  structs,
  vtables,
  type IOSTX,
  type IUnknown,
  type MAPIERROR,
} from './mapi-sync-doubles.js';

describe('slot functions', () => {
  it('defines one function per slot of the layout, IUnknown and the placeholder included', () => {
    const mock = new IOSTXMock();
    for (const slot of vtables.IOSTX.slots) {
      expect(typeof (mock as unknown as Record<string, unknown>)[slot.name]).toBe('function');
    }
    expect(Object.keys(mock)).not.toContain('SyncBeg');
  });

  it('are Jest mock functions: toHaveBeenCalledWith, toHaveBeenCalledTimes, toHaveReturnedWith', () => {
    const mock = new IOSTXMock();
    const ppv = inOut<unknown>(null);
    mock.InitSync(0);
    mock.SyncBeg(LR_SYNC, ppv);
    mock.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, ppv);

    expect(mock.SyncBeg).toHaveBeenCalledWith(LR_SYNC, expect.anything());
    expect(mock.SyncBeg).toHaveBeenCalledTimes(2);
    expect(mock.SyncBeg).toHaveBeenNthCalledWith(2, LR_SYNC_UPLOAD_HIERARCHY, ppv);
    expect(mock.SyncBeg).toHaveBeenLastCalledWith(LR_SYNC_UPLOAD_HIERARCHY, { value: null });
    expect(mock.SyncBeg).toHaveReturnedWith(S_OK);
    expect(mock.SyncEnd).not.toHaveBeenCalled();
    expect(mock.fn('SyncBeg').getMockName()).toBe('IOSTX::SyncBeg');
    expect(mock.fn('SyncBeg').mock.calls[0]).toEqual([LR_SYNC, ppv]);
    expect(mock.fn('SyncBeg').mock.lastCall?.[0]).toBe(LR_SYNC_UPLOAD_HIERARCHY);
    expect(mock.fn('InitSync').mock.invocationCallOrder[0]).toBeLessThan(mock.fn('SyncBeg').mock.invocationCallOrder[0]);
  });

  it("fail Jest's assertions with the method's name", () => {
    const mock = new IOSTXMock();
    mock.SyncBeg(LR_SYNC, inOut<unknown>(null));
    // Jest colours its messages when the terminal (or the task runner) asks for it: compare without colour.
    const message = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message.replace(/\u001b\[[0-9;]*m/g, '');
      }
      return 'no failure';
    };
    expect(message(() => expect(mock.SyncBeg).toHaveBeenCalledTimes(2))).toMatch(/IOSTX::SyncBeg[\s\S]*Expected number of calls: 2/);
    expect(() => expect(mock.SyncBeg).toHaveBeenCalledWith(LR_SYNC_UPLOAD_HIERARCHY, expect.anything())).toThrow(
      /IOSTX::SyncBeg/,
    );
    expect(() => expect(mock.SyncEnd).toHaveBeenCalled()).toThrow(/IOSTX::SyncEnd/);
  });

  it('record a throw in mock.results when a strict mock refuses a call', () => {
    const mock = new IOSTXMock({ strict: true });
    expect(() => mock.SyncEnd()).toThrow(MockError);
    expect(mock.fn('SyncEnd').mock.results[0].type).toBe('throw');
    expect(mock.calls[0].error).toBeInstanceOf(MockError);
    expect(() => expect(mock.SyncEnd).toHaveReturned()).toThrow();
  });

  it('work unbound, as a stub calls them', () => {
    const mock = new IOSTXMock();
    const { InitSync } = mock;
    expect(InitSync(0)).toBe(S_OK);
    expect(mock.callCount('InitSync')).toBe(1);
  });

  it('install a method under the layout’s `method` name, beside the mock’s own member of the IDL name', () => {
    // As generated for an IDL method named `verify`: the interface has `verify_`, the vtable `verify`.
    const layout = { ...vtables.IOSTX, slots: [...vtables.IOSTX.slots, { ...vtables.IOSTX.slots[6], index: 11, name: 'verify', method: 'verify_' }] };
    type WithVerify = IOSTX & { verify_(): number };
    const mock = new ComMock<WithVerify>(layout, { vtables, structs }) as ComMock<WithVerify> & WithVerify;
    mock.on('verify_').returns(S_FALSE);
    expect(mock.verify_()).toBe(S_FALSE);
    expect(mock.calls).toEqual([expect.objectContaining({ slot: 11, method: 'verify_' })]);
    expect(mock.callCount('verify_')).toBe(1);
    expect(mock.fn('verify_')).toHaveBeenCalledTimes(1);
    expect(() => mock.verify()).not.toThrow(); // still the mock's own verify
    expect(() => mock.fn('verify' as never)).toThrow("IOSTX has no method 'verify'");
  });

  it('refuse a layout with a slot named like a member of the mock', () => {
    const layout = { ...vtables.IOSTX, slots: [...vtables.IOSTX.slots, { ...vtables.IOSTX.slots[6], index: 11, name: 'verify' }] };
    expect(() => new ComMock<IOSTX>(layout, { vtables, structs })).toThrow(
      'IOSTX::verify (slot 11) has the name of a member of the mock',
    );
  });
});

describe("Jest's mock API on the methods (jest-mock)", () => {
  it('answers with mockReturnValue, mockReturnValueOnce and mockImplementation before on() and the COM defaults', () => {
    const mock = new IOSTXMock();
    mock.on('SyncEnd').returns(E_FAIL);
    mock.SyncEnd.mockReturnValueOnce(S_FALSE);
    expect([mock.SyncEnd(), mock.SyncEnd()]).toEqual([S_FALSE, E_FAIL]);
    mock.SyncBeg.mockImplementation((uiSync, ppv) => {
      ppv.value = { state: uiSync };
      return E_UNEXPECTED;
    });
    const ppv = inOut<unknown>(null);
    expect(mock.SyncBeg(LR_SYNC, ppv)).toBe(E_UNEXPECTED);
    expect(ppv.value).toEqual({ state: LR_SYNC });
    mock.InitSync.mockReturnValue(MAPI_E_USER_CANCEL);
    expect([mock.InitSync(0), mock.InitSync(1)]).toEqual([MAPI_E_USER_CANCEL, MAPI_E_USER_CANCEL]);
    // Every call is recorded, whoever answered it.
    expect(mock.calls.map((c) => [c.method, c.result])).toEqual([
      ['SyncEnd', S_FALSE],
      ['SyncEnd', E_FAIL],
      ['SyncBeg', E_UNEXPECTED],
      ['InitSync', MAPI_E_USER_CANCEL],
      ['InitSync', MAPI_E_USER_CANCEL],
    ]);
    expect(mock.SyncBeg.mock.results).toEqual([{ type: 'return', value: E_UNEXPECTED }]);
  });

  it('mockReset() forgets calls and Jest programming and gives the method its COM answer back; mockClear() forgets calls only', () => {
    const mock = new IOSTXMock();
    mock.on('SetSyncResult').returns(S_FALSE);
    mock.SetSyncResult.mockReturnValue(E_FAIL);
    expect(mock.SetSyncResult(S_OK)).toBe(E_FAIL);
    mock.SetSyncResult.mockClear();
    expect(mock.SetSyncResult).not.toHaveBeenCalled();
    expect(mock.SetSyncResult(S_OK)).toBe(E_FAIL);
    mock.SetSyncResult.mockReset();
    expect(mock.SetSyncResult.getMockName()).toBe('IOSTX::SetSyncResult');
    expect(mock.SetSyncResult(S_OK)).toBe(S_FALSE); // on() answers again, not undefined
    mock.SyncEnd.mockReturnValue(E_FAIL).mockRestore();
    expect(mock.SyncEnd()).toBe(S_OK);
    expect(mock.calls.map((c) => c.method)).toEqual(['SetSyncResult', 'SyncEnd']);
  });

  it('reset() on the mock forgets each method’s Jest programming too', () => {
    const mock = new IOSTXMock();
    mock.SyncEnd.mockReturnValue(E_FAIL);
    mock.SyncEnd();
    mock.reset();
    expect(mock.SyncEnd.mock.calls).toEqual([]);
    expect(mock.SyncEnd()).toBe(S_OK);
  });

  it('are made by jest-mock: Jest tells them from plain functions as it tells its own', () => {
    const mock = new IOSTXMock();
    expect(jest.isMockFunction(mock.SyncBeg)).toBe(true);
    expect(typeof mock.SyncBeg.mockResolvedValue).toBe('function');
    expect(typeof mock.SyncBeg.withImplementation).toBe('function');
  });
});

describe('recording', () => {
  it('records every call in order with slot, method, arguments as passed and result', () => {
    const mock = new IOSTXMock();
    const ppv = inOut<unknown>(null);
    mock.InitSync(0);
    mock.SyncBeg(LR_SYNC, ppv);
    mock.SetSyncResult(S_OK);
    mock.SyncEnd();
    expect(mock.calls).toEqual([
      { slot: 4, method: 'InitSync', args: [0], result: S_OK },
      { slot: 5, method: 'SyncBeg', args: [LR_SYNC, ppv], result: S_OK },
      { slot: 9, method: 'SetSyncResult', args: [S_OK], result: S_OK },
      { slot: 6, method: 'SyncEnd', args: [], result: S_OK },
    ]);
    expect(mock.calls[1].args[1]).toBe(ppv);
    expect(mock.callsTo('SyncBeg')).toEqual([mock.calls[1]]);
    expect(mock.callCount('SyncEnd')).toBe(1);
    expect(mock.callCount('GetLastError')).toBe(0);
  });

  it('refuses method names the layout lacks', () => {
    const mock = new IOSTXMock();
    expect(() => mock.callsTo('SyncBegin' as 'SyncBeg')).toThrow("IOSTX has no method 'SyncBegin'");
    expect(() => mock.on('SyncBegin' as 'SyncBeg')).toThrow("IOSTX has no method 'SyncBegin'");
  });
});

describe('defaults', () => {
  it('answers S_OK to HRESULT methods and leaves [out] values undefined', () => {
    const mock = new IOSTXMock();
    const error = out<MAPIERROR | null>();
    expect(mock.GetLastError(E_FAIL, 0, error)).toBe(S_OK);
    expect(error.value).toBeUndefined();
  });

  it('counts references from 1', () => {
    const mock = new IOSTXMock();
    expect(mock.AddRef()).toBe(2);
    expect(mock.AddRef()).toBe(3);
    expect(mock.Release()).toBe(2);
    expect(mock.Release()).toBe(1);
    expect(mock.Release()).toBe(0);
    expect(mock.Release()).toBe(0);
  });

  it("answers QueryInterface for the layout's IID chain with the mock itself, E_NOINTERFACE otherwise", () => {
    const mock = new IOSTXMock();
    const ppv = out<IUnknown | null>();
    expect(mock.QueryInterface(IID_IOSTX, ppv)).toBe(S_OK);
    expect(ppv.value).toBe(mock);
    expect(mock.QueryInterface('{D2D85DB4-840F-49B8-9982-07D2405EC6B7}'.slice(1, -1), ppv)).toBe(S_OK);
    expect(mock.QueryInterface(IID_IUnknown, ppv)).toBe(S_OK);
    expect(mock.AddRef()).toBe(5);
    expect(mock.QueryInterface(IID_IMAPIProgress, ppv)).toBe(E_NOINTERFACE);
    expect(ppv.value).toBeNull();
  });

  it('answers E_NOTIMPL from a placeholder slot and records the call', () => {
    const mock = new IOSTXMock();
    expect(mock.Placeholder10()).toBe(E_NOTIMPL);
    expect(mock.calls).toEqual([{ slot: 10, method: 'Placeholder10', args: [], result: E_NOTIMPL }]);
  });
});

describe('on()', () => {
  it('programs the return value, [out] values by parameter name, and actions', () => {
    const mock = new IOSTXMock();
    const sync = { ulFlags: 0, pwzPath: 'C:\\local.pst' };
    mock.on('SyncBeg').sets({ ppv: sync }).returns(S_FALSE);
    mock.on('GetLastError').does((hResult, _flags, lppMAPIError) => {
      lppMAPIError.value = { ulVersion: 0, lpszError: `failed with ${hResult}`, lpszComponent: 'x', ulLowLevelError: 0, ulContext: 0 };
      return MAPI_E_USER_CANCEL;
    });
    const ppv = inOut<unknown>(null);
    expect(mock.SyncBeg(LR_SYNC, ppv)).toBe(S_FALSE);
    expect(ppv.value).toBe(sync);
    const error = out<MAPIERROR | null>();
    expect(mock.GetLastError(E_FAIL, 0, error)).toBe(MAPI_E_USER_CANCEL);
    expect(error.value?.lpszError).toBe(`failed with ${E_FAIL}`);
  });

  it('answers S_OK when an action returns nothing', () => {
    const mock = new IOSTXMock();
    const seen: number[] = [];
    mock.on('InitSync').does((flags) => {
      seen.push(flags);
    });
    expect(mock.InitSync(7)).toBe(S_OK);
    expect(seen).toEqual([7]);
  });

  it('selects by matchers; plain values are eq(); missing matchers accept anything', () => {
    const mock = new IOSTXMock();
    mock.on('SyncBeg', LR_SYNC).returns(S_OK);
    mock.on('SyncBeg', LR_SYNC_UPLOAD_HIERARCHY, anyOut()).returns(E_FAIL);
    mock.on('SetSyncResult', match((hr: number) => hr < 0, 'a failure')).returns(E_UNEXPECTED);
    expect(mock.SyncBeg(LR_SYNC, inOut<unknown>(null))).toBe(S_OK);
    expect(mock.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, inOut<unknown>(null))).toBe(E_FAIL);
    expect(mock.SetSyncResult(E_FAIL)).toBe(E_UNEXPECTED);
    expect(mock.SetSyncResult(S_OK)).toBe(S_OK);
  });

  it('lets later definitions win, and falls back when once() or times(n) are used up', () => {
    const mock = new IOSTXMock();
    mock.on('InitSync').returns(E_FAIL);
    const twice = mock.on('InitSync').returns(S_FALSE).times(2);
    mock.on('InitSync').returns(E_UNEXPECTED).once();
    expect([mock.InitSync(0), mock.InitSync(0), mock.InitSync(0), mock.InitSync(0), mock.InitSync(0)]).toEqual([
      E_UNEXPECTED,
      S_FALSE,
      S_FALSE,
      E_FAIL,
      E_FAIL,
    ]);
    expect(twice.callCount).toBe(2);
    expect(twice.describe()).toBe('IOSTX::InitSync(ulFlags = any())');
  });

  it('can program AddRef and QueryInterface', () => {
    const mock = new IOSTXMock();
    const other = new IMAPIProgressMock();
    mock.on('QueryInterface', IID_IMAPIProgress).sets({ ppvObject: other });
    mock.on('AddRef').returns(99);
    const ppv = out<IUnknown | null>();
    expect(mock.QueryInterface(IID_IMAPIProgress, ppv)).toBe(S_OK);
    expect(ppv.value).toBe(other);
    expect(mock.AddRef()).toBe(99);
  });

  it('refuses mistakes when programming', () => {
    const mock = new IOSTXMock();
    expect(() => mock.on('SyncBeg').sets({ pv: 1 })).toThrow("IOSTX::SyncBeg has no [out] parameter 'pv' (its [out] parameters: ppv)");
    expect(() => mock.on('SyncBeg').sets({ uiSync: 1 })).toThrow("IOSTX::SyncBeg has no [out] parameter 'uiSync'");
    expect(() => mock.on('SyncEnd').sets({ x: 1 })).toThrow('(its [out] parameters: none)');
    expect(() => mock.on('InitSync', 0, ...([1] as unknown as []))).toThrow('IOSTX::InitSync takes 1 argument, 2 matchers given');
    expect(() => mock.on('InitSync').times(0)).toThrow(RangeError);
    expect(() => mock.on('InitSync').times(1.5)).toThrow('times(1.5): a behaviour answers a whole number of calls, at least 1');
  });
});

describe('strict mode', () => {
  it('refuses an uncovered call, naming interface, method, slot and arguments', () => {
    const mock = new IOSTXMock({ strict: true });
    expect(() => mock.SyncBeg(4, out())).toThrow(
      new MockError('IOSTX mock: unexpected call IOSTX::SyncBeg(uiSync = 4, ppv = [out]) at slot 5: no on() or expect() covers it (strict mode)'),
    );
    expect(() => mock.SetSyncResult(E_FAIL)).toThrow('IOSTX::SetSyncResult(hrSync = E_FAIL) at slot 9');
    expect(() => mock.SyncHdrBeg(3, new Uint8Array([1, 2, 3]), inOut<unknown>(null))).toThrow(
      'IOSTX::SyncHdrBeg(cbeid = 3, lpeid = bytes<01 02 03>, ppv = [in, out] null) at slot 7',
    );
    expect(() => mock.Placeholder10()).toThrow('unexpected call IOSTX::Placeholder10() at slot 10, a placeholder slot');
  });

  it('attaches the refused call to the error', () => {
    const mock = new IOSTXMock({ strict: true });
    try {
      mock.InitSync(3);
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(MockError);
      expect((error as MockError).call).toMatchObject({ slot: 4, method: 'InitSync', args: [3] });
    }
  });

  it('lets covered calls through, and keeps the COM answers of IUnknown', () => {
    const mock = new IOSTXMock({ strict: true });
    mock.on('InitSync', 0);
    expect(mock.InitSync(0)).toBe(S_OK);
    expect(() => mock.InitSync(1)).toThrow('IOSTX::InitSync(ulFlags = 1) at slot 4');
    expect(mock.AddRef()).toBe(2);
    expect(mock.Release()).toBe(1);
    expect(mock.QueryInterface(IID_IOSTX, out())).toBe(S_OK);
  });

  it('reports refused calls in verify() even when the code under test swallowed the error', () => {
    const mock = new IOSTXMock({ strict: true });
    try {
      mock.SyncEnd();
    } catch {
      // a stub turns the exception into E_FAIL
    }
    expect(() => mock.verify()).toThrow(
      'IOSTX mock: 1 problem:\n  - unexpected call IOSTX::SyncEnd() at slot 6: no on() or expect() covers it (strict mode)',
    );
  });
});

describe('ordered expectations', () => {
  function expectSession(mock: IOSTXMock): void {
    mock.expect('InitSync', 0).returns(S_OK);
    mock.expect('SyncBeg', LR_SYNC, any()).sets({ ppv: { ulFlags: UPS_UPLOAD_ONLY } });
    mock.expect('SetSyncResult', S_OK);
    mock.expect('SyncEnd');
  }

  it('pass when the calls come in order, answering as programmed', () => {
    const mock = new IOSTXMock({ strict: true });
    expectSession(mock);
    const ppv = inOut<unknown>(null);
    expect(mock.InitSync(0)).toBe(S_OK);
    expect(mock.SyncBeg(LR_SYNC, ppv)).toBe(S_OK);
    expect(ppv.value).toEqual({ ulFlags: UPS_UPLOAD_ONLY });
    mock.SetSyncResult(S_OK);
    mock.SyncEnd();
    expect(() => mock.verify()).not.toThrow();
  });

  it('refuse an out-of-order call in strict mode, saying what was expected and what came', () => {
    const mock = new IOSTXMock({ strict: true });
    expectSession(mock);
    mock.InitSync(0);
    expect(() => mock.SetSyncResult(S_OK)).toThrow(
      new MockError(
        'IOSTX mock: out-of-order call IOSTX::SetSyncResult(hrSync = S_OK) at slot 9: expected ' +
          'IOSTX::SyncBeg(uiSync = 1, ppv = any()) (expectation 2 of 4) first; the call is expectation 3, ' +
          'IOSTX::SetSyncResult(hrSync = S_OK)',
      ),
    );
  });

  it('refuse a call with other arguments, showing the expected one', () => {
    const mock = new IOSTXMock({ strict: true });
    expectSession(mock);
    expect(() => mock.InitSync(1)).toThrow(
      'IOSTX mock: unexpected call IOSTX::InitSync(ulFlags = 1) at slot 4: no on() or expect() covers it; ' +
        'expected IOSTX::InitSync(ulFlags = 0) (expectation 1 of 4) next (strict mode)',
    );
  });

  it('in normal mode answer out-of-order calls but report them, and unmet expectations, in verify()', () => {
    const mock = new IOSTXMock();
    expectSession(mock);
    mock.InitSync(0);
    const ppv = inOut<unknown>(null);
    expect(mock.SetSyncResult(S_OK)).toBe(S_OK);
    mock.SyncBeg(LR_SYNC, ppv);
    mock.InitSync(0);
    expect(() => mock.verify()).toThrow(
      new MockError(
        'IOSTX mock: 4 problems:\n' +
          '  - expectation 3 of 4 not met: IOSTX::SetSyncResult(hrSync = S_OK), called 0 of 1 time\n' +
          '  - expectation 4 of 4 not met: IOSTX::SyncEnd(), called 0 of 1 time\n' +
          '  - out-of-order call IOSTX::SetSyncResult(hrSync = S_OK) at slot 9: expected IOSTX::SyncBeg(uiSync = 1, ppv = any()) ' +
          '(expectation 2 of 4) first; the call is expectation 3, IOSTX::SetSyncResult(hrSync = S_OK)\n' +
          '  - unexpected call IOSTX::InitSync(ulFlags = 0) at slot 4: expectation 1, IOSTX::InitSync(ulFlags = 0), was ' +
          'already met (1 time); expected IOSTX::SetSyncResult(hrSync = S_OK) (expectation 3 of 4) next',
      ),
    );
  });

  it('count with times(n), and report calls of expected methods that no expectation accepts', () => {
    const mock = new IOSTXMock();
    mock.expect('SyncBeg', LR_SYNC_UPLOAD_HIERARCHY).times(2);
    mock.expect('SyncEnd');
    mock.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, inOut<unknown>(null));
    expect(() => mock.verify()).toThrow('expectation 1 of 2 not met: IOSTX::SyncBeg(uiSync = 2, ppv = any()), called 1 of 2 times');
    mock.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, inOut<unknown>(null));
    mock.SyncEnd();
    expect(() => mock.verify()).not.toThrow();
    mock.SyncBeg(LR_SYNC, inOut<unknown>(null));
    expect(() => mock.verify()).toThrow(
      'unexpected call IOSTX::SyncBeg(uiSync = 1, ppv = [in, out] null) at slot 5: no on() or expect() covers it',
    );
  });

  it('leave calls of methods nobody expects alone in normal mode', () => {
    const mock = new IOSTXMock();
    mock.expect('InitSync', 0);
    mock.GetLastError(S_OK, 0, out());
    mock.InitSync(0);
    mock.AddRef();
    expect(() => mock.verify()).not.toThrow();
  });
});

describe('reset()', () => {
  it('forgets calls, programming, expectations, problems and the reference count', () => {
    const mock = new IOSTXMock();
    mock.on('InitSync').returns(E_FAIL);
    mock.expect('SyncEnd');
    mock.InitSync(0);
    mock.AddRef();
    mock.reset();
    expect(mock.calls).toEqual([]);
    expect(mock.InitSync).not.toHaveBeenCalled();
    expect(mock.InitSync(0)).toBe(S_OK);
    expect(mock.AddRef()).toBe(2);
    expect(() => mock.verify()).not.toThrow();
  });
});
