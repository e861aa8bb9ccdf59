/**
 * The generated mocks and fakes of @mapi-sync/mocks, used directly (no channel):
 * - IOSTXMock: calls recorded with vtable slot and arguments, per-method HRESULTs and [out] values,
 *   argument matchers, strict mode and its messages, ordered expectations and verify(), call counts, Jest's
 *   mock matchers; every generated mock has one function per slot of its layout.
 * - IOSTXFake, the replication state machine: the upload hierarchy worked example of SPEC 5.3, a download
 *   table inside the synchronize contents state, a download header pair, each rule's violation (the
 *   protocol's failure HRESULT and a message naming the rule), GetLastError, and the structure each state
 *   hands out (zero-initialized, with the fields of its entry in `structs`).
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
  MockError,
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
  protocolHresult,
  zeroStruct,
  type ComMock,
  type HRESULT,
  type MockOptions,
  type StateMachineProtocol,
  type StructRecord,
} from '@comidl/runtime';
import {
  DNT_OK,
  HSF_OK,
  IID_IMAPIProgress,
  IID_IMAPISyncProgressCallback,
  IID_IOSTX,
  IID_IPSTX,
  LR_SYNC,
  LR_SYNC_CONTENTS,
  LR_SYNC_DOWNLOAD_HEADER,
  LR_SYNC_DOWNLOAD_HIERARCHY,
  LR_SYNC_DOWNLOAD_TABLE,
  LR_SYNC_IDLE,
  LR_SYNC_UPLOAD_FOLDER,
  LR_SYNC_UPLOAD_HIERARCHY,
  LR_SYNC_UPLOAD_TABLE,
  MAPI_TOP_LEVEL,
  SYNCSTATE,
  UPC_OK,
  UPF_MOD_PARENT,
  UPF_MOD_PROPS,
  UPF_NEW,
  UPF_OK,
  UPH_OK,
  UPS_DNLOAD_ONLY,
  UPS_OK,
  UPS_UPLOAD_ONLY,
  structs,
  vtables,
  type DNTBL,
  type HDRSYNC,
  type IMAPIProgress,
  type IUnknown,
  type LPMAPIERROR,
  type LPVOID,
  type MAPIERROR,
  type SYNC,
  type SYNCCONT,
  type UPFLD,
  type UPHIER,
} from '@mapi-sync/interfaces';
import {
  IMAPIProgressFake,
  IMAPIProgressMock,
  IMAPISyncMock,
  IMAPISyncProgressCallbackFake,
  IMAPISyncProgressCallbackMock,
  IOSTXFake,
  IOSTXMock,
  IOSTXProtocol,
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
  const mocks: ReadonlyArray<[string, new (options?: MockOptions) => ComMock<unknown>]> = [
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

// ---- IOSTXFake ---------------------------------------------------------------------------------------------

const VIOLATION = protocolHresult((IOSTXProtocol as StateMachineProtocol).violation)!;
const protocol = IOSTXProtocol as StateMachineProtocol;

/** Throws unless the call succeeded: the client code of a store provider. */
function ok(hr: HRESULT): void {
  if (hr < 0) throw new Error(`failed: 0x${(hr >>> 0).toString(16)}`);
}

describe('IOSTXFake: the upload hierarchy worked example (SPEC 5.3)', () => {
  /** Three folders out of sync: a new one, a moved one, one with changed properties. */
  const reasons = [UPF_NEW, UPF_MOD_PARENT, UPF_MOD_PROPS];

  function outlook(): IOSTXFake {
    const fake = new IOSTXFake();
    // Step 2: Outlook fills UPHIER's [out] members: iEnt 0, cEnt the number of folders to upload.
    fake.onEnter<UPHIER>('LR_SYNC_UPLOAD_HIERARCHY', (uphier) => {
      uphier.iEnt = 0;
      uphier.cEnt = reasons.length;
    });
    // Step 4: Outlook fills UPFLD's [out] members: the reason, the folder object, its entry ID.
    fake.onEnter<UPFLD>('LR_SYNC_UPLOAD_FOLDER', (upfld) => {
      const uphier = fake.stack.at(-1)!.structure as UPHIER;
      upfld.ulFlags = reasons[uphier.iEnt];
      upfld.pfld = new IUnknownMock();
      upfld.feid.abFlags[3] = uphier.iEnt + 1;
      uphier.iEnt += 1;
    });
    return fake;
  }

  it('walks steps 1 to 9: UPHIER, one UPFLD per folder (one failing), back to idle with no violation', () => {
    const fake = outlook();
    const box = ppv();
    ok(fake.InitSync(0));
    ok(fake.SyncBeg(LR_SYNC, box));
    const sync = box.value as SYNC;
    sync.ulFlags = UPS_UPLOAD_ONLY;

    ok(fake.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, box)); // step 1
    const uphier = box.value as UPHIER;
    expect(uphier).toEqual({ ulFlags: 0, pstmReserved: null, iEnt: 0, cEnt: 3 }); // step 2
    const folders: UPFLD[] = [];
    while (uphier.iEnt < uphier.cEnt) {
      ok(fake.SyncBeg(LR_SYNC_UPLOAD_FOLDER, box)); // step 3
      const upfld = box.value as UPFLD; // step 4
      folders.push(upfld);
      expect(fake.stack.map((f) => f.state)).toEqual(['LR_SYNC', 'LR_SYNC_UPLOAD_HIERARCHY', 'LR_SYNC_UPLOAD_FOLDER']);
      // Steps 5 and 6: the second folder fails to upload: no UPF_OK, and the failure as the result.
      const uploaded = folders.length !== 2;
      if (uploaded) upfld.ulFlags |= UPF_OK;
      ok(fake.SetSyncResult(uploaded ? S_OK : MAPI_E_NETWORK_ERROR));
      ok(fake.SyncEnd()); // step 7
    }
    uphier.ulFlags |= UPH_OK; // step 8
    ok(fake.SetSyncResult(S_OK));
    ok(fake.SyncEnd()); // step 9
    sync.ulFlags |= UPS_OK;
    ok(fake.SetSyncResult(S_OK));
    ok(fake.SyncEnd());

    expect(fake.state).toBe('LR_SYNC_IDLE');
    expect(fake.violations).toEqual([]);
    expect(() => fake.assertIdle()).not.toThrow();
    expect(fake.transitions.map((t) => `${t.method}: ${t.from} -> ${t.to}`)).toEqual([
      'SyncBeg: LR_SYNC_IDLE -> LR_SYNC',
      'SyncBeg: LR_SYNC -> LR_SYNC_UPLOAD_HIERARCHY',
      ...[1, 2, 3].flatMap(() => [
        'SyncBeg: LR_SYNC_UPLOAD_HIERARCHY -> LR_SYNC_UPLOAD_FOLDER',
        'SyncEnd: LR_SYNC_UPLOAD_FOLDER -> LR_SYNC_UPLOAD_HIERARCHY',
      ]),
      'SyncEnd: LR_SYNC_UPLOAD_HIERARCHY -> LR_SYNC',
      'SyncEnd: LR_SYNC -> LR_SYNC_IDLE',
    ]);
    expect(fake.completed.map((c) => [c.state, c.result])).toEqual([
      ['LR_SYNC_UPLOAD_FOLDER', S_OK],
      ['LR_SYNC_UPLOAD_FOLDER', MAPI_E_NETWORK_ERROR],
      ['LR_SYNC_UPLOAD_FOLDER', S_OK],
      ['LR_SYNC_UPLOAD_HIERARCHY', S_OK],
      ['LR_SYNC', S_OK],
    ]);
    // The structures as the client left them: what Outlook would read on SyncEnd.
    expect(fake.completed.slice(0, 3).map((c) => [(c.structure as UPFLD).ulFlags, (c.structure as UPFLD).feid.abFlags[3]])).toEqual([
      [UPF_NEW | UPF_OK, 1],
      [UPF_MOD_PARENT, 2],
      [UPF_MOD_PROPS | UPF_OK, 3],
    ]);
    expect(folders.every((f) => f.pfld instanceof IUnknownMock)).toBe(true);
    expect(fake.completed[3].structure).toEqual({ ulFlags: UPH_OK, pstmReserved: null, iEnt: 3, cEnt: 3 });
    expect(fake.completed[4].structure).toEqual({ ...(structs.SYNC.zero as SYNC), ulFlags: UPS_UPLOAD_ONLY | UPS_OK });
    expect(fake.SyncBeg).toHaveBeenCalledTimes(5);
    expect(fake.callCount('SetSyncResult')).toBe(5);
  });
});

describe('IOSTXFake: downloads', () => {
  it('enters the download table state inside the synchronize contents state and leaves both', () => {
    const fake = new IOSTXFake();
    fake.onEnter<SYNCCONT>('LR_SYNC_CONTENTS', (contents) => {
      contents.cEnt = 1;
    });
    const box = ppv();
    ok(fake.InitSync(0));
    ok(fake.SyncBeg(LR_SYNC, box));
    const sync = box.value as SYNC;
    sync.ulFlags = UPS_DNLOAD_ONLY;
    ok(fake.SyncBeg(LR_SYNC_CONTENTS, box));
    const contents = box.value as SYNCCONT;
    expect(contents).toEqual({ ...(structs.SYNCCONT.zero as SYNCCONT), cEnt: 1 });
    ok(fake.SyncBeg(LR_SYNC_DOWNLOAD_TABLE, box));
    const table = box.value as DNTBL;
    expect(table).toEqual(structs.DNTBL.zero);
    expect(table.rgte).toHaveLength(2);
    expect(fake.stack.map((f) => [f.state, f.value])).toEqual([
      ['LR_SYNC', LR_SYNC],
      ['LR_SYNC_CONTENTS', LR_SYNC_CONTENTS],
      ['LR_SYNC_DOWNLOAD_TABLE', LR_SYNC_DOWNLOAD_TABLE],
    ]);

    table.ulFlags |= DNT_OK;
    ok(fake.SetSyncResult(S_OK));
    ok(fake.SyncEnd());
    expect(fake.state).toBe('LR_SYNC_CONTENTS');
    contents.ulFlags |= UPC_OK;
    ok(fake.SetSyncResult(S_OK));
    ok(fake.SyncEnd());
    sync.ulFlags |= UPS_OK;
    ok(fake.SetSyncResult(S_OK));
    ok(fake.SyncEnd());

    expect(() => fake.assertIdle()).not.toThrow();
    expect(fake.completed.map((c) => c.state)).toEqual(['LR_SYNC_DOWNLOAD_TABLE', 'LR_SYNC_CONTENTS', 'LR_SYNC']);
    expect((fake.completed[0].structure as DNTBL).ulFlags).toBe(DNT_OK);
  });

  it('enters the download header state from idle with SyncHdrBeg and leaves it with SyncHdrEnd, reporting progress', () => {
    const fake = new IOSTXFake();
    const progress = new IMAPIProgressFake();
    fake.onLeave('LR_SYNC_DOWNLOAD_HEADER', (frame, [pprog]) => {
      expect((frame.structure as HDRSYNC).ulFlags & HSF_OK).toBe(HSF_OK);
      const max = out<number>();
      const sink = pprog as IMAPIProgress;
      sink.GetMax(max);
      sink.Progress(max.value!, 1, 1);
    });
    const entryId = { abFlags: new Uint8Array(4), ab: new Uint8Array([9, 8, 7]) };
    const box = ppv();
    ok(fake.InitSync(0));
    ok(fake.SyncHdrBeg(7, entryId, box));
    expect(fake.state).toBe('LR_SYNC_DOWNLOAD_HEADER');
    const hdr = box.value as HDRSYNC;
    expect(hdr).toEqual(structs.HDRSYNC.zero);
    hdr.pmsgFull = new IUnknownMock();
    hdr.ulFlags |= HSF_OK;
    expect(fake.SyncHdrEnd(progress)).toBe(S_OK);

    expect(fake.transitions).toEqual([
      { method: 'SyncHdrBeg', from: 'LR_SYNC_IDLE', to: 'LR_SYNC_DOWNLOAD_HEADER' },
      { method: 'SyncHdrEnd', from: 'LR_SYNC_DOWNLOAD_HEADER', to: 'LR_SYNC_IDLE' },
    ]);
    expect(fake.completed).toEqual([{ state: 'LR_SYNC_DOWNLOAD_HEADER', structure: hdr, result: undefined }]);
    expect(progress.events).toEqual([
      { method: 'GetMax', args: {} },
      { method: 'Progress', args: { ulValue: 1000, ulCount: 1, ulTotal: 1 } },
    ]);
    expect(fake.events.slice(1)).toEqual([
      { method: 'SyncHdrBeg', args: { cbeid: 7, lpeid: entryId, ppv: null } },
      { method: 'SyncHdrEnd', args: { pprog: progress } },
    ]);
    expect(() => fake.assertIdle()).not.toThrow();
  });
});

describe('IOSTXFake: rules', () => {
  const init = (f: IOSTXFake): void => void f.InitSync(0);
  const inSync = (f: IOSTXFake): void => {
    f.InitSync(0);
    f.SyncBeg(LR_SYNC, ppv());
  };
  const inHeader = (f: IOSTXFake): void => {
    f.InitSync(0);
    f.SyncHdrBeg(0, null, ppv());
  };

  interface Case {
    readonly rule: string;
    readonly setup: (fake: IOSTXFake) => void;
    readonly call: (fake: IOSTXFake) => HRESULT;
    readonly method: string;
    readonly message: string | RegExp;
  }

  const cases: Case[] = [
    {
      rule: 'init-first',
      setup: () => undefined,
      call: (f) => f.SyncBeg(LR_SYNC, ppv()),
      method: 'SyncBeg',
      message: 'IOSTX::SyncBeg(LR_SYNC): InitSync must be the first call of a session, and it has not been called (rule: init-first)',
    },
    {
      rule: 'init-first',
      setup: () => undefined,
      call: (f) => f.SyncHdrBeg(0, null, ppv()),
      method: 'SyncHdrBeg',
      message:
        'IOSTX::SyncHdrBeg(LR_SYNC_DOWNLOAD_HEADER): InitSync must be the first call of a session, and it has not been called (rule: init-first)',
    },
    {
      rule: 'init-once',
      setup: inSync,
      call: (f) => f.InitSync(0),
      method: 'InitSync',
      message:
        'IOSTX::InitSync(ulFlags = 0): a session is under way, the current state is LR_SYNC; a new one can start only in LR_SYNC_IDLE (rule: init-once)',
    },
    {
      rule: 'known-state',
      setup: init,
      call: (f) => f.SyncBeg(7, ppv()),
      method: 'SyncBeg',
      message:
        'IOSTX::SyncBeg(7): 7 is not a state of IOSTX (states: LR_SYNC_IDLE 0, LR_SYNC 1, LR_SYNC_UPLOAD_HIERARCHY 2, ' +
        'LR_SYNC_UPLOAD_FOLDER 3, LR_SYNC_CONTENTS 4, LR_SYNC_UPLOAD_TABLE 5, LR_SYNC_UPLOAD_MESSAGE 6, ' +
        'LR_SYNC_UPLOAD_MESSAGE_READ 8, LR_SYNC_UPLOAD_MESSAGE_DEL 9, LR_SYNC_DOWNLOAD_HIERARCHY 10, ' +
        'LR_SYNC_DOWNLOAD_TABLE 11, LR_SYNC_DOWNLOAD_HEADER 17) (rule: known-state)',
    },
    {
      rule: 'known-state',
      setup: init,
      call: (f) => f.SyncBeg(LR_SYNC_IDLE, ppv()),
      method: 'SyncBeg',
      message: 'IOSTX::SyncBeg(LR_SYNC_IDLE): LR_SYNC_IDLE is the initial state; it is returned to by leaving, never entered (rule: known-state)',
    },
    {
      rule: 'known-state',
      setup: init,
      call: (f) => f.SyncBeg(LR_SYNC_DOWNLOAD_HEADER, ppv()),
      method: 'SyncBeg',
      message:
        'IOSTX::SyncBeg(LR_SYNC_DOWNLOAD_HEADER): state LR_SYNC_DOWNLOAD_HEADER is entered by SyncHdrBeg, not SyncBeg (rule: known-state)',
    },
    {
      rule: 'enter-from-parent',
      setup: inSync,
      call: (f) => f.SyncBeg(LR_SYNC_UPLOAD_TABLE, ppv()),
      method: 'SyncBeg',
      message:
        'IOSTX::SyncBeg(LR_SYNC_UPLOAD_TABLE): state LR_SYNC_UPLOAD_TABLE can only be entered from LR_SYNC_CONTENTS, ' +
        'the current state is LR_SYNC (rule: enter-from-parent)',
    },
    {
      rule: 'enter-from-parent',
      setup: inSync,
      call: (f) => f.SyncHdrBeg(0, null, ppv()),
      method: 'SyncHdrBeg',
      message:
        'IOSTX::SyncHdrBeg(LR_SYNC_DOWNLOAD_HEADER): state LR_SYNC_DOWNLOAD_HEADER can only be entered from LR_SYNC_IDLE, ' +
        'the current state is LR_SYNC (rule: enter-from-parent)',
    },
    {
      rule: 'result-before-leave',
      setup: inSync,
      call: (f) => f.SyncEnd(),
      method: 'SyncEnd',
      message: 'IOSTX::SyncEnd(): state LR_SYNC has no result; call SetSyncResult before SyncEnd (rule: result-before-leave)',
    },
    {
      rule: 'paired-leave',
      setup: inHeader,
      call: (f) => f.SyncEnd(),
      method: 'SyncEnd',
      message:
        'IOSTX::SyncEnd(): the current state LR_SYNC_DOWNLOAD_HEADER was entered by SyncHdrBeg and is left by SyncHdrEnd, not SyncEnd (rule: paired-leave)',
    },
    {
      rule: 'paired-leave',
      setup: (f) => {
        inSync(f);
        f.SetSyncResult(S_OK);
      },
      call: (f) => f.SyncHdrEnd(null),
      method: 'SyncHdrEnd',
      message:
        'IOSTX::SyncHdrEnd(pprog = null): the current state LR_SYNC was entered by SyncBeg and is left by SyncEnd, not SyncHdrEnd (rule: paired-leave)',
    },
    {
      rule: 'leave-in-state',
      setup: init,
      call: (f) => f.SyncEnd(),
      method: 'SyncEnd',
      message: 'IOSTX::SyncEnd(): there is no state to leave, the current state is the initial state LR_SYNC_IDLE (rule: leave-in-state)',
    },
    {
      rule: 'result-in-state',
      setup: init,
      call: (f) => f.SetSyncResult(S_OK),
      method: 'SetSyncResult',
      message:
        'IOSTX::SetSyncResult(hrSync = S_OK): there is no state to record a result for, the current state is the initial state ' +
        'LR_SYNC_IDLE (rule: result-in-state)',
    },
  ];

  it('covers every rule of the state machine', () => {
    expect([...new Set(cases.map((c) => c.rule))].sort()).toEqual(
      ['enter-from-parent', 'init-first', 'init-once', 'known-state', 'leave-in-state', 'paired-leave', 'result-before-leave', 'result-in-state'],
    );
  });

  it('fails with the protocol’s violation HRESULT, a failure', () => {
    expect(protocol.violation).toBe('E_UNEXPECTED');
    expect(VIOLATION).toBeLessThan(0);
  });

  it.each(cases)('$rule: $method returns the violation HRESULT, changes nothing, and GetLastError names the rule', ({ rule, setup, call, method, message }) => {
    const fake = new IOSTXFake();
    setup(fake);
    const stack = fake.stack;
    const transitions = fake.transitions.length;
    expect(call(fake)).toBe(VIOLATION);
    expect(fake.violations).toEqual([{ rule, method, message: typeof message === 'string' ? message : expect.stringMatching(message) }]);
    const text = fake.violations[0].message;
    expect(text).toContain(`IOSTX::${method}(`);
    expect(text).toContain(`(rule: ${rule})`);
    expect(fake.stack).toEqual(stack);
    expect(fake.transitions).toHaveLength(transitions);

    const error = out<LPMAPIERROR>();
    expect(fake.GetLastError(VIOLATION, 0, error)).toBe(S_OK);
    expect(error.value).toEqual({ ulVersion: 0, lpszError: text, lpszComponent: 'IOSTX fake', ulLowLevelError: 0, ulContext: 0 });
    expect(() => fake.assertIdle()).toThrow(text);
  });

  it('GetLastError answers null before any violation, and the last violation after several', () => {
    const fake = new IOSTXFake();
    const error = out<LPMAPIERROR>();
    expect(fake.GetLastError(S_OK, 0, error)).toBe(S_OK);
    expect(error.value).toBeNull();
    expect(fake.SyncEnd()).toBe(VIOLATION);
    expect(fake.SetSyncResult(S_OK)).toBe(VIOLATION);
    expect(fake.GetLastError(VIOLATION, 0, error)).toBe(S_OK);
    expect(error.value?.lpszError).toMatch(/^IOSTX::SetSyncResult\(hrSync = S_OK\): .*\(rule: result-in-state\)$/);
    expect(fake.violations.map((v) => v.rule)).toEqual(['leave-in-state', 'result-in-state']);
  });
});

describe('IOSTXFake: the structure of each state', () => {
  const layouts: StructRecord = structs;

  it('plays the states of the protocol with the values of the generated SYNCSTATE', () => {
    expect(protocol.initial).toBe('LR_SYNC_IDLE');
    expect(SYNCSTATE.LR_SYNC_IDLE).toBe(LR_SYNC_IDLE);
    for (const state of protocol.states) {
      expect({ state: state.name, value: state.value }).toEqual({ state: state.name, value: SYNCSTATE[state.name as keyof typeof SYNCSTATE] });
      // The initial state is listed for its value only: nothing enters it, so it has no structure.
      if (state.name === protocol.initial) {
        expect({ state: state.name, structure: state.structure, parents: state.parents }).toEqual({ state: state.name, structure: undefined, parents: undefined });
        continue;
      }
      expect({ state: state.name, known: state.structure !== undefined && Object.hasOwn(structs, state.structure) }).toEqual({
        state: state.name,
        known: true,
      });
    }
  });

  /** The states to enter, outermost first, to reach `name` (through each state's first parent). */
  function path(name: string): string[] {
    if (name === protocol.initial) return [];
    const state = protocol.states.find((s) => s.name === name)!;
    return [...path(state.parents![0]), name];
  }

  const states = protocol.states.filter((s) => s.name !== protocol.initial).map((s) => ({ state: s.name, value: s.value, structure: s.structure! }));

  it.each(states)('$state hands out a fresh zero-initialized $structure with the fields of structs.$structure', ({ state, structure }) => {
    const fake = new IOSTXFake();
    ok(fake.InitSync(0));
    const box = ppv();
    for (const step of path(state)) {
      const entered = protocol.states.find((s) => s.name === step)!;
      ok(step === 'LR_SYNC_DOWNLOAD_HEADER' ? fake.SyncHdrBeg(0, null, box) : fake.SyncBeg(entered.value, box));
    }
    expect(fake.state).toBe(state);
    const handedOut = box.value as Record<string, unknown>;
    expect(Object.keys(handedOut)).toEqual(layouts[structure].fields.map((f) => f.name));
    expect(handedOut).toEqual(layouts[structure].zero);
    expect(handedOut).not.toBe(layouts[structure].zero);
    expect(fake.stack.at(-1)!.structure).toBe(handedOut);

    // The client may write to it: the layout's zero value stays as it was.
    const [first] = layouts[structure].fields;
    handedOut[first.name] = 'written by the client';
    expect((layouts[structure].zero as Record<string, unknown>)[first.name]).not.toBe('written by the client');

    for (const frame of [...fake.stack].reverse()) {
      if (frame.enteredBy === 'SyncHdrBeg') ok(fake.SyncHdrEnd(null));
      else {
        ok(fake.SetSyncResult(S_OK));
        ok(fake.SyncEnd());
      }
    }
    expect(() => fake.assertIdle()).not.toThrow();
  });

  it('SyncBeg(LR_SYNC_CONTENTS) gives a SYNCCONT-shaped zero structure', () => {
    const fake = new IOSTXFake();
    const box = ppv();
    ok(fake.InitSync(0));
    ok(fake.SyncBeg(LR_SYNC, box));
    ok(fake.SyncBeg(LR_SYNC_CONTENTS, box));
    expect(box.value).toEqual({ ulFlags: 0, iEnt: 0, cEnt: 0, pvReserved: null, ptagaReserved: null, psosReserved: null });
    expect(Object.keys(box.value as object)).toEqual(structs.SYNCCONT.fields.map((f) => f.name));
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
