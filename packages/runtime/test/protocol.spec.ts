/**
 * validateProtocol: the IOSTX and IMAPIProgress descriptions pass; every mistake a description can make is
 * reported with its JSON path.
 */
import {
  E_UNEXPECTED,
  checkProtocolDescription,
  formatProtocolProblems,
  protocolHresult,
  validateProtocol,
  type ProtocolProblem,
} from '../src/index.js';
import { iostxProtocol, progressProtocol, structs, vtables } from './mapi-sync-doubles.js';

type Json = Record<string, unknown>;

/** The IOSTX description, changed by `edit` on a deep copy. */
function iostx(edit: (d: Json & { methods: Record<string, Json>; states: Json[] }) => void): unknown {
  const copy = structuredClone(iostxProtocol) as unknown as Json & { methods: Record<string, Json>; states: Json[] };
  edit(copy);
  return copy;
}

function progress(edit: (d: Json & { methods: Record<string, Json> }) => void): unknown {
  const copy = structuredClone(progressProtocol) as unknown as Json & { methods: Record<string, Json> };
  edit(copy);
  return copy;
}

const checkIostx = (d: unknown): ProtocolProblem[] => validateProtocol(d, vtables.IOSTX, structs);
const checkProgress = (d: unknown): ProtocolProblem[] => validateProtocol(d, vtables.IMAPIProgress, structs);
const lines = (problems: ProtocolProblem[]): string[] => problems.map((p) => `${p.path}: ${p.message}`);

describe('valid descriptions', () => {
  it('the replication state machine of IOSTX has no problem', () => {
    expect(checkIostx(iostxProtocol)).toEqual([]);
  });

  it('the IMAPIProgress recorder has no problem, nor a recorder without methods', () => {
    expect(checkProgress(progressProtocol)).toEqual([]);
    expect(checkProgress({ kind: 'recorder', interface: 'IMAPIProgress' })).toEqual([]);
    expect(checkProgress(progress((d) => (d.methods.Progress = { role: 'record' })))).toEqual([]);
    expect(checkIostx(iostx((d) => (d.methods.SyncHdrEnd = { role: 'leave' }) && (d.methods.InitSync = { role: 'record' }))))
      .toEqual([]);
  });

  it('members starting with $ are comments', () => {
    expect(checkIostx(iostx((d) => {
      d.$comment = 'the replication state machine';
      (d.methods as Json).$comment = 'roles';
      d.states[1].$comment = 'SYNC';
    }))).toEqual([]);
  });

  it('the initial state may be left out of states', () => {
    expect(checkIostx(iostx((d) => d.states.splice(0, 1)))).toEqual([]);
  });
});

describe('problems with the description as a whole', () => {
  it('not an object', () => {
    expect(lines(checkIostx([]))).toEqual([': a protocol description is a JSON object']);
  });

  it('another interface, an unknown kind, an unknown member', () => {
    expect(lines(checkIostx(iostx((d) => (d.interface = 'IPSTX'))))).toEqual([
      'interface: the description is for "IPSTX", the layout is IOSTX',
    ]);
    expect(lines(checkIostx(iostx((d) => (d.kind = 'machine'))))).toEqual([
      'kind: unknown kind "machine" (known: state-machine, recorder)',
    ]);
    expect(lines(checkIostx(iostx((d) => (d.initialState = 'LR_SYNC_IDLE'))))).toEqual([
      'initialState: unknown member of a state-machine description (known: kind, interface, initial, violation, constants, choices, states, methods, properties)',
    ]);
    expect(lines(checkProgress(progress((d) => (d.states = []))))).toEqual([
      'states: unknown member of a recorder description (known: kind, interface, constants, methods, properties)',
    ]);
    expect(lines(checkProgress(progress((d) => (d.properties = 3))))).toEqual([
      'properties: properties is an object of initial values',
    ]);
  });

  it('initial, violation, states and methods of the wrong kind', () => {
    expect(lines(checkIostx(iostx((d) => {
      d.initial = '';
      d.violation = true;
      d.states = {} as unknown as Json[];
      d.methods = [] as unknown as Record<string, Json>;
    })))).toEqual([
      'initial: initial is the name of the state a session starts in',
      'violation: violation is the HRESULT a violating call returns, e.g. "E_UNEXPECTED"',
      'states: states is an array of { name, value?, structure?, parents?, ok?, checks? }',
      'methods: methods is an object from method name to role',
    ]);
  });

  it('a violation HRESULT that is unknown or a success', () => {
    expect(lines(checkIostx(iostx((d) => (d.violation = 'E_WHATEVER'))))).toEqual([
      'violation: "E_WHATEVER" is not a known HRESULT name or value',
    ]);
    expect(lines(checkIostx(iostx((d) => (d.violation = 'S_FALSE'))))).toEqual([
      'violation: "S_FALSE" is a success code; a violation must fail',
    ]);
    expect(checkIostx(iostx((d) => (d.violation = '0x8000FFFF')))).toEqual([]);
    expect(checkIostx(iostx((d) => (d.violation = E_UNEXPECTED)))).toEqual([]);
  });
});

describe('problems with states', () => {
  it('names and values', () => {
    expect(lines(checkIostx(iostx((d) => {
      d.states.push({ name: 'LR_SYNC', value: 30, parents: ['LR_SYNC_IDLE'] });
      d.states.push({ name: 'LR_SYNC_EXTRA', value: 2, parents: ['LR_SYNC_IDLE'] });
      d.states.push({ name: 'LR_SYNC_FLOAT', value: 2.5, parents: ['LR_SYNC_IDLE'] });
      d.states.push({ value: 40 });
      d.states.push(7 as unknown as Json);
    })))).toEqual([
      'states[12].name: state LR_SYNC is listed twice',
      'states[13].value: 2 is already the value of LR_SYNC_UPLOAD_HIERARCHY',
      'states[14].value: state LR_SYNC_FLOAT needs an integer value (what a state parameter passes)',
      'states[15].name: a state needs a name',
      'states[16]: a state is an object { name, value?, structure?, parents?, ok?, checks? }',
    ]);
  });

  it('structures, parents and unknown members', () => {
    expect(lines(checkIostx(iostx((d) => {
      d.states[2].structure = 'UPHIERX';
      d.states[3].parents = ['LR_SYNC_UPLOAD_HIERARCHY', 'LR_SYNC_UPLOAD'];
      d.states[4].parents = [];
      d.states[5].parents = 'LR_SYNC_CONTENTS';
      d.states[0].parents = ['LR_SYNC'];
      d.states[1].parent = ['LR_SYNC_IDLE'];
    })))).toEqual([
      'states[1].parent: unknown member of a state (known: name, value, structure, parents, ok, checks, neverEntered, source)',
      'states[2].structure: no structure named "UPHIERX" in the type library',
      'states[0].parents: LR_SYNC_IDLE is the initial state; it is never entered, so it has no parents',
      'states[3].parents[1]: unknown state "LR_SYNC_UPLOAD"',
      'states[4].parents: state LR_SYNC_CONTENTS has no parents, so it can never be entered',
      'states[5].parents: parents is an array of state names and { state, when?, source? } edges',
    ]);
  });
});

describe('problems with methods', () => {
  it('methods the layout lacks, placeholders, IUnknown, unknown roles and members', () => {
    expect(lines(checkIostx(iostx((d) => {
      d.methods.SyncBegin = { role: 'init' };
      d.methods.Placeholder10 = { role: 'init' };
      d.methods.AddRef = { role: 'init' };
      d.methods.InitSync = { role: 'start' };
      d.methods.SetSyncResult = { role: 'result', parameter: 'hrSync', param: 'hrSync' };
    })))).toEqual([
      'methods.InitSync.role: unknown role "start" (known: init, enter, result, leave, last-error, set, get, record)',
      'methods.SetSyncResult.param: unknown member of role \'result\' (known: role, flags, source, parameter)',
      "methods.SyncBegin: IOSTX has no method 'SyncBegin'",
      'methods.Placeholder10: IOSTX::Placeholder10 is a placeholder slot; it takes no role',
      "methods.AddRef: IOSTX::AddRef is IUnknown's; it keeps its COM behaviour and takes no role",
    ]);
  });

  it('enter: the state parameter', () => {
    expect(lines(checkIostx(iostx((d) => (d.methods.SyncBeg.stateParameter = 'uiSyncX'))))).toEqual([
      "methods.SyncBeg.stateParameter: IOSTX::SyncBeg has no parameter 'uiSyncX' (its parameters: uiSync, ppv)",
    ]);
    expect(lines(checkIostx(iostx((d) => (d.methods.SyncBeg.stateParameter = 'ppv'))))).toEqual([
      "methods.SyncBeg.stateParameter: IOSTX::SyncBeg's parameter 'ppv' is [in, out]; the state parameter must be [in]",
    ]);
    expect(lines(checkIostx(iostx((d) => (d.methods.SyncBeg.stateParameter = 3))))).toEqual([
      'methods.SyncBeg.stateParameter: the state parameter must be [in]: the name of a parameter of IOSTX::SyncBeg',
    ]);
  });

  it('enter: state and stateParameter, both or neither; a fixed state unknown or initial, or fixed twice', () => {
    expect(lines(checkIostx(iostx((d) => (d.methods.SyncBeg.state = 'LR_SYNC'))))).toEqual([
      'methods.SyncBeg: an enter method takes its state from stateParameter or from state, not both',
    ]);
    expect(lines(checkIostx(iostx((d) => delete d.methods.SyncBeg.stateParameter)))).toEqual([
      'methods.SyncBeg: an enter method needs stateParameter (the state comes from an argument) or state (a fixed state)',
    ]);
    expect(lines(checkIostx(iostx((d) => (d.methods.SyncHdrBeg.state = 'LR_SYNC_HEADER'))))).toEqual([
      'methods.SyncHdrBeg.state: unknown state "LR_SYNC_HEADER"',
    ]);
    expect(lines(checkIostx(iostx((d) => (d.methods.SyncHdrBeg.state = 'LR_SYNC_IDLE'))))).toEqual([
      'methods.SyncHdrBeg.state: LR_SYNC_IDLE is the initial state; it is never entered',
    ]);
    expect(lines(checkIostx(iostx((d) => {
      d.methods.SyncBeg = { role: 'enter', state: 'LR_SYNC_DOWNLOAD_HEADER', structureParameter: 'ppv', pairedWith: 'SyncEnd' };
    })))).toEqual([
      'methods.SyncHdrBeg.state: LR_SYNC_DOWNLOAD_HEADER is already the fixed state of SyncBeg',
    ]);
  });

  it('enter: the structure parameter and pairedWith', () => {
    expect(lines(checkIostx(iostx((d) => (d.methods.SyncHdrBeg.structureParameter = 'lpeid'))))).toEqual([
      "methods.SyncHdrBeg.structureParameter: IOSTX::SyncHdrBeg's parameter 'lpeid' is [in]; the structure parameter must be [out] or [in, out]",
    ]);
    expect(lines(checkIostx(iostx((d) => delete d.methods.SyncHdrBeg.structureParameter)))).toEqual([
      'methods.SyncHdrBeg.structureParameter: states with a structure (LR_SYNC_DOWNLOAD_HEADER) need a structureParameter to return it',
    ]);
    expect(lines(checkIostx(iostx((d) => delete d.methods.SyncBeg.structureParameter)))[0]).toBe(
      'methods.SyncBeg.structureParameter: states with a structure (LR_SYNC, LR_SYNC_UPLOAD_HIERARCHY, ' +
        'LR_SYNC_UPLOAD_FOLDER, LR_SYNC_CONTENTS, LR_SYNC_UPLOAD_TABLE, LR_SYNC_UPLOAD_MESSAGE, LR_SYNC_UPLOAD_MESSAGE_READ, ' +
        'LR_SYNC_UPLOAD_MESSAGE_DEL, LR_SYNC_DOWNLOAD_HIERARCHY, LR_SYNC_DOWNLOAD_TABLE) need a structureParameter to return it',
    );
    expect(lines(checkIostx(iostx((d) => delete d.methods.SyncHdrBeg.pairedWith)))).toEqual([
      'methods.SyncHdrBeg.pairedWith: an enter method needs pairedWith: the leave method that ends its states',
      'methods.SyncHdrEnd: no enter method names SyncHdrEnd in pairedWith, so it can never leave a state',
    ]);
    expect(lines(checkIostx(iostx((d) => (d.methods.SyncHdrBeg.pairedWith = 'SyncHdrFinish'))))).toEqual([
      "methods.SyncHdrBeg.pairedWith: IOSTX has no method 'SyncHdrFinish'",
      'methods.SyncHdrEnd: no enter method names SyncHdrEnd in pairedWith, so it can never leave a state',
    ]);
    expect(lines(checkIostx(iostx((d) => (d.methods.SyncHdrBeg.pairedWith = 'SetSyncResult'))))).toEqual([
      "methods.SyncHdrBeg.pairedWith: SetSyncResult must have role 'leave' to end what SyncHdrBeg enters",
      'methods.SyncHdrEnd: no enter method names SyncHdrEnd in pairedWith, so it can never leave a state',
    ]);
  });

  it('result, leave and last-error', () => {
    expect(lines(checkIostx(iostx((d) => (d.methods.SetSyncResult.parameter = 'hr'))))).toEqual([
      "methods.SetSyncResult.parameter: IOSTX::SetSyncResult has no parameter 'hr' (its parameters: hrSync)",
    ]);
    expect(lines(checkIostx(iostx((d) => {
      delete d.methods.SetSyncResult;
      d.methods.SyncEnd.requiresResult = 'yes';
    })))).toEqual(['methods.SyncEnd.requiresResult: requiresResult is true or false']);
    expect(lines(checkIostx(iostx((d) => delete d.methods.SetSyncResult)))).toEqual([
      "methods.SyncEnd.requiresResult: no method has role 'result', so no state could ever be left",
    ]);
    expect(lines(checkIostx(iostx((d) => (d.methods.GetLastError.out = 'ulFlags'))))).toEqual([
      "methods.GetLastError.out: IOSTX::GetLastError's parameter 'ulFlags' is [in]; the error parameter must be [out]",
    ]);
  });

  it('set and get: parameters, directions, property names; state-machine roles in a recorder', () => {
    expect(lines(checkProgress(progress((d) => {
      d.methods.SetLimits = { role: 'set', fields: { lpulMin: 'min', lpulMaximum: 'max', lpulFlags: '' } };
      d.methods.GetMin = { role: 'get', fields: {} };
      d.methods.GetMax = { role: 'set', fields: { lpulMax: 'max' } };
      d.methods.Progress = { role: 'enter', state: 'X', pairedWith: 'GetFlags' };
    })))).toEqual([
      "methods.SetLimits.fields.lpulMaximum: IMAPIProgress::SetLimits has no parameter 'lpulMaximum' (its parameters: lpulMin, lpulMax, lpulFlags)",
      'methods.SetLimits.fields.lpulFlags: the property name must be a non-empty string',
      'methods.GetMin.fields: fields maps parameter names to property names: { "lpulMin": "min" }',
      "methods.GetMax.fields.lpulMax: IMAPIProgress::GetMax's parameter 'lpulMax' is [out]; a set field must be an [in] parameter",
      "methods.Progress.role: role 'enter' needs a state-machine description; a recorder takes set, get and record",
    ]);
    expect(lines(checkProgress(progress((d) => (d.methods.SetLimits = { role: 'get', fields: { lpulMin: 'min' } }))))).toEqual([
      "methods.SetLimits.fields.lpulMin: IMAPIProgress::SetLimits's parameter 'lpulMin' is [in]; a get field must be an [out] parameter",
    ]);
  });
});

describe('conditions, success flags, checks, flags, constants and choices', () => {
  it('names resolve through constants; at generation through the IDL, and the names used come back with their values', () => {
    expect(lines(checkIostx(iostx((d) => {
      d.states.push({ name: 'LR_SYNC_NEW', structure: 'SYNC', parents: ['LR_SYNC_IDLE'] });
      (d.constants as Json).UPS_OK = 'one';
      (d.constants as Json)['not a name'] = 1;
    })))).toEqual([
      'constants.UPS_OK: the value of UPS_OK must be an integer',
      'constants.not a name: "not a name" is not a name',
      "states[12].name: LR_SYNC_NEW is not among the description's constants, and the state gives no value",
      "states[1].ok.flag: UPS_OK is not among the description's constants",
    ]);
    const idl: Record<string, number> = { ...(iostxProtocol as { constants: Record<string, number> }).constants, UPS_OK: 0x10000 };
    const { constants: _given, ...named } = iostxProtocol as unknown as Json;
    const result = checkProtocolDescription(named, vtables.IOSTX, structs, { constant: (name) => idl[name] });
    expect(result.problems).toEqual([]);
    expect(result.constants).toEqual(idl);
    const missing = checkProtocolDescription(
      { ...named, states: [...(named.states as Json[]), { name: 'LR_SYNC_NEW', parents: ['LR_SYNC_IDLE'] }] },
      vtables.IOSTX,
      structs,
      { constant: (name) => idl[name] },
    );
    expect(lines(missing.problems)).toEqual([
      'states[12].name: LR_SYNC_NEW is not a constant or enum member of the IDL, and the state gives no value',
    ]);
  });

  it('parent edges: the state, the condition on the parent\'s structure, no edge twice', () => {
    expect(lines(checkIostx(iostx((d) => {
      d.states[3].parents = [
        'LR_SYNC_UPLOAD_HIERARCHY',
        { state: 'LR_SYNC', when: { member: 'ulFlag', hasAll: ['UPS_UPLOAD_ONLY', 'UPS_TWO_FOLDERS'], notNull: 1 }, why: 'note' },
        { when: { member: 'ulFlags', hasAll: [] } },
        'LR_SYNC_UPLOAD_HIERARCHY',
      ];
      d.states[2].parents = [{ state: 'LR_SYNC', when: { member: 'ulFlags' } }];
      d.states[1].parents = [{ state: 'LR_SYNC_IDLE', when: { member: 'ulFlags', hasAny: ['UPS_OK'] } }];
      d.states[4].parents = [{ state: 'LR_SYNC', when: 'UPS_OK' }];
    })))).toEqual([
      'states[1].parents[0].when: when tests a structure, and the state it is about has none',
      "states[2].parents[0].when: a condition needs at least one test: hasAll, hasAny, hasNone or notNull",
      'states[3].parents[1].why: unknown member of a parent (known: state, when, source)',
      "states[3].parents[1].when.member: SYNC has no member 'ulFlag' (its members: ulFlags, pwzPath, Reserved1, Reserved2, pel, pulFolderOptions)",
      "states[3].parents[1].when.hasAll[1]: UPS_TWO_FOLDERS is not among the description's constants",
      'states[3].parents[1].when.notNull: notNull is true or false',
      'states[3].parents[2].state: a parent edge names its state in state',
      'states[3].parents[3]: LR_SYNC_UPLOAD_HIERARCHY is already a parent of LR_SYNC_UPLOAD_FOLDER',
      'states[4].parents[0].when: when is an object { member, hasAll?, hasAny?, hasNone?, notNull? }',
    ]);
  });

  it('success flags: the flag, the member, the vector whose entries carry it', () => {
    expect(lines(checkIostx(iostx((d) => {
      d.states[1].ok = { flag: 'UPS_FINE' };
      d.states[2].ok = { flag: 'UPH_OK', member: 'ulFlagz' };
      d.states[7].ok = { flag: 'UPR_OK', each: 'pupreX' };
      d.states[8].ok = { flag: 'UPD_OK', each: 'cEnt' };
      d.states[3].ok = { flag: 'UPF_OK', each: 'pfld', member: 'ulFlags' };
      d.states[0].ok = { flag: 'UPS_OK' };
      d.states[4].ok = 'UPC_OK';
      d.states[5].ok = { flag: 'UPT_OK', on: 'success' };
    })))).toEqual([
      "states[0].ok: ok names a flag of the state's structure, and the state has none",
      "states[1].ok.flag: UPS_FINE is not among the description's constants",
      "states[2].ok.member: UPHIER has no member 'ulFlagz' (its members: ulFlags, pstmReserved, iEnt, cEnt)",
      'states[3].ok.each: UPFLD.pfld (opaque) points to no structure of the type library',
      'states[4].ok: ok is an object { flag, member?, each? }',
      'states[5].ok.on: unknown member of ok (known: flag, member, each, source)',
      'states[7].ok.each: UPREAD has no member "pupreX" (its members: pupre, cEnt)',
      'states[8].ok.each: UPDEL.cEnt (opaque) points to no structure of the type library',
    ]);
    expect(checkIostx(iostx((d) => (d.states[7].ok = { flag: 'UPR_OK', each: 'pupre', member: 'skey' })))).toEqual([]);
    expect(lines(checkIostx(iostx((d) => (d.states[7].ok = { flag: 'UPR_OK', each: 'pupre', member: 'ulFlagz' }))))).toEqual([
      "states[7].ok.member: UPREADE has no member 'ulFlagz' (its members: ulFlags, skey)",
    ]);
  });

  it('checks, and neverEntered only on the initial state', () => {
    expect(lines(checkIostx(iostx((d) => {
      d.states[11].checks = [
        { if: { member: 'ulFlags', hasAll: ['HSF_OK'] } },
        { then: { member: 'pmsgFul', notNull: true }, because: 'x' },
        7,
      ];
      d.states[10].checks = { then: { member: 'ulFlags', hasAll: ['DNT_OK'] } };
      d.states[1].neverEntered = 'never';
      d.states[0].neverEntered = '';
    })))).toEqual([
      'states[0].neverEntered: neverEntered is a sentence: why the state is never entered',
      'states[1].neverEntered: only the initial state (LR_SYNC_IDLE) takes neverEntered: every other state is entered',
      'states[10].checks: checks is an array of { if?, then, source? }',
      'states[11].checks[0]: a check needs then: the condition the structure must meet',
      'states[11].checks[1].because: unknown member of a check (known: if, then, source)',
      "states[11].checks[1].then.member: HDRSYNC has no member 'pmsgFul' (its members: pupmsg, feidPar, pstmReserved, ulFlags, pmsgFull)",
      'states[11].checks[2]: a check is an object { if?, then, source? }',
    ]);
  });

  it('the flags a method parameter may carry, choices, sources, property names', () => {
    expect(lines(checkIostx(iostx((d) => {
      d.methods.GetLastError.flags = { ulFlags: ['MAPI_UNICODE'], lppMAPIError: [], hResult: 0 };
      d.methods.InitSync.flags = ['ulFlags'];
      d.methods.SyncEnd.source = 3;
      d.choices = { 'init-once': 'the fake refuses it', 'init-twice': 'x', violation: '' };
      d.properties = { flags: 'MAPI_TOP_LEVEL', label: 'a b' };
    })))).toEqual([
      'properties.flags: MAPI_TOP_LEVEL is not among the description\'s constants',
      'choices.init-twice: unknown rule "init-twice" (known: init-first, init-once, known-state, initial-state, ' +
        'enter-from-parent, enter-condition, result-in-state, paired-leave, leave-in-state, result-before-leave, ok-flag, ' +
        'structure-check, known-flags, refused-by-fake, violation)',
      'choices.violation: a choice is a sentence: what the fake does and why',
      'methods.InitSync.flags: flags maps [in] parameter names to the flags they may carry: { "ulFlags": [] }',
      'methods.SyncEnd.source: source is the URL of the page that states the rule',
      "methods.GetLastError.flags.ulFlags[0]: MAPI_UNICODE is not among the description's constants",
      "methods.GetLastError.flags.lppMAPIError: IOSTX::GetLastError's parameter 'lppMAPIError' is [out]; a flags parameter must be [in]",
      'methods.GetLastError.flags.hResult: a list of flags: names of IDL constants or integers',
    ]);
    expect(checkProgress(progress((d) => {
      d.constants = { MAPI_TOP_LEVEL: 1 };
      d.properties = { flags: 'MAPI_TOP_LEVEL' };
    }))).toEqual([]);
  });
});

describe('helpers', () => {
  it('formatProtocolProblems prints one path: message line per problem', () => {
    expect(formatProtocolProblems([{ path: 'a.b', message: 'x' }, { path: 'c', message: 'y' }])).toBe('a.b: x\nc: y');
  });

  it('protocolHresult reads names, hex and numbers', () => {
    expect(protocolHresult('E_UNEXPECTED')).toBe(E_UNEXPECTED);
    expect(protocolHresult('MAPI_E_CALL_FAILED')).toBe(protocolHresult('E_FAIL'));
    expect(protocolHresult('0x8000ffff')).toBe(E_UNEXPECTED);
    expect(protocolHresult(0x8000ffff)).toBe(E_UNEXPECTED);
    expect(protocolHresult('E_NOPE')).toBeUndefined();
    expect(protocolHresult(1.5)).toBeUndefined();
  });
});
