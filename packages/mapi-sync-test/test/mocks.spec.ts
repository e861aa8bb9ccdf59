/**
 * The generated mocks and fakes of @mapi-sync/mocks, used directly (no channel):
 * - IOSTXMock: calls recorded with vtable slot and arguments, per-method HRESULTs and [out] values,
 *   argument matchers, strict mode and its messages, ordered expectations and verify(), call counts, Jest's
 *   mock matchers; every generated mock has one function per slot of its layout.
 * (IOSTXFake, the replication state machine, is tested in iostx-fake.spec.ts and iostx-rules.spec.ts.)
 * - IMAPIProgressFake (SetLimits, GetMin, GetMax, GetFlags) and IMAPISyncProgressCallbackFake (events).
 */
import {
  E_FAIL,
  E_NOINTERFACE,
  E_NOTIMPL,
  IID_IUnknown,
  MAPI_E_CALL_FAILED,
  MAPI_E_NETWORK_ERROR,
  MAPI_E_USER_CANCEL,
  S_FALSE,
  S_OK,
  any,
  anyOut,
  eq,
  inOut,
  inOutWith,
  match,
  oneOf,
  out,
  zeroStruct,
  type HRESULT,
} from '@comidl/runtime';
import { MockError, type MockOptions } from '@comidl/runtime/mocks';
import {
  IID_IMAPIProgress,
  IID_IMAPISyncProgressCallback,
  IID_IOSTX,
  IID_IPSTX,
  LR_SYNC,
  LR_SYNC_CONTENTS,
  LR_SYNC_DOWNLOAD_HIERARCHY,
  LR_SYNC_DOWNLOAD_TABLE,
  LR_SYNC_UPLOAD_HIERARCHY,
  LR_SYNC_UPLOAD_TABLE,
  MAPI_TOP_LEVEL,
  structs,
  vtables,
  type IUnknown,
  type LPMAPIERROR,
  type LPVOID,
  type MAPIERROR,
  type SYNC,
} from '@mapi-sync/interfaces';
import {
  IMAPIProgressFake,
  IMAPIProgressMock,
  IMAPISyncMock,
  IMAPISyncProgressCallbackFake,
  IMAPISyncProgressCallbackMock,
  IOSTXMock,
  IPSTXMock,
  IUnknownMock,
} from '@mapi-sync/mocks';

const ppv = (): { value: LPVOID } => inOut<LPVOID>(null);
const slotOf = (itf: keyof typeof vtables, method: string): number => vtables[itf].slots.find((s) => s.name === method)!.index;

/** Jest colours its messages when the terminal asks for it: compare without colour. */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message.replace(/\u001b\[[0-9;]*m/g, '');
  }
  return 'no failure';
}

describe('the generated mocks', () => {
  const mocks: ReadonlyArray<[string, new (options?: MockOptions) => object]> = [
    ['IUnknown', IUnknownMock],
    ['IOSTX', IOSTXMock],
    ['IPSTX', IPSTXMock],
    ['IMAPISync', IMAPISyncMock],
    ['IMAPISyncProgressCallback', IMAPISyncProgressCallbackMock],
    ['IMAPIProgress', IMAPIProgressMock],
  ];

  it.each(mocks)('%sMock has a recorded function for every slot of its layout, and answers QueryInterface for its IID', (itf, Mock) => {
    const layout = vtables[itf as keyof typeof vtables];
    const mock = new Mock();
    for (const slot of layout.slots) {
      const fn = (mock as unknown as Record<string, { getMockName(): string; _isMockFunction: boolean }>)[slot.name];
      expect({ slot: slot.name, name: fn?.getMockName(), mock: fn?._isMockFunction }).toEqual({
        slot: slot.name,
        name: `${itf}::${slot.name}`,
        mock: true,
      });
    }
    const itself = out<IUnknown | null>();
    const unknown = mock as unknown as IUnknown;
    expect(unknown.QueryInterface(layout.iid!, itself)).toBe(S_OK);
    expect(itself.value).toBe(mock);
    expect(unknown.QueryInterface(IID_IUnknown, itself)).toBe(S_OK);
  });
});

describe('IOSTXMock', () => {
  it('records every call in order with its vtable slot, method, arguments as passed and result', () => {
    const mock = new IOSTXMock();
    const box = ppv();
    mock.InitSync(0x20);
    mock.SyncBeg(LR_SYNC, box);
    mock.SetSyncResult(S_OK);
    mock.SyncEnd();
    expect(mock.calls).toEqual([
      { slot: 4, method: 'InitSync', args: [0x20], result: S_OK },
      { slot: 5, method: 'SyncBeg', args: [LR_SYNC, box], result: S_OK },
      { slot: 9, method: 'SetSyncResult', args: [S_OK], result: S_OK },
      { slot: 6, method: 'SyncEnd', args: [], result: S_OK },
    ]);
    for (const call of mock.calls) expect({ [call.method]: call.slot }).toEqual({ [call.method]: slotOf('IOSTX', call.method) });
    expect(mock.calls[1].args[1]).toBe(box);
    expect(mock.callsTo('SyncBeg')).toEqual([mock.calls[1]]);
  });

  it('answers each method with its programmed HRESULT and [out] values, S_OK and untouched boxes otherwise', () => {
    const mock = new IOSTXMock();
    const sync = zeroStruct<SYNC>(structs, 'SYNC');
    const lastError: MAPIERROR = { ulVersion: 0, lpszError: 'no connection', lpszComponent: 'store', ulLowLevelError: 0, ulContext: 0 };
    mock.on('SyncBeg').returns(S_FALSE).sets({ ppv: sync });
    mock.on('GetLastError').sets({ lppMAPIError: lastError });
    mock.on('SyncEnd').returns(MAPI_E_CALL_FAILED);

    const box = ppv();
    expect(mock.SyncBeg(LR_SYNC, box)).toBe(S_FALSE);
    expect(box.value).toBe(sync);
    const error = out<LPMAPIERROR>();
    expect(mock.GetLastError(MAPI_E_CALL_FAILED, 0, error)).toBe(S_OK);
    expect(error.value).toBe(lastError);
    expect(mock.SyncEnd()).toBe(MAPI_E_CALL_FAILED);
    expect(mock.InitSync(0)).toBe(S_OK);
    const header = ppv();
    expect(mock.SyncHdrBeg(0, null, header)).toBe(S_OK);
    expect(header.value).toBeNull();
  });

  it('refuses to set a parameter that is not [out], naming the [out] ones', () => {
    const mock = new IOSTXMock();
    // `.sets()` is typed from the [out] parameters, so this does not compile; the check when called is for untyped callers.
    // @ts-expect-error uiSync is an [in] parameter
    expect(() => mock.on('SyncBeg').sets({ uiSync: 1 })).toThrow(
      new TypeError("IOSTX::SyncBeg has no [out] parameter 'uiSync' (its [out] parameters: ppv)"),
    );
    expect(() => (mock as unknown as { on(...args: unknown[]): unknown }).on('InitSync', 0, 1)).toThrow('IOSTX::InitSync takes 1 argument, 2 matchers given');
  });

  it('chooses the answer by matchers: values, eq, any, oneOf, match, anyOut, inOutWith and Jest asymmetric matchers', () => {
    const mock = new IOSTXMock();
    mock.on('SyncBeg', LR_SYNC).returns(S_OK);
    mock.on('SyncBeg', oneOf(LR_SYNC_UPLOAD_HIERARCHY, LR_SYNC_DOWNLOAD_HIERARCHY)).returns(S_FALSE);
    mock.on('SyncBeg', match((v: number) => v === LR_SYNC_UPLOAD_TABLE || v === LR_SYNC_DOWNLOAD_TABLE, 'a table state'), inOutWith(null)).returns(MAPI_E_CALL_FAILED);
    mock.on('SyncBeg', LR_SYNC_CONTENTS, inOutWith(eq({ held: 1 }))).returns(MAPI_E_NETWORK_ERROR);
    mock.on('SyncHdrBeg', any(), eq({ abFlags: new Uint8Array(4), ab: new Uint8Array([1, 2]) }), anyOut()).returns(S_FALSE);
    mock.on('SetSyncResult', expect.any(Number)).returns(S_FALSE);

    expect(mock.SyncBeg(LR_SYNC, ppv())).toBe(S_OK);
    expect(mock.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, ppv())).toBe(S_FALSE);
    expect(mock.SyncBeg(LR_SYNC_DOWNLOAD_HIERARCHY, ppv())).toBe(S_FALSE);
    expect(mock.SyncBeg(LR_SYNC_UPLOAD_TABLE, ppv())).toBe(MAPI_E_CALL_FAILED);
    expect(mock.SyncBeg(LR_SYNC_DOWNLOAD_TABLE, inOut<LPVOID>({ held: 1 }))).toBe(S_OK); // inOutWith(null) refuses it
    expect(mock.SyncBeg(LR_SYNC_CONTENTS, inOut<LPVOID>({ held: 1 }))).toBe(MAPI_E_NETWORK_ERROR);
    expect(mock.SyncBeg(LR_SYNC_CONTENTS, inOut<LPVOID>({ held: 2 }))).toBe(S_OK);
    expect(mock.SyncHdrBeg(6, { abFlags: new Uint8Array(4), ab: new Uint8Array([1, 2]) }, ppv())).toBe(S_FALSE);
    expect(mock.SyncHdrBeg(6, { abFlags: new Uint8Array(4), ab: new Uint8Array([1, 3]) }, ppv())).toBe(S_OK);
    expect(mock.SetSyncResult(E_FAIL)).toBe(S_FALSE);
  });

  it('lets later definitions win, and answers a limited number of calls with once() and times()', () => {
    const mock = new IOSTXMock();
    mock.on('InitSync').returns(S_FALSE);
    const first = mock.on('InitSync', 0).returns(MAPI_E_CALL_FAILED);
    expect(mock.InitSync(0)).toBe(MAPI_E_CALL_FAILED);
    expect(mock.InitSync(1)).toBe(S_FALSE);
    mock.on('InitSync', 0).returns(MAPI_E_USER_CANCEL).once();
    expect(mock.InitSync(0)).toBe(MAPI_E_USER_CANCEL);
    expect(mock.InitSync(0)).toBe(MAPI_E_CALL_FAILED);
    const twice = mock.on('SyncEnd').returns(S_FALSE).times(2);
    expect([mock.SyncEnd(), mock.SyncEnd(), mock.SyncEnd()]).toEqual([S_FALSE, S_FALSE, S_OK]);
    expect(first.callCount).toBe(2);
    expect(twice.callCount).toBe(2);
    expect(mock.callCount('InitSync')).toBe(4);
    expect(mock.callCount('SyncEnd')).toBe(3);
    expect(mock.callCount('SyncBeg')).toBe(0);
  });

  it('in strict mode refuses an uncovered call with a MockError naming the method, its slot and its arguments', () => {
    const mock = new IOSTXMock({ strict: true });
    mock.on('InitSync', 0).returns(S_OK);
    expect(mock.InitSync(0)).toBe(S_OK);

    expect(() => mock.InitSync(1)).toThrow(
      new MockError('IOSTX mock: unexpected call IOSTX::InitSync(ulFlags = 1) at slot 4: no on() or expect() covers it (strict mode)'),
    );
    expect(() => mock.SetSyncResult(MAPI_E_NETWORK_ERROR)).toThrow(
      'unexpected call IOSTX::SetSyncResult(hrSync = MAPI_E_NETWORK_ERROR) at slot 9: no on() or expect() covers it (strict mode)',
    );
    expect(() => mock.SyncBeg(LR_SYNC_CONTENTS, ppv())).toThrow(/unexpected call IOSTX::SyncBeg\(uiSync = 4, ppv = .*\) at slot 5/);
    expect(mock.calls[1].error).toBeInstanceOf(MockError);
    expect(mock.fn('InitSync').mock.results.map((r) => r.type)).toEqual(['return', 'throw']);

    // IUnknown keeps its COM answers: a connection calls it on its own.
    expect(mock.AddRef()).toBe(2);
    expect(mock.Release()).toBe(1);
    const itself = out<IUnknown | null>();
    expect(mock.QueryInterface(IID_IOSTX, itself)).toBe(S_OK);

    expect(() => mock.verify()).toThrow(/IOSTX mock: 3 problems:\n {2}- unexpected call IOSTX::InitSync\(ulFlags = 1\)/);
  });

  it('checks ordered expectations: in order verify() passes, and each problem is listed', () => {
    const sync = zeroStruct<SYNC>(structs, 'SYNC');
    const expectSession = (mock: IOSTXMock) => {
      mock.expect('InitSync', 0);
      mock.expect('SyncBeg', LR_SYNC, anyOut()).sets({ ppv: sync });
      mock.expect('SetSyncResult', S_OK);
      mock.expect('SyncEnd');
    };

    const inOrder = new IOSTXMock();
    expectSession(inOrder);
    const box = ppv();
    expect([inOrder.InitSync(0), inOrder.SyncBeg(LR_SYNC, box), inOrder.SetSyncResult(S_OK), inOrder.SyncEnd()]).toEqual([S_OK, S_OK, S_OK, S_OK]);
    expect(box.value).toBe(sync);
    expect(() => inOrder.verify()).not.toThrow();

    const outOfOrder = new IOSTXMock();
    expectSession(outOfOrder);
    outOfOrder.InitSync(0);
    outOfOrder.SetSyncResult(S_OK); // before SyncBeg
    const message = failureOf(() => outOfOrder.verify());
    expect(message).toContain(
      'out-of-order call IOSTX::SetSyncResult(hrSync = S_OK) at slot 9: expected IOSTX::SyncBeg(uiSync = 1, ppv = anyOut()) ' +
        '(expectation 2 of 4) first; the call is expectation 3, IOSTX::SetSyncResult(hrSync = S_OK)',
    );
    expect(message).toContain('expectation 2 of 4 not met: IOSTX::SyncBeg(uiSync = 1, ppv = anyOut()), called 0 of 1 time');
    expect(message).toContain('expectation 4 of 4 not met: IOSTX::SyncEnd(), called 0 of 1 time');

    const tooMany = new IOSTXMock();
    tooMany.expect('SyncEnd').returns(S_FALSE).times(2);
    expect([tooMany.SyncEnd(), tooMany.SyncEnd()]).toEqual([S_FALSE, S_FALSE]);
    tooMany.SyncEnd();
    expect(failureOf(() => tooMany.verify())).toContain(
      'unexpected call IOSTX::SyncEnd() at slot 6: expectation 1, IOSTX::SyncEnd(), was already met (2 times)',
    );

    const strict = new IOSTXMock({ strict: true });
    expectSession(strict);
    expect(() => strict.SyncEnd()).toThrow(/out-of-order call IOSTX::SyncEnd\(\) at slot 6: expected IOSTX::InitSync\(ulFlags = 0\)/);
  });

  it('works with Jest’s mock matchers', () => {
    const mock = new IOSTXMock();
    mock.on('SyncBeg', LR_SYNC_UPLOAD_HIERARCHY).returns(S_FALSE);
    const box = ppv();
    mock.InitSync(0);
    mock.SyncBeg(LR_SYNC, box);
    mock.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, box);

    expect(mock.SyncBeg).toHaveBeenCalledWith(LR_SYNC, expect.anything());
    expect(mock.SyncBeg).toHaveBeenCalledTimes(2);
    expect(mock.SyncBeg).toHaveBeenNthCalledWith(2, LR_SYNC_UPLOAD_HIERARCHY, box);
    expect(mock.SyncBeg).toHaveBeenLastCalledWith(LR_SYNC_UPLOAD_HIERARCHY, { value: null });
    expect(mock.SyncBeg).toHaveReturnedWith(S_FALSE);
    expect(mock.InitSync).toHaveBeenCalledWith(0);
    expect(mock.SyncEnd).not.toHaveBeenCalled();
    expect(mock.fn('InitSync').mock.invocationCallOrder[0]).toBeLessThan(mock.fn('SyncBeg').mock.invocationCallOrder[0]);
    expect(failureOf(() => expect(mock.SyncBeg).toHaveBeenCalledTimes(3))).toMatch(/IOSTX::SyncBeg[\s\S]*Expected number of calls: 3/);
    expect(failureOf(() => expect(mock.SyncEnd).toHaveBeenCalled())).toMatch(/IOSTX::SyncEnd/);
  });

  it('gives COM’s answers when nothing is programmed, and reset() forgets everything', () => {
    const mock = new IOSTXMock();
    const ppvObject = out<IUnknown | null>();
    expect(mock.QueryInterface(IID_IOSTX, ppvObject)).toBe(S_OK);
    expect(ppvObject.value).toBe(mock);
    expect(mock.QueryInterface(IID_IPSTX, ppvObject)).toBe(E_NOINTERFACE);
    expect(ppvObject.value).toBeNull();
    expect(mock.AddRef()).toBe(3); // one reference at creation, one from QueryInterface
    expect(mock.Release()).toBe(2);
    expect((mock as unknown as { Placeholder10(): HRESULT }).Placeholder10()).toBe(E_NOTIMPL);

    mock.on('InitSync').returns(S_FALSE);
    mock.expect('SyncEnd');
    mock.reset();
    expect(mock.calls).toEqual([]);
    expect(mock.InitSync(0)).toBe(S_OK);
    expect(() => mock.verify()).not.toThrow();
    expect(mock.AddRef()).toBe(2);
  });
});

// ---- the recording fakes -----------------------------------------------------------------------------------

describe('IMAPIProgressFake', () => {
  it('starts with the documented limits: minimum 1, maximum 1000, flags MAPI_TOP_LEVEL', () => {
    // GetMin and GetMax pages: "Initialize the minimum value to 1", "Initialize the maximum value to 1000";
    // GetFlags page: "Always initialize the flag to MAPI_TOP_LEVEL" (SPEC 3b). The fake's initial values come
    // from idl/mapi-sync/imapiprogress.protocol.json ("properties").
    const progress = new IMAPIProgressFake();
    const [min, max, flags] = [out<number>(), out<number>(), out<number>()];
    expect([progress.GetMin(min), progress.GetMax(max), progress.GetFlags(flags)]).toEqual([S_OK, S_OK, S_OK]);
    expect({ min: min.value, max: max.value, flags: flags.value }).toEqual({ min: 1, max: 1000, flags: MAPI_TOP_LEVEL });
  });

  it('answers GetMin, GetMax and GetFlags with what SetLimits stored; a null pointer leaves that value alone', () => {
    const progress = new IMAPIProgressFake();
    expect(progress.SetLimits(10, 250, 0)).toBe(S_OK);
    const [min, max, flags] = [out<number>(), out<number>(), out<number>()];
    progress.GetMin(min);
    progress.GetMax(max);
    progress.GetFlags(flags);
    expect({ min: min.value, max: max.value, flags: flags.value }).toEqual({ min: 10, max: 250, flags: 0 });

    expect(progress.SetLimits(null, 500, MAPI_TOP_LEVEL)).toBe(S_OK);
    progress.GetMin(min);
    progress.GetMax(max);
    progress.GetFlags(flags);
    expect({ min: min.value, max: max.value, flags: flags.value }).toEqual({ min: 10, max: 500, flags: MAPI_TOP_LEVEL });
    expect(progress.properties).toEqual({ min: 10, max: 500, flags: MAPI_TOP_LEVEL });
  });

  it('records every call as an event, in order, with its in values', () => {
    const progress = new IMAPIProgressFake();
    progress.SetLimits(1, 20, MAPI_TOP_LEVEL);
    progress.Progress(5, 1, 4);
    progress.GetMax(out<number>());
    progress.Progress(20, 4, 4);
    expect(progress.events).toEqual([
      { method: 'SetLimits', args: { lpulMin: 1, lpulMax: 20, lpulFlags: MAPI_TOP_LEVEL } },
      { method: 'Progress', args: { ulValue: 5, ulCount: 1, ulTotal: 4 } },
      { method: 'GetMax', args: {} },
      { method: 'Progress', args: { ulValue: 20, ulCount: 4, ulTotal: 4 } },
    ]);
    expect(progress.Progress).toHaveBeenLastCalledWith(20, 4, 4);
    expect(progress.calls.map((c) => c.slot)).toEqual([7, 3, 5, 3]);
    const itself = out<IUnknown | null>();
    expect(progress.QueryInterface(IID_IMAPIProgress, itself)).toBe(S_OK);
    expect(itself.value).toBe(progress);
  });
});

describe('IMAPISyncProgressCallbackFake', () => {
  it('records Progress, Error and Done in order, answering S_OK', () => {
    const callback = new IMAPISyncProgressCallbackFake();
    expect(callback.Progress('Synchronizing Inbox', 1, 3)).toBe(S_OK);
    expect(callback.Progress(null, 2, 3)).toBe(S_OK);
    expect(callback.Error(MAPI_E_NETWORK_ERROR, 'Sent Items could not be synchronized')).toBe(S_OK);
    expect(callback.Done(0x1c8, S_OK)).toBe(S_OK);
    expect(callback.events).toEqual([
      { method: 'Progress', args: { pwcszProgress: 'Synchronizing Inbox', ulIndex: 1, ulIndexMax: 3 } },
      { method: 'Progress', args: { pwcszProgress: null, ulIndex: 2, ulIndexMax: 3 } },
      { method: 'Error', args: { hResult: MAPI_E_NETWORK_ERROR, pwcszErrorStr: 'Sent Items could not be synchronized' } },
      { method: 'Done', args: { hThreadDoneEvent: 0x1c8, hResult: S_OK } },
    ]);
    expect(callback.calls.map((c) => [c.slot, c.method])).toEqual([
      [3, 'Progress'],
      [3, 'Progress'],
      [4, 'Error'],
      [5, 'Done'],
    ]);
    expect(callback.Done).toHaveBeenCalledWith(0x1c8, S_OK);
  });

  it('is found by QueryInterface for IID_IMAPISyncProgressCallback, as a provider finds it behind MAPISIB.punkCallBack', () => {
    const callback = new IMAPISyncProgressCallbackFake();
    const found = out<IUnknown | null>();
    expect(callback.QueryInterface(IID_IMAPISyncProgressCallback, found)).toBe(S_OK);
    expect(found.value).toBe(callback);
    expect(callback.QueryInterface(IID_IMAPIProgress, found)).toBe(E_NOINTERFACE);
    expect(callback.events).toEqual([]);
  });
});
