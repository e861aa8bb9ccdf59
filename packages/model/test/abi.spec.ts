/**
 * The vtable ABI: snapshots (canonical C types, typedefs expanded), every classification of compareAbi over
 * small IDL pairs, and the lock (its text, its problems, --update-lock).
 */
import * as path from 'node:path';
import { abiOf, checkLock, compareAbi, ComWorkspace, fingerprintOf, formatLock, LOCK_NOTE, parseLock, reachedStructures, type AbiInterface, type AbiSnapshot, type InterfaceModel } from '../src';
import { REPO_ROOT } from './helpers';

const BASE = `
typedef long HRESULT;
typedef unsigned long ULONG;
typedef unsigned int UINT;
typedef void *LPVOID;
typedef struct _GUID { ULONG Data1; } GUID;
typedef const GUID *REFIID;

[object, local, uuid(00000000-0000-0000-C000-000000000046)]
interface IUnknown
{
    HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppvObject);
    ULONG AddRef(void);
    ULONG Release(void);
}

[object, local, uuid(11111111-0000-4000-8000-000000000001)]
interface IMarker : IUnknown
{
}
`;

const IOSTX_IID = 'd2d85db4-840f-49b8-9982-07d2405ec6b7';
const OTHER_IID = 'a0a0a0a0-0000-4000-8000-000000000002';

/** Slots 3-6: GetLastError, InitSync, SyncBeg, SyncEnd. */
const V1 = `import "base.idl";

/** Drives replication. */
[object, local, uuid(${IOSTX_IID})]
interface IOSTX : IUnknown
{
    /** Returns the last error. */
    HRESULT GetLastError([in] HRESULT hResult, [in] ULONG ulErrorFlags);
    HRESULT InitSync([in] ULONG ulFlags);
    HRESULT SyncBeg([in] UINT uiSync, [in, out] LPVOID *ppv);
    HRESULT SyncEnd(void);
}
`;

const IPSTX = `
[object, local, uuid(4fdeeff0-0319-11cf-b4cf-00aa0dbbb6e6)]
interface IPSTX : IUnknown
{
    HRESULT GetSyncObject([out] IOSTX **ppostx);
}
`;

let fileCount = 0;

/** The ABI of the interfaces an IDL text defines (it imports base.idl), read from memory. */
function abi(text: string): AbiSnapshot {
  const files = new Map([[path.resolve('/abi/base.idl'), BASE]]);
  const file = path.resolve(`/abi/v${++fileCount}.idl`);
  files.set(file, text);
  const workspace = new ComWorkspace({ host: { readFile: (p) => files.get(p) } });
  const model = workspace.load(file);
  const errors = model.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.line}:${d.column}: ${d.code}: ${d.message}`).join('\n'));
  return abiOf(workspace, model.interfaces.filter((i: InterfaceModel) => i.object && i.vtable.length), [workspace.unit(file)]);
}

/** V1 with `from` (which must occur exactly once) replaced by `to`. */
function edit(from: string, to: string, text = V1): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`'${from}' does not occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

const changes = (older: string, newer: string) => compareAbi(abi(older), abi(newer)).map((c) => [c.severity, c.message]);

describe('abiOf', () => {
  it('gives every slot, base slots first, with canonical C types and IDL parameter names', () => {
    const [ostx] = abi(V1).interfaces;
    expect(ostx).toMatchObject({ name: 'IOSTX', iid: IOSTX_IID, base: 'IUnknown', doc: expect.stringContaining('Drives replication') });
    expect(ostx.slots.map((s) => [s.index, s.name, s.declaredIn])).toEqual([
      [0, 'QueryInterface', 'IUnknown'],
      [1, 'AddRef', 'IUnknown'],
      [2, 'Release', 'IUnknown'],
      [3, 'GetLastError', 'IOSTX'],
      [4, 'InitSync', 'IOSTX'],
      [5, 'SyncBeg', 'IOSTX'],
      [6, 'SyncEnd', 'IOSTX'],
    ]);
    expect(ostx.slots[5]).toMatchObject({
      returns: 'long',
      parameters: [
        { name: 'uiSync', direction: 'in', type: 'unsigned int' },
        { name: 'ppv', direction: 'in,out', type: 'void**' },
      ],
    });
  });

  it('reads idl/mapi-sync with typedefs expanded: structs and interfaces by name', () => {
    const workspace = new ComWorkspace();
    const entry = path.join(REPO_ROOT, 'idl/mapi-sync/mapi-sync.idl');
    workspace.load(entry);
    const units = workspace.closure(workspace.unit(entry));
    const interfaces = units.flatMap((u) => workspace.fileModel(u).interfaces).filter((i) => i.object && i.vtable.length);
    const snapshot = abiOf(workspace, interfaces, units).interfaces;
    expect(snapshot.map((i) => i.name).sort()).toEqual(['IMAPIProgress', 'IMAPISync', 'IMAPISyncProgressCallback', 'IOSTX', 'IPSTX', 'IUnknown']);
    const ostx = snapshot.find((i) => i.name === 'IOSTX')!;
    expect(ostx.slots[3].parameters.map((p) => [p.direction, p.type, p.name])).toEqual([
      ['in', 'long', 'hResult'],
      ['in', 'unsigned long', 'ulFlags'],
      ['out', 'struct MAPIERROR**', 'lppMAPIError'],
    ]);
    expect(ostx.slots[8]).toMatchObject({ name: 'SyncHdrEnd', parameters: [{ name: 'pprog', direction: 'in', type: 'interface IMAPIProgress*' }] });
  });
});

describe('compareAbi', () => {
  it('finds nothing between equal files, nor when a typedef is spelled out', () => {
    expect(changes(V1, V1)).toEqual([]);
    expect(changes(V1, edit('[in] UINT uiSync', '[in] unsigned int uiSync'))).toEqual([]);
  });

  it('gives each change its code, interface, slot and method, and where the changed slot is in the newer IDL', () => {
    expect(compareAbi(abi(V1), abi(edit('[in, out] LPVOID *ppv', '[out] LPVOID *ppv')))).toEqual([
      {
        code: 'ABI001',
        severity: 'breaking',
        interface: 'IOSTX',
        slot: 5,
        method: 'SyncBeg',
        message: 'IOSTX slot 5: SyncBeg parameter 2 (ppv) direction in,out -> out',
        location: { file: expect.stringMatching(/v\d+\.idl$/), line: 10, column: 5 },
      },
    ]);
  });

  it('a removed slot is located at its interface; a removed interface has no location', () => {
    const [removed] = compareAbi(abi(V1), abi(edit('    HRESULT InitSync([in] ULONG ulFlags);\n', '')));
    expect(removed).toMatchObject({ code: 'ABI001', message: 'IOSTX slot 4: InitSync removed', location: { line: 4, column: 1 } });
    const [gone] = compareAbi(abi(V1 + IPSTX), abi(V1));
    expect(gone).toMatchObject({ code: 'ABI002', message: expect.stringMatching(/^IPSTX: interface removed/) });
    expect(gone.location).toBeUndefined();
  });

  it('locations are no part of what is hashed or written: fingerprints and the lock hold no path', () => {
    const snapshot = abi(V1);
    expect(snapshot.interfaces[0].slots[5].location).toMatchObject({ line: 10 });
    expect(JSON.stringify(snapshot)).not.toMatch(/abi|location/);
  });

  describe('breaking', () => {
    it.each([
      ['parameter direction', edit('[in, out] LPVOID *ppv', '[out] LPVOID *ppv'), ['IOSTX slot 5: SyncBeg parameter 2 (ppv) direction in,out -> out']],
      ['parameter type', edit('[in] UINT uiSync', '[in] ULONG uiSync'), ['IOSTX slot 5: SyncBeg parameter 1 (uiSync) type unsigned int -> unsigned long']],
      [
        'parameter added',
        edit('InitSync([in] ULONG ulFlags)', 'InitSync([in] ULONG ulFlags, [in] UINT uiMode)'),
        ['IOSTX slot 4: InitSync parameter count 1 -> 2 (added: [in] unsigned int uiMode)'],
      ],
      ['parameter removed', edit('InitSync([in] ULONG ulFlags)', 'InitSync(void)'), ['IOSTX slot 4: InitSync parameter count 1 -> 0 (removed: [in] unsigned long ulFlags)']],
      ['return type', edit('HRESULT SyncEnd(void)', 'ULONG SyncEnd(void)'), ['IOSTX slot 6: SyncEnd return type long -> unsigned long']],
      ['slot removed', edit('    HRESULT InitSync([in] ULONG ulFlags);\n', ''), ['IOSTX slot 4: InitSync removed', 'IOSTX slots 4-5: SyncBeg..SyncEnd moved from slots 5-6']],
      [
        'slots swapped',
        edit(
          '    HRESULT SyncBeg([in] UINT uiSync, [in, out] LPVOID *ppv);\n    HRESULT SyncEnd(void);',
          '    HRESULT SyncEnd(void);\n    HRESULT SyncBeg([in] UINT uiSync, [in, out] LPVOID *ppv);',
        ),
        ['IOSTX slot 5: SyncEnd moved from slot 6', 'IOSTX slot 6: SyncBeg moved from slot 5'],
      ],
      [
        'slot inserted before the end',
        edit('    HRESULT SyncEnd(void);', '    HRESULT Reset(void);\n    HRESULT SyncEnd(void);'),
        ['IOSTX slot 6: Reset inserted before the end: the slots after it move', 'IOSTX slot 7: SyncEnd moved from slot 6'],
      ],
      ['method renamed', edit('SyncEnd(void)', 'SyncFinish(void)'), ['IOSTX slot 6: method renamed SyncEnd -> SyncFinish']],
      ['base', edit('interface IOSTX : IUnknown', 'interface IOSTX : IMarker'), ['IOSTX: base IUnknown -> IMarker']],
      [
        'IID changed',
        edit(IOSTX_IID, OTHER_IID),
        [`IOSTX: IID ${IOSTX_IID} -> ${OTHER_IID}: clients that query the old IID no longer find it`],
      ],
      [
        'IID moved to another interface name',
        edit('interface IOSTX : IUnknown', 'interface IOSTX2 : IUnknown'),
        [`IOSTX2: IID ${IOSTX_IID} moved from IOSTX to IOSTX2 (same layout, new name: code that names IOSTX no longer builds)`],
      ],
      [
        'IID reused for another layout',
        `${edit(IOSTX_IID, OTHER_IID)}\n[object, local, uuid(${IOSTX_IID})]\ninterface IReplica : IUnknown\n{\n    HRESULT Replicate(void);\n}\n`,
        [
          `IOSTX: IID ${IOSTX_IID} -> ${OTHER_IID}: clients that query the old IID no longer find it`,
          `IReplica: IID ${IOSTX_IID} reused: it was IOSTX's, and IReplica has a different layout`,
        ],
      ],
    ])('%s', (_, newer, messages) => {
      expect(changes(V1, newer)).toEqual(messages.map((m) => ['breaking', m]));
    });

    it('interface removed entirely', () => {
      expect(changes(V1 + IPSTX, V1)).toEqual([['breaking', 'IPSTX: interface removed (IID 4fdeeff0-0319-11cf-b4cf-00aa0dbbb6e6): clients that query it no longer find it']]);
    });

    it('a renamed interface with a changed layout: the move, then what changed', () => {
      const newer = edit('interface IOSTX : IUnknown', 'interface IOSTX2 : IUnknown', edit('[in] UINT uiSync', '[in] ULONG uiSync'));
      expect(changes(V1, newer)).toEqual([
        ['breaking', `IOSTX2: IID ${IOSTX_IID} reused: it was IOSTX's, and IOSTX2 has a different layout`],
        ['breaking', 'IOSTX2 slot 5: SyncBeg parameter 1 (uiSync) type unsigned int -> unsigned long'],
      ]);
    });
  });

  describe('additive', () => {
    it('a new interface', () => {
      expect(changes(V1, V1 + IPSTX)).toEqual([['additive', 'IPSTX: new interface (IID 4fdeeff0-0319-11cf-b4cf-00aa0dbbb6e6)']]);
    });

    it('a method appended at the end, which still needs a new IID', () => {
      const newer = edit('    HRESULT SyncEnd(void);', '    HRESULT SyncEnd(void);\n    HRESULT Reset([in] ULONG ulFlags);');
      expect(compareAbi(abi(V1), abi(newer))).toEqual([
        {
          code: 'ABI001',
          location: expect.objectContaining({ line: 12, column: 5 }),
          severity: 'additive',
          interface: 'IOSTX',
          slot: 7,
          method: 'Reset',
          message: 'IOSTX slot 7: Reset appended at the end; by COM rules a changed interface needs a new IID',
        },
      ]);
    });
  });

  describe('harmless', () => {
    it.each([
      ['parameter renamed', edit('[in] UINT uiSync', '[in] UINT uiState'), ['IOSTX slot 5: SyncBeg parameter 1 renamed uiSync -> uiState']],
      ['method doc comment', edit('/** Returns the last error. */', '/** Returns extended error information. */'), ['IOSTX slot 3: GetLastError doc comment changed']],
      ['method doc comment added', edit('    HRESULT SyncEnd(void);', '    /** Leaves the state. */\n    HRESULT SyncEnd(void);'), ['IOSTX slot 6: SyncEnd doc comment changed']],
      ['interface doc comment', edit('/** Drives replication. */', '/** Drives the replication state machine. */'), ['IOSTX: doc comment changed']],
    ])('%s', (_, newer, messages) => {
      expect(changes(V1, newer)).toEqual(messages.map((m) => ['harmless', m]));
    });
  });

  it('lists interface changes before slot changes, slots in order, every class mixed', () => {
    const newer = edit(
      '/** Drives replication. */',
      '/** Drives the state machine. */',
      edit('[in] UINT uiSync', '[in] ULONG uiState', edit('    HRESULT SyncEnd(void);', '    HRESULT SyncEnd(void);\n    HRESULT Reset(void);')),
    );
    expect(changes(V1, newer + IPSTX)).toEqual([
      ['harmless', 'IOSTX: doc comment changed'],
      ['breaking', 'IOSTX slot 5: SyncBeg parameter 1 (uiState) type unsigned int -> unsigned long'],
      ['harmless', 'IOSTX slot 5: SyncBeg parameter 1 renamed uiSync -> uiState'],
      ['additive', 'IOSTX slot 7: Reset appended at the end; by COM rules a changed interface needs a new IID'],
      ['additive', 'IPSTX: new interface (IID 4fdeeff0-0319-11cf-b4cf-00aa0dbbb6e6)'],
    ]);
  });
});

describe('checkLock', () => {
  const v1 = abi(V1 + IPSTX);
  const fresh = checkLock(null, v1).text;

  it('without a lock: no problems, every IID locked, sorted by IID, deterministic', () => {
    expect(checkLock(null, v1).problems).toEqual([]);
    expect(checkLock(null, { ...v1, interfaces: [...v1.interfaces].reverse() }).text).toBe(fresh);
    const json = JSON.parse(fresh) as { '//': string; version: number; interfaces: Record<string, { name: string }> };
    expect(json.version).toBe(2);
    expect(json['//']).toBe(LOCK_NOTE);
    expect(json['//']).toMatch(/maintained by comidl/i);
    expect(Object.entries(json.interfaces).map(([iid, e]) => [iid, e.name])).toEqual([
      ['4fdeeff0-0319-11cf-b4cf-00aa0dbbb6e6', 'IPSTX'],
      [IOSTX_IID, 'IOSTX'],
    ]);
    expect(fresh).toContain(`        { "slot": 5, "name": "SyncBeg", "returns": "long", "parameters": [["in", "unsigned int", "uiSync"], ["in,out", "void**", "ppv"]] },\n`);
    expect(fresh.endsWith('}\n')).toBe(true);
  });

  it('reads back what it writes (docs and declaring interfaces are not locked)', () => {
    const strip = (s: readonly AbiInterface[]) => s.map((i) => ({ ...i, doc: undefined, slots: i.slots.map((x) => ({ ...x, doc: undefined, declaredIn: undefined })) }));
    expect(strip(parseLock(fresh).interfaces).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      strip(v1.interfaces).sort((a, b) => a.name.localeCompare(b.name)).map((i) => JSON.parse(JSON.stringify(i)) as object),
    );
    expect(formatLock(parseLock(fresh))).toBe(fresh);
  });

  it('an unchanged library keeps the lock as it is', () => {
    expect(checkLock(fresh, v1)).toEqual({ problems: [], notes: [], text: fresh });
  });

  it('adds new IIDs without a problem', () => {
    const older = checkLock(null, abi(V1)).text;
    expect(checkLock(older, v1)).toEqual({ problems: [], notes: [], text: fresh });
  });

  it('follows harmless changes: a renamed parameter is renamed in the lock', () => {
    const renamed = abi(edit('[in] UINT uiSync', '[in] UINT uiState') + IPSTX);
    expect(checkLock(fresh, renamed)).toEqual({ problems: [], notes: [], text: checkLock(null, renamed).text });
  });

  it('a changed layout behind a locked IID is a breaking problem, and the locked layout stays', () => {
    const changed = abi(edit('[in, out] LPVOID *ppv', '[out] LPVOID *ppv') + IPSTX);
    const { problems, text } = checkLock(fresh, changed);
    expect(problems).toEqual([
      {
        code: 'ABI001',
        severity: 'breaking',
        interface: 'IOSTX',
        slot: 5,
        method: 'SyncBeg',
        message: 'IOSTX slot 5: SyncBeg parameter 2 (ppv) direction in,out -> out',
        location: expect.objectContaining({ line: 10, column: 5 }),
      },
    ]);
    expect(text).toBe(fresh);
  });

  it('a method appended behind a locked IID is a problem too', () => {
    const appended = abi(edit('    HRESULT SyncEnd(void);', '    HRESULT SyncEnd(void);\n    HRESULT Reset(void);') + IPSTX);
    expect(checkLock(fresh, appended).problems).toEqual([
      {
        code: 'ABI001',
        location: expect.objectContaining({ line: 12, column: 5 }),
        severity: 'breaking',
        interface: 'IOSTX',
        slot: 7,
        method: 'Reset',
        message: 'IOSTX slot 7: Reset appended at the end; by COM rules a changed interface needs a new IID',
      },
    ]);
  });

  it('with update, the problems are still named, and the lock takes the new layouts', () => {
    const changed = abi(edit('[in] UINT uiSync', '[in] ULONG uiSync') + IPSTX);
    const { problems, text } = checkLock(fresh, changed, { update: true });
    expect(problems.map((p) => p.message)).toEqual(['IOSTX slot 5: SyncBeg parameter 1 (uiSync) type unsigned int -> unsigned long']);
    expect(text).toBe(checkLock(null, changed).text);
    expect(checkLock(text, changed)).toEqual({ problems: [], notes: [], text });
  });

  it('a locked IID that is gone: the interface removed, or given another IID', () => {
    const removed = checkLock(fresh, abi(V1));
    expect(removed.problems.map((p) => p.message)).toEqual([
      'IPSTX: interface removed, but its IID 4fdeeff0-0319-11cf-b4cf-00aa0dbbb6e6 is locked; clients that query it no longer find it',
    ]);
    expect(removed.text).toBe(fresh);
    expect(checkLock(fresh, abi(V1), { update: true }).text).toBe(checkLock(null, abi(V1)).text);

    const renumbered = abi(edit(IOSTX_IID, OTHER_IID) + IPSTX);
    const { problems, text } = checkLock(fresh, renumbered);
    expect(problems.map((p) => p.message)).toEqual([
      `IOSTX: IID ${IOSTX_IID} is locked, but IOSTX now has IID ${OTHER_IID}; clients that query the locked IID no longer find it`,
    ]);
    // The locked IID stays, and the new one is added.
    expect(Object.keys((JSON.parse(text) as { interfaces: object }).interfaces)).toEqual(['4fdeeff0-0319-11cf-b4cf-00aa0dbbb6e6', OTHER_IID, IOSTX_IID]);
  });

  it('a locked IID now on another interface name (problems in IID order)', () => {
    const renamed = abi(edit('interface IOSTX : IUnknown', 'interface IOSTX2 : IUnknown') + IPSTX.replace('IOSTX **', 'IOSTX2 **'));
    expect(checkLock(fresh, renamed).problems.map((p) => p.message)).toEqual([
      'IPSTX slot 3: GetSyncObject parameter 1 (ppostx) type interface IOSTX** -> interface IOSTX2**',
      `IOSTX2: IID ${IOSTX_IID} moved from IOSTX to IOSTX2 (same layout, new name: code that names IOSTX no longer builds)`,
    ]);
  });

  it.each([
    ['{ not json', /^not a vtable lock: invalid JSON: /],
    ['[]', /^not a vtable lock: expected an object with "interfaces"/],
    ['{"interfaces":{"IOSTX":{}}}', /^not a vtable lock: interfaces\.IOSTX: the key must be an IID/],
    [`{"interfaces":{"${IOSTX_IID}":{"name":"IOSTX","base":null,"slots":[{"slot":1}]}}}`, /slots\[0\]: "slot" must be 0/],
    [
      `{"interfaces":{"${IOSTX_IID}":{"name":"IOSTX","base":null,"slots":[{"slot":0,"name":"A","returns":"long","parameters":[["inout","long","x"]]}]}}}`,
      /slots\[0\]\.parameters\[0\]: expected \[direction, C type, name\]/,
    ],
  ])('an unreadable lock is a problem (%s); with update it is replaced', (text, message) => {
    const checked = checkLock(text, v1);
    expect(checked.problems).toHaveLength(1);
    expect(checked.problems[0].severity).toBe('breaking');
    expect(checked.problems[0].message).toMatch(message);
    expect(checkLock(text, v1, { update: true }).text).toBe(fresh);
  });
});


describe('structures in the ABI', () => {
  const STRUCTS = `import "base.idl";

typedef struct _SIB
{
    ULONG ulSize;
    ULONG ulFlags;
    IUnknown *punkCallBack;
} SIB, *LPSIB;

typedef struct _HANDED
{
    ULONG ulFlags;
    LPVOID pReserved;
    UINT cEnt;
} HANDED;

typedef enum { STATE_IDLE = 0, STATE_SYNC = 1, STATE_CONTENTS = 4 } STATE;

[object, local, uuid(${OTHER_IID})]
interface ISync : IUnknown
{
    HRESULT Synchronize([in] LPSIB psib, [in] STATE state);
}
`;
  const edited = (from: string, to: string) => edit(from, to, STRUCTS);
  const structureChanges = (newer: string) =>
    compareAbi(abi(STRUCTS), abi(newer))
      .filter((c) => c.structure !== undefined)
      .map((c) => [c.severity, c.message]);

  it('records every structure and enum the file defines: fields with C types in order, packing, enum values', () => {
    expect(abi(STRUCTS).structures).toEqual([
      {
        kind: 'struct',
        name: 'SIB',
        pack: null,
        fields: [
          { name: 'ulSize', type: 'unsigned long' },
          { name: 'ulFlags', type: 'unsigned long' },
          { name: 'punkCallBack', type: 'interface IUnknown*' },
        ],
      },
      {
        kind: 'struct',
        name: 'HANDED',
        pack: null,
        fields: [
          { name: 'ulFlags', type: 'unsigned long' },
          { name: 'pReserved', type: 'void*' },
          { name: 'cEnt', type: 'unsigned int' },
        ],
      },
      {
        kind: 'enum',
        name: 'STATE',
        members: [
          { name: 'STATE_IDLE', value: '0' },
          { name: 'STATE_SYNC', value: '1' },
          { name: 'STATE_CONTENTS', value: '4' },
        ],
      },
    ]);
  });

  it.each([
    ['a field renamed', edited('IUnknown *punkCallBack;', 'IUnknown *punkCallback;'), [['breaking', 'struct SIB: field 3 renamed punkCallBack -> punkCallback']]],
    [
      'two fields swapped',
      edited('    ULONG ulFlags;\n    LPVOID pReserved;', '    LPVOID pReserved;\n    ULONG ulFlags;'),
      [
        ['breaking', 'struct HANDED: field 1 (pReserved) moved from field 2'],
        ['breaking', 'struct HANDED: field 2 (ulFlags) moved from field 1'],
      ],
    ],
    ['a field retyped', edited('UINT cEnt;', 'ULONG cEnt;'), [['breaking', 'struct HANDED: field 3 (cEnt) type unsigned int -> unsigned long']]],
    ['a field appended', edited('    UINT cEnt;\n', '    UINT cEnt;\n    UINT iEnt;\n'), [['breaking', "struct HANDED: field 4 (iEnt) appended: the structure's size changes"]]],
    [
      'a field removed (the fields after it move)',
      edited('    LPVOID pReserved;\n', ''),
      [
        ['breaking', 'struct HANDED: field 2 (cEnt) moved from field 3'],
        ['breaking', 'struct HANDED: field 2 (pReserved) removed'],
      ],
    ],
    ['the packing changed', edited('typedef struct _HANDED', '#pragma pack(push, 2)\ntypedef struct _HANDED').replace('} HANDED;', '} HANDED;\n#pragma pack(pop)'), [['breaking', 'struct HANDED: packing natural -> 2']]],
    ['an enum value changed', edited('STATE_CONTENTS = 4', 'STATE_CONTENTS = 5'), [['breaking', 'enum STATE: member STATE_CONTENTS value 4 -> 5']]],
    ['an enum member removed', edited(', STATE_CONTENTS = 4', ''), [['breaking', 'enum STATE: member STATE_CONTENTS (4) removed']]],
    ['an enum member renamed', edited('STATE_SYNC = 1', 'STATE_SYNCHRONIZE = 1'), [['breaking', 'enum STATE: member STATE_SYNC renamed -> STATE_SYNCHRONIZE (value 1)']]],
    ['an enum member added', edited('STATE_CONTENTS = 4 }', 'STATE_CONTENTS = 4, STATE_UPLOAD = 5 }'), [['additive', 'enum STATE: member STATE_UPLOAD = 5 added']]],
    ['a structure added', `${STRUCTS}\ntypedef struct _NEW { ULONG a; } NEW;\n`, [['additive', 'struct NEW: new']]],
    ['a structure removed', edited('typedef struct _HANDED\n{\n    ULONG ulFlags;\n    LPVOID pReserved;\n    UINT cEnt;\n} HANDED;\n', ''), [['breaking', 'struct HANDED: removed']]],
  ])('%s', (_, newer, expected) => {
    expect(structureChanges(newer)).toEqual(expected);
  });

  it('a structure change fails the lock the way a moved slot does; update accepts it', () => {
    const fresh = checkLock(null, abi(STRUCTS)).text;
    expect(JSON.parse(fresh).structures.SIB).toEqual({ kind: 'struct', pack: null, fields: [['ulSize', 'unsigned long'], ['ulFlags', 'unsigned long'], ['punkCallBack', 'interface IUnknown*']] });
    const renamed = abi(edited('IUnknown *punkCallBack;', 'IUnknown *punkCallback;'));
    const checked = checkLock(fresh, renamed);
    expect(checked.problems).toEqual([
      {
        code: 'ABI003',
        severity: 'breaking',
        interface: '',
        structure: 'SIB',
        message: 'struct SIB: field 3 renamed punkCallBack -> punkCallback',
        location: expect.objectContaining({ line: 7, column: 14 }),
      },
    ]);
    expect(checked.text).toBe(fresh);
    expect(checkLock(fresh, renamed, { update: true }).text).toBe(checkLock(null, renamed).text);
    // A structure that is no longer defined, but locked: a problem too.
    const gone = abi(edited('typedef struct _HANDED\n{\n    ULONG ulFlags;\n    LPVOID pReserved;\n    UINT cEnt;\n} HANDED;\n', ''));
    expect(checkLock(fresh, gone).problems.map((p) => p.message)).toEqual(['struct HANDED: removed, but it is locked; code compiled against it no longer finds it']);
    // An enum member added is additive: the lock takes it without a problem.
    expect(checkLock(fresh, abi(edited('STATE_CONTENTS = 4 }', 'STATE_CONTENTS = 4, STATE_UPLOAD = 5 }'))).problems).toEqual([]);
  });

  it('a format 1 lock (no version, no structures) is read without a problem and rewritten in format 2, with a note', () => {
    const snapshot = abi(STRUCTS);
    const v2 = JSON.parse(checkLock(null, snapshot).text);
    const v1 = JSON.stringify({ '//': 'old', interfaces: v2.interfaces });
    const checked = checkLock(v1, snapshot);
    expect(checked.problems).toEqual([]);
    expect(checked.text).toBe(checkLock(null, snapshot).text);
    expect(checked.notes).toEqual([expect.stringMatching(/^written by an older comidl \(format 1\); rewritten in format 2/)]);
    // A lock from a newer comidl is refused, not misread.
    expect(checkLock(JSON.stringify({ ...v2, version: 3 }), snapshot).problems[0].message).toMatch(/format 3 is newer than this comidl reads/);
  });

  it('the fingerprint covers the structures the signatures reach, not others', () => {
    const fingerprint = (text: string) => {
      const files = new Map([[path.resolve('/abi/base.idl'), BASE]]);
      const file = path.resolve(`/abi/f${++fileCount}.idl`);
      files.set(file, text);
      const workspace = new ComWorkspace({ host: { readFile: (p) => files.get(p) } });
      const model = workspace.load(file).interfaces.find((i) => i.name === 'ISync')!;
      return { fingerprint: fingerprintOf(workspace, model), reached: [...reachedStructures(workspace, model).keys()] };
    };
    const base = fingerprint(STRUCTS);
    expect(base.reached).toEqual(['SIB', 'STATE']);
    expect(fingerprint(edited('IUnknown *punkCallBack;', 'IUnknown *punkCallback;')).fingerprint).not.toBe(base.fingerprint);
    expect(fingerprint(edited('STATE_CONTENTS = 4', 'STATE_CONTENTS = 5')).fingerprint).not.toBe(base.fingerprint);
    // HANDED is handed out through void *: no signature reaches it; the lock covers it, the fingerprint does not.
    expect(fingerprint(edited('UINT cEnt;', 'ULONG cEnt;')).fingerprint).toBe(base.fingerprint);
  });
});
