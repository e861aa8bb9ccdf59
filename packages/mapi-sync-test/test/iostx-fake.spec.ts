/**
 * The generated IOSTXFake used directly (no channel): the upload hierarchy worked example of the state
 * machine overview page (steps 1-9), a download table inside the synchronize contents state, a download
 * header pair, GetLastError, and the structure each state hands out (zero-initialized, with the fields of
 * its entry in `structs`). Each rule with a legal and an illegal sequence is in iostx-rules.spec.ts.
 */
import { MAPI_E_NETWORK_ERROR, S_OK, inOut, out, parentEdges, protocolHresult, type HRESULT, type StateMachineProtocol, type StructRecord } from '@comidl/runtime';
import {
  DNT_OK,
  HSF_OK,
  LR_SYNC,
  LR_SYNC_CONTENTS,
  LR_SYNC_DOWNLOAD_TABLE,
  LR_SYNC_IDLE,
  LR_SYNC_UPLOAD_FOLDER,
  LR_SYNC_UPLOAD_HIERARCHY,
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
  type DNTBL,
  type HDRSYNC,
  type IMAPIProgress,
  type LPMAPIERROR,
  type LPVOID,
  type SYNC,
  type SYNCCONT,
  type UPFLD,
  type UPHIER,
} from '@mapi-sync/interfaces';
import { IMAPIProgressFake, IOSTXFake, IOSTXProtocol, IUnknownMock } from '@mapi-sync/mocks';

const protocol = IOSTXProtocol as StateMachineProtocol;
const VIOLATION = protocolHresult(protocol.violation)!;
const ppv = (): { value: LPVOID } => inOut<LPVOID>(null);

/** Throws unless the call succeeded: the client code of a store provider. */
function ok(hr: HRESULT): void {
  if (hr < 0) throw new Error(`failed: 0x${(hr >>> 0).toString(16)}`);
}

describe('IOSTXFake: the upload hierarchy worked example (about-the-replication-state-machine, steps 1-9)', () => {
  /** Three folders out of sync: a new one, a moved one, one with changed properties. */
  const reasons = [UPF_NEW, UPF_MOD_PARENT, UPF_MOD_PROPS];

  function outlook(): IOSTXFake {
    const fake = new IOSTXFake();
    // Step 2: Outlook fills UPHIER's [out] members: iEnt 0, cEnt the number of folders to upload.
    fake.onEnter('LR_SYNC_UPLOAD_HIERARCHY', (uphier) => {
      uphier.iEnt = 0;
      uphier.cEnt = reasons.length;
    });
    // Step 4: Outlook fills UPFLD's [out] members: the reason, the folder object, its entry ID.
    fake.onEnter('LR_SYNC_UPLOAD_FOLDER', (upfld) => {
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
    fake.onEnter('LR_SYNC_CONTENTS', (contents) => {
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
      expect(frame.structure.ulFlags & HSF_OK).toBe(HSF_OK);
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

describe('IOSTXFake: GetLastError', () => {
  it('answers null before any violation, and the last violation after several', () => {
    const fake = new IOSTXFake();
    const error = out<LPMAPIERROR>();
    expect(fake.GetLastError(S_OK, 0, error)).toBe(S_OK);
    expect(error.value).toBeNull();
    expect(fake.SyncEnd()).toBe(VIOLATION);
    expect(fake.SetSyncResult(S_OK)).toBe(VIOLATION);
    expect(fake.GetLastError(VIOLATION, 0, error)).toBe(S_OK);
    expect(error.value?.lpszError).toMatch(/^IOSTX::SetSyncResult\(hrSync = S_OK\): .*\(rule: result-in-state; the fake's choice: .*\)$/);
    expect(error.value?.lpszComponent).toBe('IOSTX fake');
    expect(fake.violations.map((v) => v.rule)).toEqual(['leave-in-state', 'result-in-state']);
  });
});

describe('IOSTXFake: the structure of each state', () => {
  const layouts: StructRecord = structs;
  const value = (name: string): number => protocol.constants![name]!;

  it('plays the states of the protocol with the values of the generated SYNCSTATE', () => {
    expect(protocol.initial).toBe('LR_SYNC_IDLE');
    expect(SYNCSTATE.LR_SYNC_IDLE).toBe(LR_SYNC_IDLE);
    for (const state of protocol.states) {
      expect({ state: state.name, value: value(state.name) }).toEqual({ state: state.name, value: SYNCSTATE[state.name as keyof typeof SYNCSTATE] });
      // The initial state is listed for why it is never entered: it has no structure and no parents.
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
    return [...path(parentEdges(state)[0]!.state), name];
  }

  const states = protocol.states.filter((s) => s.name !== protocol.initial).map((s) => ({ state: s.name, structure: s.structure! }));

  it.each(states)('$state hands out a fresh zero-initialized $structure with the fields of structs.$structure', ({ state, structure }) => {
    const fake = new IOSTXFake();
    ok(fake.InitSync(0));
    const box = ppv();
    for (const step of path(state)) {
      ok(step === 'LR_SYNC_DOWNLOAD_HEADER' ? fake.SyncHdrBeg(0, null, box) : fake.SyncBeg(value(step), box));
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

    // Leaving with a failure result needs no success flag.
    for (const frame of [...fake.stack].reverse()) {
      if (frame.enteredBy === 'SyncHdrBeg') ok(fake.SyncHdrEnd(null));
      else {
        ok(fake.SetSyncResult(MAPI_E_NETWORK_ERROR));
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
