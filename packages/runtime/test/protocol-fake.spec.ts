/**
 * ProtocolFake as the replication state machine of IOSTX: the upload hierarchy worked example, a single
 * folder upload, a download header pair, and every rule's violation with its message.
 */
import {
  ComError,
  E_FAIL,
  E_NOTIMPL,
  E_UNEXPECTED,
  MAPI_E_NOT_FOUND,
  S_OK,
  inOut,
  out,
  type HRESULT,
  type ProtocolDescription,
} from '../src/index.js';
import { MockError, ProtocolFake } from '../src/mocks.js';
import {
  HSF_OK,
  IID_IOSTX,
  IMAPIProgressFake,
  IOSTXFake,
  LR_SYNC,
  LR_SYNC_CONTENTS,
  LR_SYNC_DOWNLOAD_HEADER,
  LR_SYNC_IDLE,
  LR_SYNC_UPLOAD_FOLDER,
  LR_SYNC_UPLOAD_HIERARCHY,
  LR_SYNC_UPLOAD_TABLE,
  UPF_MOD_PROPS,
  UPF_NEW,
  UPF_OK,
  UPH_OK,
  UPS_ONE_FOLDER,
  UPS_OK,
  UPS_UPLOAD_ONLY,
  iostxProtocol,
  structs,
  vtables,
  type HDRSYNC,
  type IMAPIProgress,
  type IOSTX,
  type MAPIERROR,
  type SYNC,
  type UPFLD,
  type UPHIER,
} from './mapi-sync-doubles.js';

const check = (hr: HRESULT): HRESULT => ComError.check(hr);

/**
 * A store provider's upload of the folder hierarchy, as the upload hierarchy state page describes it:
 * synchronize state, upload hierarchy state, one upload folder state per folder, each completed with its
 * OK flag and a result.
 */
function uploadHierarchy(ostx: IOSTX, upload: (folder: UPFLD, index: number) => void): void {
  const ppv = inOut<unknown>(null);
  check(ostx.InitSync(0));
  check(ostx.SyncBeg(LR_SYNC, ppv));
  const sync = ppv.value as SYNC;
  sync.ulFlags = UPS_UPLOAD_ONLY;
  check(ostx.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, ppv));
  const uphier = ppv.value as UPHIER;
  for (let i = 0; i < uphier.cEnt; i++) {
    check(ostx.SyncBeg(LR_SYNC_UPLOAD_FOLDER, ppv));
    const upfld = ppv.value as UPFLD;
    upload(upfld, i);
    upfld.ulFlags |= UPF_OK;
    check(ostx.SetSyncResult(S_OK));
    check(ostx.SyncEnd());
  }
  uphier.ulFlags |= UPH_OK;
  check(ostx.SetSyncResult(S_OK));
  check(ostx.SyncEnd());
  sync.ulFlags |= UPS_OK;
  check(ostx.SetSyncResult(S_OK));
  check(ostx.SyncEnd());
}

/** A fake whose upload hierarchy state reports two folders: a new one and one with changed properties. */
function fakeWithTwoFolders(): IOSTXFake {
  const fake = new IOSTXFake();
  const folderFlags = [UPF_NEW, UPF_MOD_PROPS];
  let entered = 0;
  fake.onEnter('LR_SYNC_UPLOAD_HIERARCHY', (uphier) => {
    uphier.cEnt = folderFlags.length;
  });
  fake.onEnter('LR_SYNC_UPLOAD_FOLDER', (upfld) => {
    upfld.ulFlags = folderFlags[entered];
    upfld.feid.abFlags[3] = ++entered;
  });
  return fake;
}

describe('the upload hierarchy worked example', () => {
  it('walks SYNC, UPHIER and one UPFLD per folder back to idle, with no violation', () => {
    const fake = fakeWithTwoFolders();
    const stacks: string[][] = [];
    uploadHierarchy(fake, () => stacks.push(fake.stack.map((f) => f.state)));

    expect(stacks).toEqual([
      ['LR_SYNC', 'LR_SYNC_UPLOAD_HIERARCHY', 'LR_SYNC_UPLOAD_FOLDER'],
      ['LR_SYNC', 'LR_SYNC_UPLOAD_HIERARCHY', 'LR_SYNC_UPLOAD_FOLDER'],
    ]);
    expect(fake.state).toBe('LR_SYNC_IDLE');
    expect(fake.stack).toEqual([]);
    expect(fake.violations).toEqual([]);
    expect(() => fake.assertIdle()).not.toThrow();
    expect(fake.transitions).toEqual([
      { method: 'SyncBeg', from: 'LR_SYNC_IDLE', to: 'LR_SYNC' },
      { method: 'SyncBeg', from: 'LR_SYNC', to: 'LR_SYNC_UPLOAD_HIERARCHY' },
      { method: 'SyncBeg', from: 'LR_SYNC_UPLOAD_HIERARCHY', to: 'LR_SYNC_UPLOAD_FOLDER' },
      { method: 'SyncEnd', from: 'LR_SYNC_UPLOAD_FOLDER', to: 'LR_SYNC_UPLOAD_HIERARCHY' },
      { method: 'SyncBeg', from: 'LR_SYNC_UPLOAD_HIERARCHY', to: 'LR_SYNC_UPLOAD_FOLDER' },
      { method: 'SyncEnd', from: 'LR_SYNC_UPLOAD_FOLDER', to: 'LR_SYNC_UPLOAD_HIERARCHY' },
      { method: 'SyncEnd', from: 'LR_SYNC_UPLOAD_HIERARCHY', to: 'LR_SYNC' },
      { method: 'SyncEnd', from: 'LR_SYNC', to: 'LR_SYNC_IDLE' },
    ]);
  });

  it('hands out zero-initialized structures filled by the hooks, and keeps them as the client left them', () => {
    const fake = fakeWithTwoFolders();
    uploadHierarchy(fake, () => undefined);
    expect(fake.completed.map((c) => [c.state, c.result])).toEqual([
      ['LR_SYNC_UPLOAD_FOLDER', S_OK],
      ['LR_SYNC_UPLOAD_FOLDER', S_OK],
      ['LR_SYNC_UPLOAD_HIERARCHY', S_OK],
      ['LR_SYNC', S_OK],
    ]);
    const [first, second, uphier, sync] = fake.completed.map((c) => c.structure);
    expect(first).toMatchObject({ ulFlags: UPF_NEW | UPF_OK, pfld: null, feid: { abFlags: new Uint8Array([0, 0, 0, 1]) } });
    expect(second).toMatchObject({ ulFlags: UPF_MOD_PROPS | UPF_OK, feid: { abFlags: new Uint8Array([0, 0, 0, 2]) } });
    expect(uphier).toEqual({ ulFlags: UPH_OK, pstmReserved: null, iEnt: 0, cEnt: 2 });
    expect(sync).toEqual({ ...(structs.SYNC.zero as object), ulFlags: UPS_UPLOAD_ONLY | UPS_OK });
    expect(first).not.toBe(second);
    expect((structs.UPFLD.zero as UPFLD).feid.abFlags).toEqual(new Uint8Array(4));
  });

  it("records the calls like a mock, and its methods are Jest mock functions", () => {
    const fake = fakeWithTwoFolders();
    uploadHierarchy(fake, () => undefined);
    expect(fake.SyncBeg).toHaveBeenCalledTimes(4);
    expect(fake.SyncBeg).toHaveBeenCalledWith(LR_SYNC_UPLOAD_FOLDER, expect.anything());
    expect(fake.SyncEnd).toHaveReturnedWith(S_OK);
    expect(fake.callCount('SetSyncResult')).toBe(4);
    expect(fake.calls[0]).toEqual({ slot: 4, method: 'InitSync', args: [0], result: S_OK });
    expect(fake.events.slice(0, 2)).toEqual([
      { method: 'InitSync', args: { ulFlags: 0 } },
      { method: 'SyncBeg', args: { uiSync: LR_SYNC, ppv: null } },
    ]);
  });

  it('uploads a single folder straight from the synchronize state', () => {
    const fake = new IOSTXFake();
    const ppv = inOut<unknown>(null);
    fake.InitSync(0);
    fake.SyncBeg(LR_SYNC, ppv);
    (ppv.value as SYNC).ulFlags = UPS_UPLOAD_ONLY | UPS_ONE_FOLDER;
    expect(fake.SyncBeg(LR_SYNC_UPLOAD_FOLDER, ppv)).toBe(S_OK);
    expect(fake.stack.map((f) => f.state)).toEqual(['LR_SYNC', 'LR_SYNC_UPLOAD_FOLDER']);
    (ppv.value as UPFLD).ulFlags |= UPF_OK;
    fake.SetSyncResult(S_OK);
    fake.SyncEnd();
    (fake.stack[0].structure as SYNC).ulFlags |= UPS_OK;
    fake.SetSyncResult(S_OK);
    fake.SyncEnd();
    expect(() => fake.assertIdle()).not.toThrow();
  });
});

describe('the download header pair', () => {
  it('enters the header state from idle with SyncHdrBeg and leaves it with SyncHdrEnd, reporting progress', () => {
    const fake = new IOSTXFake();
    const progress = new IMAPIProgressFake();
    const local = { ulFlags: 0, pmsg: 'local header' };
    fake.onEnter('LR_SYNC_DOWNLOAD_HEADER', (hdr) => {
      hdr.pupmsg = local;
    });
    fake.onLeave('LR_SYNC_DOWNLOAD_HEADER', (frame, [pprog]) => {
      const p = pprog as IMAPIProgress;
      const max = out<number>();
      p.GetMax(max);
      p.Progress(max.value ?? 0, 1, 1);
      expect(frame.structure.ulFlags).toBe(HSF_OK);
    });

    const eid = new Uint8Array([0, 0, 0, 0, 1, 2, 3]);
    const ppv = inOut<unknown>(null);
    expect(fake.InitSync(0)).toBe(S_OK);
    expect(fake.SyncHdrBeg(eid.length, eid, ppv)).toBe(S_OK);
    expect(fake.state).toBe('LR_SYNC_DOWNLOAD_HEADER');
    const hdr = ppv.value as HDRSYNC;
    expect(hdr.pupmsg).toBe(local);
    expect(hdr.pmsgFull).toBeNull();
    hdr.pmsgFull = 'full item';
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
    expect(fake.events[1]).toEqual({ method: 'SyncHdrBeg', args: { cbeid: 7, lpeid: eid, ppv: null } });
    expect(fake.events[2]).toEqual({ method: 'SyncHdrEnd', args: { pprog: progress } });
    expect(() => fake.assertIdle()).not.toThrow();
  });
});

/** Runs `setup`, then `call`; checks that the call broke `rule` with `message` and changed nothing. */
function expectViolation(
  setup: (fake: IOSTXFake) => void,
  call: (fake: IOSTXFake) => HRESULT,
  rule: string,
  method: string,
  message: string,
): IOSTXFake {
  const fake = new IOSTXFake();
  setup(fake);
  const stack = fake.stack;
  const transitions = fake.transitions.length;
  expect(call(fake)).toBe(E_UNEXPECTED);
  expect(fake.violations).toEqual([{ rule, method, message }]);
  expect(fake.stack).toEqual(stack);
  expect(fake.transitions).toHaveLength(transitions);
  const error = out<MAPIERROR | null>();
  expect(fake.GetLastError(E_UNEXPECTED, 0, error)).toBe(S_OK);
  expect(error.value).toEqual({
    ulVersion: 0,
    lpszError: message,
    lpszComponent: 'IOSTX fake',
    ulLowLevelError: 0,
    ulContext: 0,
  });
  expect(() => fake.assertIdle()).toThrow(message);
  return fake;
}

const ppv = (): { value: unknown } => inOut<unknown>(null);
const init = (fake: IOSTX): void => void fake.InitSync(0);
const inSync = (fake: IOSTX): void => {
  fake.InitSync(0);
  fake.SyncBeg(LR_SYNC, ppv());
};
const inHeader = (fake: IOSTX): void => {
  fake.InitSync(0);
  fake.SyncHdrBeg(0, null, ppv());
};

describe('rules', () => {
  it('init-first: entering a state before InitSync', () => {
    const box = ppv();
    expectViolation(
      () => undefined,
      (f) => f.SyncBeg(LR_SYNC, box),
      'init-first',
      'SyncBeg',
      'IOSTX::SyncBeg(LR_SYNC): InitSync must be the first call of a session, and it has not been called (rule: init-first)',
    );
    expect(box.value).toBeNull();
    expectViolation(
      () => undefined,
      (f) => f.SyncHdrBeg(0, null, ppv()),
      'init-first',
      'SyncHdrBeg',
      'IOSTX::SyncHdrBeg(LR_SYNC_DOWNLOAD_HEADER): InitSync must be the first call of a session, and it has not been called (rule: init-first)',
    );
  });

  it('init-once: InitSync while a session is under way; again in idle is a new session', () => {
    expectViolation(
      inSync,
      (f) => f.InitSync(0),
      'init-once',
      'InitSync',
      'IOSTX::InitSync(ulFlags = 0): a session is under way, the current state is LR_SYNC; a new one can start only in LR_SYNC_IDLE ' +
        '(rule: init-once; the fake\'s choice: the pages do not say whether InitSync may come again)',
    );
    const fake = new IOSTXFake();
    expect(fake.InitSync(0)).toBe(S_OK);
    expect(fake.InitSync(0)).toBe(S_OK);
    expect(fake.violations).toEqual([]);
  });

  it('known-state: a value that is no state, a state another method enters; initial-state: the initial state', () => {
    expectViolation(
      init,
      (f) => f.SyncBeg(42, ppv()),
      'known-state',
      'SyncBeg',
      'IOSTX::SyncBeg(42): 42 is not a state of IOSTX (states: LR_SYNC_IDLE 0, LR_SYNC 1, LR_SYNC_UPLOAD_HIERARCHY 2, ' +
        'LR_SYNC_UPLOAD_FOLDER 3, LR_SYNC_CONTENTS 4, LR_SYNC_UPLOAD_TABLE 5, LR_SYNC_UPLOAD_MESSAGE 6, ' +
        'LR_SYNC_UPLOAD_MESSAGE_READ 8, LR_SYNC_UPLOAD_MESSAGE_DEL 9, LR_SYNC_DOWNLOAD_HIERARCHY 10, ' +
        'LR_SYNC_DOWNLOAD_TABLE 11, LR_SYNC_DOWNLOAD_HEADER 17) (rule: known-state)',
    );
    expectViolation(
      init,
      (f) => f.SyncBeg(LR_SYNC_IDLE, ppv()),
      'initial-state',
      'SyncBeg',
      'IOSTX::SyncBeg(LR_SYNC_IDLE): LR_SYNC_IDLE is the initial state: the idle state page gives no state it is entered from ' +
        '(https://learn.microsoft.com/office/client-developer/outlook/mapi/idle-state) (rule: initial-state)',
    );
    expectViolation(
      init,
      (f) => f.SyncBeg(LR_SYNC_DOWNLOAD_HEADER, ppv()),
      'known-state',
      'SyncBeg',
      'IOSTX::SyncBeg(LR_SYNC_DOWNLOAD_HEADER): state LR_SYNC_DOWNLOAD_HEADER is entered by SyncHdrBeg, not SyncBeg (rule: known-state)',
    );
  });

  it('enter-from-parent: a state entered from a state that is not its parent', () => {
    expectViolation(
      inSync,
      (f) => f.SyncBeg(LR_SYNC_UPLOAD_TABLE, ppv()),
      'enter-from-parent',
      'SyncBeg',
      'IOSTX::SyncBeg(LR_SYNC_UPLOAD_TABLE): state LR_SYNC_UPLOAD_TABLE can only be entered from LR_SYNC_CONTENTS, ' +
        'the current state is LR_SYNC (rule: enter-from-parent)',
    );
    expectViolation(
      (f) => {
        inSync(f);
        f.SyncBeg(LR_SYNC_CONTENTS, ppv());
      },
      (f) => f.SyncBeg(LR_SYNC_UPLOAD_FOLDER, ppv()),
      'enter-from-parent',
      'SyncBeg',
      'IOSTX::SyncBeg(LR_SYNC_UPLOAD_FOLDER): state LR_SYNC_UPLOAD_FOLDER can only be entered from ' +
        'LR_SYNC_UPLOAD_HIERARCHY or LR_SYNC, the current state is LR_SYNC_CONTENTS (rule: enter-from-parent)',
    );
    expectViolation(
      init,
      (f) => f.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, ppv()),
      'enter-from-parent',
      'SyncBeg',
      'IOSTX::SyncBeg(LR_SYNC_UPLOAD_HIERARCHY): state LR_SYNC_UPLOAD_HIERARCHY can only be entered from LR_SYNC, ' +
        'the current state is LR_SYNC_IDLE (rule: enter-from-parent)',
    );
    expectViolation(
      inSync,
      (f) => f.SyncHdrBeg(0, null, ppv()),
      'enter-from-parent',
      'SyncHdrBeg',
      'IOSTX::SyncHdrBeg(LR_SYNC_DOWNLOAD_HEADER): state LR_SYNC_DOWNLOAD_HEADER can only be entered from ' +
        'LR_SYNC_IDLE, the current state is LR_SYNC (rule: enter-from-parent)',
    );
  });

  it('result-in-state: SetSyncResult in the initial state', () => {
    expectViolation(
      init,
      (f) => f.SetSyncResult(S_OK),
      'result-in-state',
      'SetSyncResult',
      'IOSTX::SetSyncResult(hrSync = S_OK): there is no state to record a result for, the current state is the ' +
        'initial state LR_SYNC_IDLE (rule: result-in-state)',
    );
  });

  it('leave-in-state: SyncEnd or SyncHdrEnd with nothing to leave', () => {
    expectViolation(
      init,
      (f) => f.SyncEnd(),
      'leave-in-state',
      'SyncEnd',
      'IOSTX::SyncEnd(): there is no state to leave, the current state is the initial state LR_SYNC_IDLE (rule: leave-in-state)',
    );
    expectViolation(
      () => undefined,
      (f) => f.SyncHdrEnd(null),
      'leave-in-state',
      'SyncHdrEnd',
      'IOSTX::SyncHdrEnd(pprog = null): there is no state to leave, the current state is the initial state ' +
        'LR_SYNC_IDLE (rule: leave-in-state)',
    );
  });

  it('paired-leave: SyncEnd cannot leave a SyncHdrBeg state, nor SyncHdrEnd a SyncBeg state', () => {
    expectViolation(
      inHeader,
      (f) => f.SyncEnd(),
      'paired-leave',
      'SyncEnd',
      'IOSTX::SyncEnd(): the current state LR_SYNC_DOWNLOAD_HEADER was entered by SyncHdrBeg and is left by ' +
        'SyncHdrEnd, not SyncEnd (rule: paired-leave)',
    );
    expectViolation(
      (f) => {
        inSync(f);
        f.SetSyncResult(S_OK);
      },
      (f) => f.SyncHdrEnd(new IMAPIProgressFake()),
      'paired-leave',
      'SyncHdrEnd',
      'IOSTX::SyncHdrEnd(pprog = [IMAPIProgress fake]): the current state LR_SYNC was entered by SyncBeg and is ' +
        'left by SyncEnd, not SyncHdrEnd (rule: paired-leave)',
    );
  });

  it('result-before-leave: SyncEnd before SetSyncResult; a failure result is a result', () => {
    const fake = expectViolation(
      inSync,
      (f) => f.SyncEnd(),
      'result-before-leave',
      'SyncEnd',
      'IOSTX::SyncEnd(): state LR_SYNC has no result; call SetSyncResult before SyncEnd (rule: result-before-leave)',
    );
    expect(fake.SetSyncResult(E_FAIL)).toBe(S_OK);
    expect(fake.stack[0]).toMatchObject({ state: 'LR_SYNC', result: E_FAIL, hasResult: true, enteredBy: 'SyncBeg' });
    expect(fake.SyncEnd()).toBe(S_OK);
    expect(fake.completed).toEqual([{ state: 'LR_SYNC', structure: expect.any(Object), result: E_FAIL }]);
  });
});

describe('the fake', () => {
  it('answers GetLastError with null before any violation', () => {
    const fake = new IOSTXFake();
    const error = out<MAPIERROR | null>();
    expect(fake.GetLastError(S_OK, 0, error)).toBe(S_OK);
    expect(error.value).toBeNull();
  });

  it('answers E_NOTIMPL from the placeholder and COM answers from IUnknown', () => {
    const fake = new IOSTXFake();
    expect(fake.Placeholder10()).toBe(E_NOTIMPL);
    const ppvObject = out<unknown>();
    expect(fake.QueryInterface(IID_IOSTX, ppvObject as never)).toBe(S_OK);
    expect(ppvObject.value).toBe(fake);
    expect(fake.Release()).toBe(1);
    expect(fake.callCount('Placeholder10')).toBe(1);
    expect(fake.events.map((e) => e.method)).toEqual(['Placeholder10']);
  });

  it('lets an enter hook fail the enter method', () => {
    const fake = new IOSTXFake();
    fake.onEnter('LR_SYNC', () => MAPI_E_NOT_FOUND);
    const box = ppv();
    fake.InitSync(0);
    expect(fake.SyncBeg(LR_SYNC, box)).toBe(MAPI_E_NOT_FOUND);
    expect(box.value).toBeNull();
    expect(fake.state).toBe('LR_SYNC_IDLE');
    expect(fake.violations).toEqual([]);
  });

  it('refuses hooks for unknown states', () => {
    const fake = new IOSTXFake();
    // The fake's states are typed, so these do not compile; the check when called is for untyped callers.
    // @ts-expect-error no state LR_SYNC_UPLOAD
    expect(() => fake.onEnter('LR_SYNC_UPLOAD', () => undefined)).toThrow(
      new TypeError(
        "onEnter: IOSTX has no state 'LR_SYNC_UPLOAD' (states: LR_SYNC_IDLE, LR_SYNC, LR_SYNC_UPLOAD_HIERARCHY, " +
          'LR_SYNC_UPLOAD_FOLDER, LR_SYNC_CONTENTS, LR_SYNC_UPLOAD_TABLE, LR_SYNC_UPLOAD_MESSAGE, ' +
          'LR_SYNC_UPLOAD_MESSAGE_READ, LR_SYNC_UPLOAD_MESSAGE_DEL, LR_SYNC_DOWNLOAD_HIERARCHY, ' +
          'LR_SYNC_DOWNLOAD_TABLE, LR_SYNC_DOWNLOAD_HEADER)',
      ),
    );
    // @ts-expect-error no state X
    expect(() => fake.onLeave('X', () => undefined)).toThrow("onLeave: IOSTX has no state 'X'");
  });

  it('assertIdle names the states still entered', () => {
    const fake = new IOSTXFake();
    inSync(fake);
    fake.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, ppv());
    expect(() => fake.assertIdle()).toThrow(
      new MockError(
        'IOSTX fake is not idle:\n  - the current state is LR_SYNC_UPLOAD_HIERARCHY, not LR_SYNC_IDLE ' +
          '(entered: LR_SYNC by SyncBeg > LR_SYNC_UPLOAD_HIERARCHY by SyncBeg)',
      ),
    );
  });

  it('refuses an invalid description, listing its problems with their paths', () => {
    const broken = {
      ...iostxProtocol,
      methods: { ...iostxProtocol.methods, SyncBeg: { role: 'enter', stateParameter: 'uiSyncX', structureParameter: 'ppv', pairedWith: 'SyncEnd' } },
    } as ProtocolDescription;
    expect(() => new ProtocolFake<IOSTX>(vtables.IOSTX, { vtables, structs }, broken)).toThrow(
      new TypeError(
        "invalid protocol description for IOSTX:\nmethods.SyncBeg.stateParameter: IOSTX::SyncBeg has no parameter 'uiSyncX' (its parameters: uiSync, ppv)",
      ),
    );
  });

  it('needs no InitSync when the description has no init method, and returns the violation it names', () => {
    const { InitSync: _init, ...methods } = iostxProtocol.methods as Record<string, never>;
    const description = { ...iostxProtocol, violation: '0x80040102', methods } as ProtocolDescription;
    const fake = new ProtocolFake<IOSTX>(vtables.IOSTX, { vtables, structs }, description) as ProtocolFake<IOSTX> & IOSTX;
    expect(fake.SyncBeg(LR_SYNC, ppv())).toBe(S_OK);
    expect(fake.InitSync(0)).toBe(S_OK);
    expect(fake.SyncBeg(LR_SYNC_UPLOAD_TABLE, ppv())).toBe(0x80040102 | 0);
  });
});
