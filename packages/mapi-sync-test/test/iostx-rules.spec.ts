/**
 * Every rule the generated IOSTXFake enforces (idl/mapi-sync/iostx.protocol.json), each with a legal and an
 * illegal sequence taken from the pages: the state table and each state's quick info, the upload folder
 * note, the SYNC page's one direction per pass, the idle state page, the success flags of each structure
 * against the result SetSyncResult records (the worked example's steps 6-9 and each structure's page), the
 * HDRSYNC rules, GetLastError's flags; and the rules where the pages are silent, whose violations say that
 * they are the fake's choice.
 */
import { MAPI_E_NETWORK_ERROR, S_OK, inOut, out, protocolHresult, protocolRules, type HRESULT, type StateMachineProtocol } from '@comidl/runtime';
import {
  DNH_OK,
  DNT_OK,
  HSF_COPYDESTRUCTIVE,
  HSF_LOCAL,
  HSF_OK,
  LR_SYNC,
  LR_SYNC_CONTENTS,
  LR_SYNC_DOWNLOAD_HEADER,
  LR_SYNC_DOWNLOAD_HIERARCHY,
  LR_SYNC_DOWNLOAD_TABLE,
  LR_SYNC_IDLE,
  LR_SYNC_UPLOAD_FOLDER,
  LR_SYNC_UPLOAD_HIERARCHY,
  LR_SYNC_UPLOAD_MESSAGE,
  LR_SYNC_UPLOAD_MESSAGE_DEL,
  LR_SYNC_UPLOAD_MESSAGE_READ,
  LR_SYNC_UPLOAD_TABLE,
  UPC_OK,
  UPD_OK,
  UPF_OK,
  UPH_OK,
  UPM_OK,
  UPR_OK,
  UPR_READ,
  UPS_DNLOAD_ONLY,
  UPS_OK,
  UPS_ONE_FOLDER,
  UPS_THESE_FOLDERS,
  UPS_UPLOAD_ONLY,
  UPT_OK,
  structs,
  type HDRSYNC,
  type LPMAPIERROR,
  type LPVOID,
  type SYNC,
  type UPDEL,
  type UPREAD,
} from '@mapi-sync/interfaces';
import { IOSTXFake, IOSTXProtocol, IUnknownMock } from '@mapi-sync/mocks';

const protocol = IOSTXProtocol as StateMachineProtocol;
const VIOLATION = protocolHresult(protocol.violation)!;
/** MAPI_UNICODE (MAPIDefS.h), which the IDL does not declare: the flag other GetLastError methods take. */
const MAPI_UNICODE = 0x80000000;
const LEARN = 'https://learn.microsoft.com/office/client-developer/outlook/mapi/';

const ppv = (): { value: LPVOID } => inOut<LPVOID>(null);

function ok(hr: HRESULT): void {
  if (hr < 0) throw new Error(`failed: 0x${(hr >>> 0).toString(16)}`);
}

/** A fake in the synchronize state, SYNC.ulFlags set to `flags` as the client sets its [in] members. */
function synchronizing(flags: number, fake = new IOSTXFake()): IOSTXFake {
  const box = ppv();
  ok(fake.InitSync(0));
  ok(fake.SyncBeg(LR_SYNC, box));
  (box.value as SYNC).ulFlags = flags;
  return fake;
}

/** Enters `states` in order (SyncBeg), returning the last structure handed out. */
function enter(fake: IOSTXFake, ...states: number[]): Record<string, unknown> {
  const box = ppv();
  for (const state of states) ok(fake.SyncBeg(state, box));
  return box.value as Record<string, unknown>;
}

interface Case {
  readonly rule: string;
  /** What the pages say, and where. */
  readonly says: string;
  /** A sequence the rule allows: it must end with no violation. */
  readonly legal: (fake: IOSTXFake) => void;
  /** Sets up the illegal call; `call` then breaks the rule. */
  readonly setup: (fake: IOSTXFake) => void;
  readonly call: (fake: IOSTXFake) => HRESULT;
  readonly method: string;
  readonly message: string | RegExp;
}

const cases: Case[] = [
  {
    rule: 'enter-from-parent',
    says: 'state table: the upload table state is entered from the synchronize contents state',
    legal: (f) => void enter(synchronizing(UPS_UPLOAD_ONLY, f), LR_SYNC_CONTENTS, LR_SYNC_UPLOAD_TABLE),
    setup: (f) => void synchronizing(UPS_UPLOAD_ONLY, f),
    call: (f) => f.SyncBeg(LR_SYNC_UPLOAD_TABLE, ppv()),
    method: 'SyncBeg',
    message:
      'IOSTX::SyncBeg(LR_SYNC_UPLOAD_TABLE): state LR_SYNC_UPLOAD_TABLE can only be entered from LR_SYNC_CONTENTS, ' +
      'the current state is LR_SYNC (rule: enter-from-parent)',
  },
  {
    rule: 'enter-condition',
    says: 'upload folder state, note: from the synchronize state only with UPS_UPLOAD_ONLY and UPS_ONE_FOLDER',
    legal: (f) => void enter(synchronizing(UPS_UPLOAD_ONLY | UPS_ONE_FOLDER, f), LR_SYNC_UPLOAD_FOLDER),
    // The synchronize state page's own example: upload only, these folders.
    setup: (f) => void synchronizing(UPS_UPLOAD_ONLY | UPS_THESE_FOLDERS, f),
    call: (f) => f.SyncBeg(LR_SYNC_UPLOAD_FOLDER, ppv()),
    method: 'SyncBeg',
    message:
      'IOSTX::SyncBeg(LR_SYNC_UPLOAD_FOLDER): state LR_SYNC_UPLOAD_FOLDER can be entered from LR_SYNC only when ' +
      'SYNC.ulFlags carries UPS_UPLOAD_ONLY and UPS_ONE_FOLDER, and SYNC.ulFlags is 0x00000081; otherwise it is entered ' +
      `from LR_SYNC_UPLOAD_HIERARCHY (${LEARN}upload-folder-state, the note on uploading one folder) (rule: enter-condition)`,
  },
  {
    rule: 'enter-condition',
    says: 'SYNC: one direction per pass; a download-only pass does not upload the hierarchy',
    legal: (f) => void enter(synchronizing(UPS_UPLOAD_ONLY, f), LR_SYNC_UPLOAD_HIERARCHY),
    setup: (f) => void synchronizing(UPS_DNLOAD_ONLY, f),
    call: (f) => f.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, ppv()),
    method: 'SyncBeg',
    message: /^IOSTX::SyncBeg\(LR_SYNC_UPLOAD_HIERARCHY\): .* only when SYNC.ulFlags carries no UPS_DNLOAD_ONLY, and SYNC.ulFlags is 0x00000002 .*\(rule: enter-condition\)$/,
  },
  {
    rule: 'enter-condition',
    says: 'SYNC: one direction per pass; an upload-only pass does not download the hierarchy',
    legal: (f) => void enter(synchronizing(UPS_DNLOAD_ONLY, f), LR_SYNC_DOWNLOAD_HIERARCHY),
    setup: (f) => void synchronizing(UPS_UPLOAD_ONLY, f),
    call: (f) => f.SyncBeg(LR_SYNC_DOWNLOAD_HIERARCHY, ppv()),
    method: 'SyncBeg',
    message: /^IOSTX::SyncBeg\(LR_SYNC_DOWNLOAD_HIERARCHY\): .* only when SYNC.ulFlags carries no UPS_UPLOAD_ONLY, and SYNC.ulFlags is 0x00000001 .*\(rule: enter-condition\)$/,
  },
  {
    rule: 'initial-state',
    says: 'idle state: entered from no state; the store returns to it when the synchronize state ends (SyncBeg lists LR_SYNC_IDLE all the same)',
    legal: (f) => {
      synchronizing(UPS_UPLOAD_ONLY | UPS_OK, f);
      ok(f.SetSyncResult(S_OK));
      ok(f.SyncEnd());
      expect(f.state).toBe('LR_SYNC_IDLE');
    },
    setup: (f) => void f.InitSync(0),
    call: (f) => f.SyncBeg(LR_SYNC_IDLE, ppv()),
    method: 'SyncBeg',
    message:
      'IOSTX::SyncBeg(LR_SYNC_IDLE): LR_SYNC_IDLE is the initial state: the idle state page gives no state it is entered ' +
      'from (From this state: Not applicable); a store is idle before replication starts and returns to it when SyncEnd ' +
      'leaves the synchronize state, although the SyncBeg page lists LR_SYNC_IDLE among its state identifiers ' +
      `(${LEARN}idle-state) (rule: initial-state)`,
  },
  {
    rule: 'known-state',
    says: 'SYNCSTATE: 7 is no state',
    legal: (f) => void enter(synchronizing(0, f)),
    setup: (f) => void f.InitSync(0),
    call: (f) => f.SyncBeg(7, ppv()),
    method: 'SyncBeg',
    message: /^IOSTX::SyncBeg\(7\): 7 is not a state of IOSTX \(states: LR_SYNC_IDLE 0, LR_SYNC 1, .*LR_SYNC_DOWNLOAD_HEADER 17\) \(rule: known-state\)$/,
  },
  {
    rule: 'known-state',
    says: 'SyncBeg does not list LR_SYNC_DOWNLOAD_HEADER; the download message header state is entered upon SyncHdrBeg',
    legal: (f) => {
      ok(f.InitSync(0));
      ok(f.SyncHdrBeg(0, null, ppv()));
    },
    setup: (f) => void f.InitSync(0),
    call: (f) => f.SyncBeg(LR_SYNC_DOWNLOAD_HEADER, ppv()),
    method: 'SyncBeg',
    message: 'IOSTX::SyncBeg(LR_SYNC_DOWNLOAD_HEADER): state LR_SYNC_DOWNLOAD_HEADER is entered by SyncHdrBeg, not SyncBeg (rule: known-state)',
  },
  {
    rule: 'result-before-leave',
    says: 'SetSyncResult: call it before SyncEnd',
    legal: (f) => {
      synchronizing(UPS_UPLOAD_ONLY, f);
      ok(f.SetSyncResult(MAPI_E_NETWORK_ERROR));
      ok(f.SyncEnd());
    },
    setup: (f) => void synchronizing(UPS_UPLOAD_ONLY, f),
    call: (f) => f.SyncEnd(),
    method: 'SyncEnd',
    message: 'IOSTX::SyncEnd(): state LR_SYNC has no result; call SetSyncResult before SyncEnd (rule: result-before-leave)',
  },
  {
    rule: 'paired-leave',
    says: 'SyncHdrEnd ends the download message header state SyncHdrBeg entered; SyncEnd ends what SyncBeg began',
    legal: (f) => {
      ok(f.InitSync(0));
      ok(f.SyncHdrBeg(0, null, ppv()));
      ok(f.SyncHdrEnd(null));
    },
    setup: (f) => {
      f.InitSync(0);
      f.SyncHdrBeg(0, null, ppv());
    },
    call: (f) => f.SyncEnd(),
    method: 'SyncEnd',
    message:
      'IOSTX::SyncEnd(): the current state LR_SYNC_DOWNLOAD_HEADER was entered by SyncHdrBeg and is left by SyncHdrEnd, not SyncEnd (rule: paired-leave)',
  },
  {
    rule: 'leave-in-state',
    says: 'SyncEnd: one for each SyncBeg; in the idle state there is none to end',
    legal: (f) => {
      synchronizing(0, f);
      ok(f.SetSyncResult(MAPI_E_NETWORK_ERROR));
      ok(f.SyncEnd());
    },
    setup: (f) => void f.InitSync(0),
    call: (f) => f.SyncEnd(),
    method: 'SyncEnd',
    message: 'IOSTX::SyncEnd(): there is no state to leave, the current state is the initial state LR_SYNC_IDLE (rule: leave-in-state)',
  },
  {
    rule: 'ok-flag',
    says: 'worked example, step 6: on success the client sets UPF_OK and reports S_OK; on failure neither',
    legal: (f) => {
      const upfld = enter(synchronizing(UPS_UPLOAD_ONLY, f), LR_SYNC_UPLOAD_HIERARCHY, LR_SYNC_UPLOAD_FOLDER);
      upfld.ulFlags = (upfld.ulFlags as number) | UPF_OK;
      ok(f.SetSyncResult(S_OK));
      ok(f.SyncEnd());
    },
    setup: (f) => {
      enter(synchronizing(UPS_UPLOAD_ONLY, f), LR_SYNC_UPLOAD_HIERARCHY, LR_SYNC_UPLOAD_FOLDER);
      f.SetSyncResult(S_OK);
    },
    call: (f) => f.SyncEnd(),
    method: 'SyncEnd',
    message:
      'IOSTX::SyncEnd(): state LR_SYNC_UPLOAD_FOLDER reported S_OK with SetSyncResult, but UPFLD.ulFlags (0x00000000) lacks ' +
      `UPF_OK; a client that completed the state sets UPF_OK (${LEARN}about-the-replication-state-machine, steps 6 and 7) (rule: ok-flag)`,
  },
  {
    rule: 'structure-check',
    says: 'SyncHdrBeg: the client downloads the full item as pmsgFull and, if that succeeded, sets HSF_OK',
    legal: (f) => {
      ok(f.InitSync(0));
      const box = ppv();
      ok(f.SyncHdrBeg(0, null, box));
      Object.assign(box.value as HDRSYNC, { ulFlags: HSF_OK, pmsgFull: new IUnknownMock() });
      ok(f.SyncHdrEnd(null));
    },
    setup: (f) => {
      f.InitSync(0);
      const box = ppv();
      f.SyncHdrBeg(0, null, box);
      (box.value as HDRSYNC).ulFlags = HSF_OK;
    },
    call: (f) => f.SyncHdrEnd(null),
    method: 'SyncHdrEnd',
    message:
      'IOSTX::SyncHdrEnd(pprog = null): state LR_SYNC_DOWNLOAD_HEADER is left, and HDRSYNC.ulFlags carries HSF_OK, so ' +
      'HDRSYNC.pmsgFull is not null is required; HDRSYNC.pmsgFull is null (' +
      `${LEARN}iostx-synchdrbeg: the client downloads the full item as pmsgFull and, if that succeeded, sets HSF_OK) (rule: structure-check)`,
  },
  {
    rule: 'structure-check',
    says: 'HDRSYNC: HSF_LOCAL must be set with HSF_COPYDESTRUCTIVE',
    legal: (f) => {
      ok(f.InitSync(0));
      const box = ppv();
      ok(f.SyncHdrBeg(0, null, box));
      (box.value as HDRSYNC).ulFlags = HSF_COPYDESTRUCTIVE | HSF_LOCAL;
      ok(f.SyncHdrEnd(null));
    },
    setup: (f) => {
      f.InitSync(0);
      const box = ppv();
      f.SyncHdrBeg(0, null, box);
      (box.value as HDRSYNC).ulFlags = HSF_COPYDESTRUCTIVE;
    },
    call: (f) => f.SyncHdrEnd(null),
    method: 'SyncHdrEnd',
    message: /HDRSYNC.ulFlags carries HSF_COPYDESTRUCTIVE, so HDRSYNC.ulFlags carries HSF_LOCAL is required; HDRSYNC.ulFlags is 0x00000010 .*\(rule: structure-check\)$/,
  },
  {
    rule: 'known-flags',
    says: 'GetLastError: ulFlags must be 0',
    legal: (f) => ok(f.GetLastError(S_OK, 0, out<LPMAPIERROR>())),
    setup: () => undefined,
    call: (f) => f.GetLastError(S_OK, MAPI_UNICODE, out<LPMAPIERROR>()),
    method: 'GetLastError',
    message:
      'IOSTX::GetLastError(hResult = S_OK, ulFlags = 2147483648, lppMAPIError = [out]): ulFlags = 0x80000000 carries flags ' +
      `IOSTX::GetLastError does not take (it must be 0) (${LEARN}iostx-getlasterror: ulFlags must be 0) (rule: known-flags)`,
  },
  {
    rule: 'init-first',
    says: 'InitSync: it tells the store that synchronization is about to start (the fake requires it first)',
    legal: (f) => void synchronizing(0, f),
    setup: () => undefined,
    call: (f) => f.SyncBeg(LR_SYNC, ppv()),
    method: 'SyncBeg',
    message: /^IOSTX::SyncBeg\(LR_SYNC\): InitSync must be the first call of a session, and it has not been called \(rule: init-first; the fake's choice: .*\)$/,
  },
  {
    rule: 'init-once',
    says: 'the pages do not say whether InitSync may come again (the fake: not while a state is entered)',
    legal: (f) => {
      ok(f.InitSync(0));
      ok(f.InitSync(0));
    },
    setup: (f) => void synchronizing(0, f),
    call: (f) => f.InitSync(0),
    method: 'InitSync',
    message: /^IOSTX::InitSync\(ulFlags = 0\): a session is under way, the current state is LR_SYNC; .* \(rule: init-once; the fake's choice: the pages do not say .*\)$/,
  },
  {
    rule: 'result-in-state',
    says: 'the pages do not say what SetSyncResult outside a state means (the fake refuses it)',
    legal: (f) => {
      synchronizing(0, f);
      ok(f.SetSyncResult(MAPI_E_NETWORK_ERROR));
    },
    setup: (f) => void f.InitSync(0),
    call: (f) => f.SetSyncResult(S_OK),
    method: 'SetSyncResult',
    message: /^IOSTX::SetSyncResult\(hrSync = S_OK\): there is no state to record a result for, .* \(rule: result-in-state; the fake's choice: .*\)$/,
  },
];

describe('IOSTXFake: each rule, legal and illegal', () => {
  it('covers every rule of the runtime but the store’s own refusals', () => {
    expect([...new Set(cases.map((c) => c.rule))].sort()).toEqual(protocolRules.filter((r) => r !== 'refused-by-fake').sort());
  });

  it('fails with the protocol’s violation HRESULT, a failure, the fake’s choice', () => {
    expect(protocol.violation).toBe('E_UNEXPECTED');
    expect(VIOLATION).toBeLessThan(0);
    expect(protocol.choices?.violation).toMatch(/^no IOSTX method page documents a return value/);
  });

  it.each(cases)('$rule ($says): the legal sequence passes', ({ legal }) => {
    const fake = new IOSTXFake();
    legal(fake);
    expect(fake.violations).toEqual([]);
  });

  it.each(cases)('$rule ($says): the illegal call returns the violation HRESULT, changes nothing, and GetLastError says why', ({ rule, setup, call, method, message }) => {
    const fake = new IOSTXFake();
    setup(fake);
    expect(fake.violations).toEqual([]);
    const stack = fake.stack;
    const transitions = fake.transitions.length;
    expect(call(fake)).toBe(VIOLATION);
    expect(fake.violations).toEqual([{ rule, method, message: typeof message === 'string' ? message : expect.stringMatching(message) }]);
    const text = fake.violations[0].message;
    expect(fake.stack).toEqual(stack);
    expect(fake.transitions).toHaveLength(transitions);
    const error = out<LPMAPIERROR>();
    expect(fake.GetLastError(VIOLATION, 0, error)).toBe(S_OK);
    expect(error.value).toEqual({ ulVersion: 0, lpszError: text, lpszComponent: 'IOSTX fake', ulLowLevelError: 0, ulContext: 0 });
    expect(() => fake.assertIdle()).toThrow(text);
    expect(() => fake.assertIdle()).toThrow(/each violation returned E_UNEXPECTED \(the fake's choice: no IOSTX method page documents a return value/);
  });
});

/** Each state's success flag (its page), and how to reach the state. */
const flags: ReadonlyArray<{ state: string; path: number[]; flag: number; name: string; each?: 'pupre' | 'pupde' }> = [
  { state: 'LR_SYNC', path: [], flag: UPS_OK, name: 'UPS_OK' },
  { state: 'LR_SYNC_UPLOAD_HIERARCHY', path: [LR_SYNC_UPLOAD_HIERARCHY], flag: UPH_OK, name: 'UPH_OK' },
  { state: 'LR_SYNC_UPLOAD_FOLDER', path: [LR_SYNC_UPLOAD_HIERARCHY, LR_SYNC_UPLOAD_FOLDER], flag: UPF_OK, name: 'UPF_OK' },
  { state: 'LR_SYNC_CONTENTS', path: [LR_SYNC_CONTENTS], flag: UPC_OK, name: 'UPC_OK' },
  { state: 'LR_SYNC_UPLOAD_TABLE', path: [LR_SYNC_CONTENTS, LR_SYNC_UPLOAD_TABLE], flag: UPT_OK, name: 'UPT_OK' },
  { state: 'LR_SYNC_UPLOAD_MESSAGE', path: [LR_SYNC_CONTENTS, LR_SYNC_UPLOAD_TABLE, LR_SYNC_UPLOAD_MESSAGE], flag: UPM_OK, name: 'UPM_OK' },
  { state: 'LR_SYNC_UPLOAD_MESSAGE_READ', path: [LR_SYNC_CONTENTS, LR_SYNC_UPLOAD_TABLE, LR_SYNC_UPLOAD_MESSAGE_READ], flag: UPR_OK, name: 'UPR_OK', each: 'pupre' },
  { state: 'LR_SYNC_UPLOAD_MESSAGE_DEL', path: [LR_SYNC_CONTENTS, LR_SYNC_UPLOAD_TABLE, LR_SYNC_UPLOAD_MESSAGE_DEL], flag: UPD_OK, name: 'UPD_OK', each: 'pupde' },
  { state: 'LR_SYNC_DOWNLOAD_HIERARCHY', path: [LR_SYNC_DOWNLOAD_HIERARCHY], flag: DNH_OK, name: 'DNH_OK' },
  { state: 'LR_SYNC_DOWNLOAD_TABLE', path: [LR_SYNC_CONTENTS, LR_SYNC_DOWNLOAD_TABLE], flag: DNT_OK, name: 'DNT_OK' },
];

describe('IOSTXFake: the success flag of every state against the result SetSyncResult records', () => {
  /** A fake in `state`; read status and deletions have two entries each (Outlook fills them on entry). */
  function inState(path: number[], pass: number): { fake: IOSTXFake; structure: Record<string, unknown> } {
    const fake = new IOSTXFake();
    // The generated type of a size_is'd typedef pointer is the pointer's (PUPREADE), not an array: cast.
    fake.onEnter('LR_SYNC_UPLOAD_MESSAGE_READ', (upread) => {
      upread.pupre = [0, 1].map(() => ({ ...(structs.UPREADE.zero as object), ulFlags: UPR_READ })) as unknown as UPREAD['pupre'];
      upread.cEnt = 2;
    });
    fake.onEnter('LR_SYNC_UPLOAD_MESSAGE_DEL', (updel) => {
      updel.pupde = [0, 1].map(() => ({ ...(structs.UPDELE.zero as object) })) as unknown as UPDEL['pupde'];
      updel.cEnt = 2;
    });
    const sync = synchronizing(pass, fake);
    const structure = path.length ? enter(sync, ...path) : (fake.stack[0].structure as Record<string, unknown>);
    return { fake, structure };
  }

  const set = (structure: Record<string, unknown>, each: string | undefined, flag: number, entries = Infinity): void => {
    if (each === undefined) structure.ulFlags = (structure.ulFlags as number) | flag;
    else (structure[each] as Array<{ ulFlags: number }>).slice(0, entries).forEach((e) => (e.ulFlags |= flag));
  };
  const passOf = (state: string) => (state.includes('DOWNLOAD') ? UPS_DNLOAD_ONLY : UPS_UPLOAD_ONLY);

  it.each(flags)('$state: $name with S_OK, or neither, is left; S_OK without it is refused', ({ state, path, flag, name, each }) => {
    const done = inState(path, passOf(state));
    set(done.structure, each, flag);
    ok(done.fake.SetSyncResult(S_OK));
    expect(done.fake.SyncEnd()).toBe(S_OK);

    const failed = inState(path, passOf(state));
    ok(failed.fake.SetSyncResult(MAPI_E_NETWORK_ERROR));
    expect(failed.fake.SyncEnd()).toBe(S_OK);

    const claimed = inState(path, passOf(state));
    if (each !== undefined) set(claimed.structure, each, flag, 1); // one entry of two
    ok(claimed.fake.SetSyncResult(S_OK));
    expect(claimed.fake.SyncEnd()).toBe(VIOLATION);
    expect(claimed.fake.violations.map((v) => [v.rule, v.message.includes(`lacks ${name}`)])).toEqual([['ok-flag', true]]);
    expect(claimed.fake.state).toBe(state);
  });

  it.each(flags.filter((f) => f.each === undefined))('$state: $name with a failure is refused', ({ state, path, flag, name }) => {
    const { fake, structure } = inState(path, passOf(state));
    set(structure, undefined, flag);
    ok(fake.SetSyncResult(MAPI_E_NETWORK_ERROR));
    expect(fake.SyncEnd()).toBe(VIOLATION);
    expect(fake.violations[0].message).toContain(`carries ${name}, which a client sets only when the state succeeded`);
  });

  it('the download message header state checks HSF_OK when a result is recorded, and needs none', () => {
    const fake = new IOSTXFake();
    ok(fake.InitSync(0));
    const box = ppv();
    ok(fake.SyncHdrBeg(0, null, box));
    ok(fake.SetSyncResult(S_OK));
    expect(fake.SyncHdrEnd(null)).toBe(VIOLATION);
    expect(fake.violations[0].message).toContain('lacks HSF_OK');
    Object.assign(box.value as HDRSYNC, { ulFlags: HSF_OK, pmsgFull: new IUnknownMock() });
    expect(fake.SyncHdrEnd(null)).toBe(S_OK);
  });
});
