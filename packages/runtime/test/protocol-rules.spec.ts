/**
 * The rules a description states beyond parents and pairing: conditions on the parent's structure, the
 * success flag against the recorded result (in the structure or in each entry of a vector), structure
 * checks when a state is left, the flags a parameter may carry, refusals of the fake's own hooks; and the
 * structures a fake lends while their states are entered. Each with a call that keeps the rule and one
 * that breaks it.
 */
import {
  E_UNEXPECTED,
  MAPI_E_NETWORK_ERROR,
  MAPI_E_NOT_FOUND,
  S_OK,
  inOut,
  lentStructures,
  out,
  type HRESULT,
} from '../src/index.js';
import { ProtocolRefusal } from '../src/mocks.js';
import {
  HSF_COPYDESTRUCTIVE,
  HSF_LOCAL,
  HSF_OK,
  IOSTXFake,
  LR_SYNC,
  LR_SYNC_CONTENTS,
  LR_SYNC_DOWNLOAD_HIERARCHY,
  LR_SYNC_UPLOAD_FOLDER,
  LR_SYNC_UPLOAD_HIERARCHY,
  LR_SYNC_UPLOAD_MESSAGE_READ,
  LR_SYNC_UPLOAD_TABLE,
  MAPI_UNICODE,
  UPF_NEW,
  UPF_OK,
  UPR_OK,
  UPR_READ,
  UPS_DNLOAD_ONLY,
  UPS_ONE_FOLDER,
  UPS_UPLOAD_ONLY,
  type HDRSYNC,
  type MAPIERROR,
  type SYNC,
  type UPFLD,
} from './mapi-sync-doubles.js';

const PAGE = 'https://learn.microsoft.com/office/client-developer/outlook/mapi/';

/** A fake in the synchronize state whose SYNC carries `flags`. */
function synchronizing(flags: number): IOSTXFake {
  const fake = new IOSTXFake();
  const ppv = inOut<unknown>(null);
  fake.InitSync(0);
  fake.SyncBeg(LR_SYNC, ppv);
  (ppv.value as SYNC).ulFlags = flags;
  return fake;
}

/** `call` breaks `rule` with `message`: it returns E_UNEXPECTED, changes no state, and GetLastError says why. */
function expectBroken(fake: IOSTXFake, call: (f: IOSTXFake) => HRESULT, rule: string, message: string): void {
  const stack = fake.stack.map((f) => f.state);
  expect(call(fake)).toBe(E_UNEXPECTED);
  expect(fake.violations.at(-1)).toEqual({ rule, method: expect.any(String), message });
  expect(fake.stack.map((f) => f.state)).toEqual(stack);
  const error = out<MAPIERROR | null>();
  expect(fake.GetLastError(E_UNEXPECTED, 0, error)).toBe(S_OK);
  expect(error.value?.lpszError).toBe(message);
}

describe('enter-condition: a parent edge whose condition the parent structure must meet', () => {
  it('enters the upload folder state from the synchronize state when SYNC.ulFlags carries UPS_UPLOAD_ONLY and UPS_ONE_FOLDER', () => {
    const fake = synchronizing(UPS_UPLOAD_ONLY | UPS_ONE_FOLDER);
    expect(fake.SyncBeg(LR_SYNC_UPLOAD_FOLDER, inOut<unknown>(null))).toBe(S_OK);
    expect(fake.state).toBe('LR_SYNC_UPLOAD_FOLDER');
  });

  it('refuses it otherwise, naming the condition, the value, the other parent and the page', () => {
    expectBroken(
      synchronizing(UPS_UPLOAD_ONLY),
      (f) => f.SyncBeg(LR_SYNC_UPLOAD_FOLDER, inOut<unknown>(null)),
      'enter-condition',
      'IOSTX::SyncBeg(LR_SYNC_UPLOAD_FOLDER): state LR_SYNC_UPLOAD_FOLDER can be entered from LR_SYNC only when ' +
        'SYNC.ulFlags carries UPS_UPLOAD_ONLY and UPS_ONE_FOLDER, and SYNC.ulFlags is 0x00000001; otherwise it is ' +
        `entered from LR_SYNC_UPLOAD_HIERARCHY (${PAGE}upload-folder-state) (rule: enter-condition)`,
    );
    // The hierarchy path needs no condition.
    const fake = synchronizing(UPS_UPLOAD_ONLY);
    expect(fake.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, inOut<unknown>(null))).toBe(S_OK);
    expect(fake.SyncBeg(LR_SYNC_UPLOAD_FOLDER, inOut<unknown>(null))).toBe(S_OK);
  });

  it('tests the structure as the client left it when it enters the child, and hasNone conditions', () => {
    const fake = synchronizing(UPS_DNLOAD_ONLY);
    expectBroken(
      fake,
      (f) => f.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, inOut<unknown>(null)),
      'enter-condition',
      'IOSTX::SyncBeg(LR_SYNC_UPLOAD_HIERARCHY): state LR_SYNC_UPLOAD_HIERARCHY can be entered from LR_SYNC only when ' +
        'SYNC.ulFlags carries no UPS_DNLOAD_ONLY, and SYNC.ulFlags is 0x00000002 (rule: enter-condition)',
    );
    expect(fake.SyncBeg(LR_SYNC_DOWNLOAD_HIERARCHY, inOut<unknown>(null))).toBe(S_OK);
    const upload = synchronizing(0);
    (upload.stack[0].structure as SYNC).ulFlags = UPS_UPLOAD_ONLY;
    expect(upload.SyncBeg(LR_SYNC_DOWNLOAD_HIERARCHY, inOut<unknown>(null))).toBe(E_UNEXPECTED);
    expect(upload.violations.map((v) => v.rule)).toEqual(['enter-condition']);
  });
});

/** Enters the upload folder state from the upload hierarchy state; the UPFLD. */
function inFolder(fake: IOSTXFake): UPFLD {
  const ppv = inOut<unknown>(null);
  fake.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, ppv);
  fake.SyncBeg(LR_SYNC_UPLOAD_FOLDER, ppv);
  return ppv.value as UPFLD;
}

describe('ok-flag: the success flag against the result recorded with SetSyncResult', () => {
  it('leaves a state that reported S_OK with its flag set, and one that reported a failure without it', () => {
    const fake = synchronizing(UPS_UPLOAD_ONLY);
    inFolder(fake).ulFlags |= UPF_OK;
    fake.SetSyncResult(S_OK);
    expect(fake.SyncEnd()).toBe(S_OK);
    expect(fake.SyncBeg(LR_SYNC_UPLOAD_FOLDER, inOut<unknown>(null))).toBe(S_OK);
    fake.SetSyncResult(MAPI_E_NETWORK_ERROR);
    expect(fake.SyncEnd()).toBe(S_OK);
    expect(fake.violations).toEqual([]);
  });

  it('refuses S_OK without the flag, and a failure with it', () => {
    const fake = synchronizing(UPS_UPLOAD_ONLY);
    const upfld = inFolder(fake);
    upfld.ulFlags = UPF_NEW;
    fake.SetSyncResult(S_OK);
    expectBroken(
      fake,
      (f) => f.SyncEnd(),
      'ok-flag',
      'IOSTX::SyncEnd(): state LR_SYNC_UPLOAD_FOLDER reported S_OK with SetSyncResult, but UPFLD.ulFlags (0x00000001) ' +
        `lacks UPF_OK; a client that completed the state sets UPF_OK (${PAGE}about-the-replication-state-machine) (rule: ok-flag)`,
    );
    upfld.ulFlags |= UPF_OK;
    fake.SetSyncResult(MAPI_E_NETWORK_ERROR);
    expectBroken(
      fake,
      (f) => f.SyncEnd(),
      'ok-flag',
      'IOSTX::SyncEnd(): state LR_SYNC_UPLOAD_FOLDER reported MAPI_E_NETWORK_ERROR with SetSyncResult, but ' +
        'UPFLD.ulFlags (0x00010001) carries UPF_OK, which a client sets only when the state succeeded ' +
        `(${PAGE}about-the-replication-state-machine) (rule: ok-flag)`,
    );
    // Put right, the state is left.
    fake.SetSyncResult(S_OK);
    expect(fake.SyncEnd()).toBe(S_OK);
  });

  it('checks every entry of a vector (UPREAD.pupre) on success, none on failure', () => {
    const fake = synchronizing(UPS_UPLOAD_ONLY);
    const entries = [
      { ulFlags: UPR_READ, skey: null },
      { ulFlags: UPR_READ, skey: null },
    ];
    fake.onEnter('LR_SYNC_UPLOAD_MESSAGE_READ', (upread) => {
      upread.pupre = entries;
      upread.cEnt = entries.length;
    });
    fake.SyncBeg(LR_SYNC_CONTENTS, inOut<unknown>(null));
    fake.SyncBeg(LR_SYNC_UPLOAD_TABLE, inOut<unknown>(null));
    fake.SyncBeg(LR_SYNC_UPLOAD_MESSAGE_READ, inOut<unknown>(null));
    entries[0].ulFlags |= UPR_OK;
    fake.SetSyncResult(S_OK);
    expectBroken(
      fake,
      (f) => f.SyncEnd(),
      'ok-flag',
      'IOSTX::SyncEnd(): state LR_SYNC_UPLOAD_MESSAGE_READ reported S_OK with SetSyncResult, but UPREAD.pupre[1].ulFlags ' +
        '(0x00000002) lacks UPR_OK; on success the client sets UPR_OK in every entry (rule: ok-flag)',
    );
    fake.SetSyncResult(MAPI_E_NETWORK_ERROR);
    expect(fake.SyncEnd()).toBe(S_OK);
  });
});

describe('structure-check: rules on the structure when the state is left', () => {
  const header = (fake: IOSTXFake): HDRSYNC => {
    const ppv = inOut<unknown>(null);
    fake.InitSync(0);
    fake.SyncHdrBeg(0, null, ppv);
    return ppv.value as HDRSYNC;
  };

  it('HSF_OK needs the full item in pmsgFull', () => {
    const fake = new IOSTXFake();
    const hdr = header(fake);
    hdr.ulFlags = HSF_OK;
    expectBroken(
      fake,
      (f) => f.SyncHdrEnd(null),
      'structure-check',
      'IOSTX::SyncHdrEnd(pprog = null): state LR_SYNC_DOWNLOAD_HEADER is left, and HDRSYNC.ulFlags carries HSF_OK, ' +
        `so HDRSYNC.pmsgFull is not null is required; HDRSYNC.pmsgFull is null (${PAGE}iostx-synchdrbeg) (rule: structure-check)`,
    );
    hdr.pmsgFull = { full: true };
    expect(fake.SyncHdrEnd(null)).toBe(S_OK);
  });

  it('HSF_COPYDESTRUCTIVE needs HSF_LOCAL', () => {
    const fake = new IOSTXFake();
    const hdr = header(fake);
    hdr.ulFlags = HSF_COPYDESTRUCTIVE;
    expectBroken(
      fake,
      (f) => f.SyncHdrEnd(null),
      'structure-check',
      'IOSTX::SyncHdrEnd(pprog = null): state LR_SYNC_DOWNLOAD_HEADER is left, and HDRSYNC.ulFlags carries ' +
        'HSF_COPYDESTRUCTIVE, so HDRSYNC.ulFlags carries HSF_LOCAL is required; HDRSYNC.ulFlags is 0x00000010 (rule: structure-check)',
    );
    hdr.ulFlags |= HSF_LOCAL;
    expect(fake.SyncHdrEnd(null)).toBe(S_OK);
  });
});

describe('known-flags: the flags a parameter may carry', () => {
  it('takes GetLastError with ulFlags 0 and refuses MAPI_UNICODE, as the page says it must be 0', () => {
    const fake = new IOSTXFake();
    const error = out<MAPIERROR | null>();
    expect(fake.GetLastError(S_OK, 0, error)).toBe(S_OK);
    expect(fake.GetLastError(S_OK, MAPI_UNICODE, out<MAPIERROR | null>())).toBe(E_UNEXPECTED);
    expect(fake.violations).toEqual([
      {
        rule: 'known-flags',
        method: 'GetLastError',
        message:
          'IOSTX::GetLastError(hResult = S_OK, ulFlags = 2147483648, lppMAPIError = [out]): ulFlags = 0x80000000 carries ' +
          `flags IOSTX::GetLastError does not take (it must be 0) (${PAGE}iostx-getlasterror) (rule: known-flags)`,
      },
    ]);
  });
});

describe('refused-by-fake: a hook refuses a call', () => {
  it('records the refusal as a violation that says it is the fake’s choice, and returns its HRESULT', () => {
    const fake = new IOSTXFake();
    fake.onEnter('LR_SYNC', () => {
      throw new ProtocolRefusal('no folder of the store is left to synchronize', MAPI_E_NOT_FOUND);
    });
    fake.InitSync(0);
    const ppv = inOut<unknown>(null);
    expect(fake.SyncBeg(LR_SYNC, ppv)).toBe(MAPI_E_NOT_FOUND);
    expect(ppv.value).toBeNull();
    expect(fake.state).toBe('LR_SYNC_IDLE');
    expect(fake.violations).toEqual([
      {
        rule: 'refused-by-fake',
        method: 'SyncBeg',
        message:
          "IOSTX::SyncBeg(LR_SYNC): no folder of the store is left to synchronize (the fake's choice: the pages do not say) " +
          '(rule: refused-by-fake)',
      },
    ]);
  });
});

describe('lent structures', () => {
  it('are the structures of the entered states, outermost first, with their layouts’ names', () => {
    const fake = synchronizing(UPS_UPLOAD_ONLY);
    const upfld = inFolder(fake);
    const lent = fake[lentStructures]();
    expect(lent.map((l) => l.struct)).toEqual(['SYNC', 'UPHIER', 'UPFLD']);
    expect(lent[2].value).toBe(upfld);
    upfld.ulFlags |= UPF_OK;
    fake.SetSyncResult(S_OK);
    fake.SyncEnd();
    expect(fake[lentStructures]().map((l) => l.struct)).toEqual(['SYNC', 'UPHIER']);
  });
});
