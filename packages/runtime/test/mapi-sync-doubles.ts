/**
 * Test data for mocks and fakes, written by hand in the shape generated packages have: the TypeScript
 * interfaces of IOSTX, IMAPIProgress and IMAPISyncProgressCallback, their vtable layouts, the replication
 * state structures, the protocol descriptions, and the generated-style mock and fake classes.
 */
import {
  freezeLayouts,
  type Direction,
  type GUID,
  type HRESULT,
  type InOut,
  type InterfaceLayout,
  type Marshal,
  type Out,
  type ParameterLayout,
  type ProtocolDescription,
  type SlotLayout,
  type StructLayout,
} from '../src/index.js';
import { ComMock, ProtocolFake, type ComMocked, type MockOptions } from '../src/mocks.js';

export type ULONG = number;
export type UINT = number;
export type LPVOID = unknown;
export type LPENTRYID = Uint8Array | null;
export type HANDLE = unknown;

export interface IUnknown {
  QueryInterface(riid: GUID, ppvObject: Out<IUnknown | null>): HRESULT;
  AddRef(): ULONG;
  Release(): ULONG;
}

export interface MAPIERROR {
  ulVersion: ULONG;
  lpszError: string | null;
  lpszComponent: string | null;
  ulLowLevelError: ULONG;
  ulContext: ULONG;
}

export interface IMAPIProgress extends IUnknown {
  Progress(ulValue: ULONG, ulCount: ULONG, ulTotal: ULONG): HRESULT;
  GetFlags(lpulFlags: Out<ULONG>): HRESULT;
  GetMax(lpulMax: Out<ULONG>): HRESULT;
  GetMin(lpulMin: Out<ULONG>): HRESULT;
  SetLimits(lpulMin: ULONG | null, lpulMax: ULONG | null, lpulFlags: ULONG | null): HRESULT;
}

export interface IMAPISyncProgressCallback extends IUnknown {
  Progress(pwcszProgress: string | null, ulIndex: ULONG, ulIndexMax: ULONG): HRESULT;
  Error(hResult: HRESULT, pwcszErrorStr: string | null): HRESULT;
  Done(hThreadDoneEvent: HANDLE, hResult: HRESULT): HRESULT;
}

export interface IOSTX extends IUnknown {
  GetLastError(hResult: HRESULT, ulFlags: ULONG, lppMAPIError: Out<MAPIERROR | null>): HRESULT;
  InitSync(ulFlags: ULONG): HRESULT;
  SyncBeg(uiSync: UINT, ppv: InOut<LPVOID>): HRESULT;
  SyncEnd(): HRESULT;
  SyncHdrBeg(cbeid: ULONG, lpeid: LPENTRYID, ppv: InOut<LPVOID>): HRESULT;
  SyncHdrEnd(pprog: IMAPIProgress | null): HRESULT;
  SetSyncResult(hrSync: HRESULT): HRESULT;
  Placeholder10(): HRESULT;
}

// Replication states (SYNCSTATE) and flags (replconst.idl).
export const LR_SYNC_IDLE = 0;
export const LR_SYNC = 1;
export const LR_SYNC_UPLOAD_HIERARCHY = 2;
export const LR_SYNC_UPLOAD_FOLDER = 3;
export const LR_SYNC_CONTENTS = 4;
export const LR_SYNC_UPLOAD_TABLE = 5;
export const LR_SYNC_UPLOAD_MESSAGE = 6;
export const LR_SYNC_UPLOAD_MESSAGE_READ = 8;
export const LR_SYNC_UPLOAD_MESSAGE_DEL = 9;
export const LR_SYNC_DOWNLOAD_HIERARCHY = 10;
export const LR_SYNC_DOWNLOAD_TABLE = 11;
export const LR_SYNC_DOWNLOAD_HEADER = 17;
export const UPS_UPLOAD_ONLY = 0x1;
export const UPS_DNLOAD_ONLY = 0x2;
export const UPS_ONE_FOLDER = 0x4;
export const UPS_OK = 0x10000;
export const UPH_OK = 0x10000;
export const UPF_NEW = 0x1;
export const UPF_MOD_PROPS = 0x4;
export const UPF_OK = 0x10000;
export const UPC_OK = 0x10000;
export const UPT_OK = 0x10000;
export const UPM_OK = 0x10000;
export const UPR_READ = 0x2;
export const UPR_OK = 0x10000;
export const UPD_OK = 0x10000;
export const DNH_OK = 0x10000;
export const DNT_OK = 0x10000;
export const HSF_LOCAL = 0x8;
export const HSF_COPYDESTRUCTIVE = 0x10;
export const HSF_OK = 0x10000;
export const MAPI_UNICODE = 0x80000000;
export const MAPI_TOP_LEVEL = 0x1;

export const IID_IOSTX = 'd2d85db4-840f-49b8-9982-07d2405ec6b7';
export const IID_IMAPIProgress = '0002031f-0000-0000-c000-000000000046';

function param(name: string, direction: Direction, type: string, marshal: Marshal = 'value'): ParameterLayout {
  return { name, direction, type, marshal, retval: false };
}

function slot(
  index: number,
  name: string,
  declaredIn: string,
  parameters: ParameterLayout[] = [],
  extra: Partial<SlotLayout> = {},
): SlotLayout {
  return { index, name, declaredIn, returns: 'HRESULT', placeholder: false, parameters, ...extra };
}

const unknownSlots = [
  slot(0, 'QueryInterface', 'IUnknown', [
    param('riid', 'in', 'REFIID'),
    param('ppvObject', 'out', 'void **', { iidIs: 0 }),
  ]),
  slot(1, 'AddRef', 'IUnknown', [], { returns: 'ULONG' }),
  slot(2, 'Release', 'IUnknown', [], { returns: 'ULONG' }),
];

const IUnknownLayout: InterfaceLayout = {
  name: 'IUnknown',
  iid: '00000000-0000-0000-c000-000000000046',
  base: null,
  fingerprint: 'IUnknown-test',
  slots: unknownSlots,
};

const IMAPIProgressLayout: InterfaceLayout = {
  name: 'IMAPIProgress',
  iid: IID_IMAPIProgress,
  base: 'IUnknown',
  fingerprint: 'IMAPIProgress-test',
  slots: [
    ...unknownSlots,
    slot(3, 'Progress', 'IMAPIProgress', [
      param('ulValue', 'in', 'ULONG'),
      param('ulCount', 'in', 'ULONG'),
      param('ulTotal', 'in', 'ULONG'),
    ]),
    slot(4, 'GetFlags', 'IMAPIProgress', [param('lpulFlags', 'out', 'ULONG *')]),
    slot(5, 'GetMax', 'IMAPIProgress', [param('lpulMax', 'out', 'ULONG *')]),
    slot(6, 'GetMin', 'IMAPIProgress', [param('lpulMin', 'out', 'ULONG *')]),
    slot(7, 'SetLimits', 'IMAPIProgress', [
      param('lpulMin', 'in', 'LPULONG'),
      param('lpulMax', 'in', 'LPULONG'),
      param('lpulFlags', 'in', 'LPULONG'),
    ]),
  ],
};

const IMAPISyncProgressCallbackLayout: InterfaceLayout = {
  name: 'IMAPISyncProgressCallback',
  iid: '5024a386-2d44-486a-81a8-8f0ecb6071dd',
  base: 'IUnknown',
  fingerprint: 'IMAPISyncProgressCallback-test',
  slots: [
    ...unknownSlots,
    slot(3, 'Progress', 'IMAPISyncProgressCallback', [
      param('pwcszProgress', 'in', 'const WCHAR *'),
      param('ulIndex', 'in', 'ULONG'),
      param('ulIndexMax', 'in', 'ULONG'),
    ]),
    slot(4, 'Error', 'IMAPISyncProgressCallback', [
      param('hResult', 'in', 'HRESULT'),
      param('pwcszErrorStr', 'in', 'const WCHAR *'),
    ]),
    slot(5, 'Done', 'IMAPISyncProgressCallback', [
      param('hThreadDoneEvent', 'in', 'HANDLE', 'opaque'),
      param('hResult', 'in', 'HRESULT'),
    ]),
  ],
};

const IOSTXLayout: InterfaceLayout = {
  name: 'IOSTX',
  iid: IID_IOSTX,
  base: 'IUnknown',
  fingerprint: 'IOSTX-test',
  slots: [
    ...unknownSlots,
    slot(3, 'GetLastError', 'IOSTX', [
      param('hResult', 'in', 'HRESULT'),
      param('ulFlags', 'in', 'ULONG'),
      param('lppMAPIError', 'out', 'LPMAPIERROR *'),
    ]),
    slot(4, 'InitSync', 'IOSTX', [param('ulFlags', 'in', 'ULONG')]),
    slot(5, 'SyncBeg', 'IOSTX', [param('uiSync', 'in', 'UINT'), param('ppv', 'in,out', 'LPVOID *', 'opaque')]),
    slot(6, 'SyncEnd', 'IOSTX'),
    slot(7, 'SyncHdrBeg', 'IOSTX', [
      param('cbeid', 'in', 'ULONG'),
      param('lpeid', 'in', 'LPENTRYID'),
      param('ppv', 'in,out', 'LPVOID *', 'opaque'),
    ]),
    slot(8, 'SyncHdrEnd', 'IOSTX', [param('pprog', 'in', 'LPMAPIPROGRESS', { itf: 'IMAPIProgress' })]),
    slot(9, 'SetSyncResult', 'IOSTX', [param('hrSync', 'in', 'HRESULT')]),
    slot(10, 'Placeholder10', 'IOSTX', [], { placeholder: true }),
  ],
};

export const vtables = freezeLayouts({
  IUnknown: IUnknownLayout,
  IMAPIProgress: IMAPIProgressLayout,
  IMAPISyncProgressCallback: IMAPISyncProgressCallbackLayout,
  IOSTX: IOSTXLayout,
});

const zeros = (n: number): Uint8Array => new Uint8Array(n);
const GUID_NULL = '00000000-0000-0000-0000-000000000000';
const ltid = () => ({ guid: GUID_NULL, globcnt: zeros(6), wLevel: 0 });
const feid = () => ({ abFlags: zeros(4), muid: { ab: zeros(16) }, placeholder: 0, ltid: ltid() });
const meid = () => ({ abFlags: zeros(4), muid: { ab: zeros(16) }, placeholder: 0, ltidFld: ltid(), ltidMsg: ltid() });
const skey = () => ({ guid: GUID_NULL, globcnt: zeros(6) });
const sbinary = () => ({ cb: 0, lpb: null });
const uptble = () => ({ iEntMod: 0, cEntMod: 0, iEntRead: 0, cEntRead: 0, iEntDel: 0, cEntDel: 0 });
const dntble = () => ({ cEntNew: 0, cEntMod: 0, cEntRead: 0, cEntDel: 0 });

/** A structure layout from its zero value: the field list follows the zero value's members; `types` gives C types. */
function struct(name: string, zero: Record<string, unknown>, types: Record<string, string> = {}): StructLayout {
  return {
    name,
    fields: Object.keys(zero).map((field) => ({ name: field, type: types[field] ?? 'opaque', marshal: 'opaque' as const })),
    zero,
  };
}

// Shallow-frozen: the zero values hold byte arrays (BYTE[n]), which Object.freeze refuses.
export const structs = Object.freeze({
  MAPIERROR: struct('MAPIERROR', { ulVersion: 0, lpszError: null, lpszComponent: null, ulLowLevelError: 0, ulContext: 0 }),
  SYNC: struct('SYNC', { ulFlags: 0, pwzPath: null, Reserved1: feid(), Reserved2: meid(), pel: null, pulFolderOptions: null }),
  SYNCCONT: struct('SYNCCONT', { ulFlags: 0, iEnt: 0, cEnt: 0, pvReserved: null, ptagaReserved: null, psosReserved: null }),
  UPHIER: struct('UPHIER', { ulFlags: 0, pstmReserved: null, iEnt: 0, cEnt: 0 }),
  UPFLD: struct('UPFLD', { ulFlags: 0, pfld: null, feid: feid() }),
  UPTBL: struct('UPTBL', {
    ulFlags: 0, pstmReserved: null, pszName: null, feid: feid(), uintReserved: 0, rgte: [uptble(), uptble()],
    iEnt: 0, cEnt: 0, pupmovHead: null, pReserved: null,
  }),
  UPMSG: struct('UPMSG', {
    ulFlags: 0, pmsg: null, meid: meid(), binReserved1: sbinary(), binReserved2: sbinary(), feid: feid(),
    binChg: sbinary(), binPcl: sbinary(), skeySrc: skey(),
  }),
  UPREADE: struct('UPREADE', { ulFlags: 0, skey: skey() }),
  UPDELE: struct('UPDELE', {
    ulFlags: 0, skey: skey(), dwReserved: 0, binChg: sbinary(), binPcl: sbinary(), skeyDst: skey(), pupmov: null,
  }),
  UPREAD: struct('UPREAD', { pupre: null, cEnt: 0 }, { pupre: 'struct UPREADE*' }),
  UPDEL: struct('UPDEL', { pupde: null, cEnt: 0 }, { pupde: 'struct UPDELE*' }),
  DNHIER: struct('DNHIER', { ulFlags: 0, pstmReserved: null, pxihc: null, cEntNew: 0, cEntMod: 0, cEntDel: 0 }),
  DNTBL: struct('DNTBL', {
    ulFlags: 0, pstmReserved1: null, pstmReserved2: null, pstmReserved3: null, pstmReserved4: null, pxicc: null,
    pxihc: null, pszName: null, ftLastMod: { dwLowDateTime: 0, dwHighDateTime: 0 }, ulRights: 0, feid: feid(),
    uintReserved: 0, rgte: [dntble(), dntble()], psrReserved: null, boReserved: 0, pReserved1: null, pReserved2: null,
  }),
  HDRSYNC: struct('HDRSYNC', { pupmsg: null, feidPar: feid(), pstmReserved: null, ulFlags: 0, pmsgFull: null }),
});

export interface UPHIER { ulFlags: number; pstmReserved: unknown; iEnt: number; cEnt: number }
type Untyped = Record<string, unknown>;
/** The states and their structures, as a generated `<I>States` types them (those the tests do not fill untyped). */
export interface IOSTXStates {
  LR_SYNC_IDLE: null;
  LR_SYNC: SYNC;
  LR_SYNC_UPLOAD_HIERARCHY: UPHIER;
  LR_SYNC_UPLOAD_FOLDER: UPFLD;
  LR_SYNC_CONTENTS: Untyped;
  LR_SYNC_UPLOAD_TABLE: Untyped;
  LR_SYNC_UPLOAD_MESSAGE: Untyped;
  LR_SYNC_UPLOAD_MESSAGE_READ: Untyped;
  LR_SYNC_UPLOAD_MESSAGE_DEL: Untyped;
  LR_SYNC_DOWNLOAD_HIERARCHY: Untyped;
  LR_SYNC_DOWNLOAD_TABLE: Untyped;
  LR_SYNC_DOWNLOAD_HEADER: HDRSYNC;
}
export interface UPFLD { ulFlags: number; pfld: unknown; feid: { abFlags: Uint8Array } }
export interface SYNC { ulFlags: number; pwzPath: string | null }
export interface HDRSYNC { pupmsg: unknown; feidPar: unknown; pstmReserved: unknown; ulFlags: number; pmsgFull: unknown }

export const types = { vtables, structs };

/** Page addresses the description cites. */
const page = (name: string): string => `https://learn.microsoft.com/office/client-developer/outlook/mapi/${name}`;

/**
 * The replication state machine (the state pages' table, the upload folder note, the success flags, the
 * header rules and GetLastError's flags), as idl/mapi-sync/iostx.protocol.json gives it, with the values
 * generation fills into `constants`.
 */
export const iostxProtocol: ProtocolDescription = {
  interface: 'IOSTX',
  initial: 'LR_SYNC_IDLE',
  violation: 'E_UNEXPECTED',
  constants: {
    LR_SYNC_IDLE,
    LR_SYNC,
    LR_SYNC_UPLOAD_HIERARCHY,
    LR_SYNC_UPLOAD_FOLDER,
    LR_SYNC_CONTENTS,
    LR_SYNC_UPLOAD_TABLE,
    LR_SYNC_UPLOAD_MESSAGE,
    LR_SYNC_UPLOAD_MESSAGE_READ,
    LR_SYNC_UPLOAD_MESSAGE_DEL,
    LR_SYNC_DOWNLOAD_HIERARCHY,
    LR_SYNC_DOWNLOAD_TABLE,
    LR_SYNC_DOWNLOAD_HEADER,
    UPS_UPLOAD_ONLY,
    UPS_DNLOAD_ONLY,
    UPS_ONE_FOLDER,
    UPS_OK,
    UPH_OK,
    UPF_OK,
    UPC_OK,
    UPT_OK,
    UPM_OK,
    UPR_OK,
    UPD_OK,
    DNH_OK,
    DNT_OK,
    HSF_OK,
    HSF_LOCAL,
    HSF_COPYDESTRUCTIVE,
  },
  choices: {
    'init-once': 'the pages do not say whether InitSync may come again',
  },
  states: [
    { name: 'LR_SYNC_IDLE', neverEntered: 'the idle state page gives no state it is entered from', source: page('idle-state') },
    { name: 'LR_SYNC', structure: 'SYNC', parents: ['LR_SYNC_IDLE'], ok: { flag: 'UPS_OK' } },
    {
      name: 'LR_SYNC_UPLOAD_HIERARCHY',
      structure: 'UPHIER',
      parents: [{ state: 'LR_SYNC', when: { member: 'ulFlags', hasNone: ['UPS_DNLOAD_ONLY'] } }],
      ok: { flag: 'UPH_OK' },
    },
    {
      name: 'LR_SYNC_UPLOAD_FOLDER',
      structure: 'UPFLD',
      parents: [
        'LR_SYNC_UPLOAD_HIERARCHY',
        { state: 'LR_SYNC', when: { member: 'ulFlags', hasAll: ['UPS_UPLOAD_ONLY', 'UPS_ONE_FOLDER'] }, source: page('upload-folder-state') },
      ],
      ok: { flag: 'UPF_OK', source: page('about-the-replication-state-machine') },
    },
    { name: 'LR_SYNC_CONTENTS', structure: 'SYNCCONT', parents: ['LR_SYNC'], ok: { flag: 'UPC_OK' } },
    { name: 'LR_SYNC_UPLOAD_TABLE', structure: 'UPTBL', parents: ['LR_SYNC_CONTENTS'], ok: { flag: 'UPT_OK' } },
    { name: 'LR_SYNC_UPLOAD_MESSAGE', structure: 'UPMSG', parents: ['LR_SYNC_UPLOAD_TABLE'], ok: { flag: 'UPM_OK' } },
    {
      name: 'LR_SYNC_UPLOAD_MESSAGE_READ',
      structure: 'UPREAD',
      parents: ['LR_SYNC_UPLOAD_TABLE'],
      ok: { each: 'pupre', flag: 'UPR_OK' },
    },
    {
      name: 'LR_SYNC_UPLOAD_MESSAGE_DEL',
      structure: 'UPDEL',
      parents: ['LR_SYNC_UPLOAD_TABLE'],
      ok: { each: 'pupde', flag: 'UPD_OK' },
    },
    {
      name: 'LR_SYNC_DOWNLOAD_HIERARCHY',
      structure: 'DNHIER',
      parents: [{ state: 'LR_SYNC', when: { member: 'ulFlags', hasNone: ['UPS_UPLOAD_ONLY'] } }],
      ok: { flag: 'DNH_OK' },
    },
    { name: 'LR_SYNC_DOWNLOAD_TABLE', structure: 'DNTBL', parents: ['LR_SYNC_CONTENTS'], ok: { flag: 'DNT_OK' } },
    {
      name: 'LR_SYNC_DOWNLOAD_HEADER',
      structure: 'HDRSYNC',
      parents: ['LR_SYNC_IDLE'],
      ok: { flag: 'HSF_OK' },
      checks: [
        { if: { member: 'ulFlags', hasAll: ['HSF_OK'] }, then: { member: 'pmsgFull', notNull: true }, source: page('iostx-synchdrbeg') },
        { if: { member: 'ulFlags', hasAll: ['HSF_COPYDESTRUCTIVE'] }, then: { member: 'ulFlags', hasAll: ['HSF_LOCAL'] } },
      ],
    },
  ],
  methods: {
    InitSync: { role: 'init' },
    SyncBeg: { role: 'enter', stateParameter: 'uiSync', structureParameter: 'ppv', pairedWith: 'SyncEnd' },
    SyncHdrBeg: { role: 'enter', state: 'LR_SYNC_DOWNLOAD_HEADER', structureParameter: 'ppv', pairedWith: 'SyncHdrEnd' },
    SetSyncResult: { role: 'result', parameter: 'hrSync' },
    SyncEnd: { role: 'leave', requiresResult: true },
    SyncHdrEnd: { role: 'leave' },
    GetLastError: { role: 'last-error', out: 'lppMAPIError', flags: { ulFlags: [] }, source: page('iostx-getlasterror') },
  },
};

/** IMAPIProgress as a recorder: SetLimits stores, GetMin/GetMax/GetFlags answer; MAPI's defaults 1, 1000, MAPI_TOP_LEVEL. */
export const progressProtocol: ProtocolDescription = {
  kind: 'recorder',
  interface: 'IMAPIProgress',
  properties: { min: 1, max: 1000, flags: MAPI_TOP_LEVEL },
  methods: {
    SetLimits: { role: 'set', fields: { lpulMin: 'min', lpulMax: 'max', lpulFlags: 'flags' } },
    GetMin: { role: 'get', fields: { lpulMin: 'min' } },
    GetMax: { role: 'get', fields: { lpulMax: 'max' } },
    GetFlags: { role: 'get', fields: { lpulFlags: 'flags' } },
    Progress: { role: 'record' },
  },
};

// The generated classes, as the mocks package declares them.
export interface IOSTXMock extends ComMocked<IOSTX> {}
export class IOSTXMock extends ComMock<IOSTX> {
  constructor(options?: MockOptions) {
    super(vtables.IOSTX, { vtables, structs }, options);
  }
}

export interface IMAPIProgressMock extends ComMocked<IMAPIProgress> {}
export class IMAPIProgressMock extends ComMock<IMAPIProgress> {
  constructor(options?: MockOptions) {
    super(vtables.IMAPIProgress, { vtables, structs }, options);
  }
}

export interface IOSTXFake extends ComMocked<IOSTX> {}
export class IOSTXFake extends ProtocolFake<IOSTX, IOSTXStates> {
  constructor() {
    super(vtables.IOSTX, { vtables, structs }, iostxProtocol);
  }
}

export interface IMAPIProgressFake extends ComMocked<IMAPIProgress> {}
export class IMAPIProgressFake extends ProtocolFake<IMAPIProgress> {
  constructor() {
    super(vtables.IMAPIProgress, { vtables, structs }, progressProtocol);
  }
}

export interface IMAPISyncProgressCallbackFake extends ComMocked<IMAPISyncProgressCallback> {}
export class IMAPISyncProgressCallbackFake extends ProtocolFake<IMAPISyncProgressCallback> {
  constructor() {
    super(vtables.IMAPISyncProgressCallback, { vtables, structs });
  }
}
