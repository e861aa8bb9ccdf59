/**
 * The native descriptor's sources beside the IDL: deallocators from `@free` doc tags, live views from the
 * protocol descriptions; and the warnings of what native bindings cannot express (a code, the IDL location,
 * the reason), with the slot or structure generated anyway (no binding, or bytes of the right layout).
 */
import { ComWorkspace } from '@comidl/model';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildLibrary, checkProtocol, type Library } from '../src';
import { ConstantTable } from '../src/constants';
import { nativeLibraryPlan, type NativeLibraryPlan } from '../src/native/native-descriptor';
import type { CheckedProtocol } from '../src/protocol';
import { TypeMapper } from '../src/type-mapper';
import { REPO_ROOT } from './helpers';

const MAPI_SYNC = path.join(REPO_ROOT, 'idl/mapi-sync');

function protocolsOf(library: Library, files: string[]): CheckedProtocol[] {
  const types = new TypeMapper(library);
  const constants = new ConstantTable(library);
  return files.map((f) => {
    const file = path.join(MAPI_SYNC, f);
    const { protocol, problems } = checkProtocol({ file, text: readFileSync(file, 'utf8') }, library, types, (n) => constants.value(n));
    expect(problems).toEqual([]);
    return protocol!;
  });
}

const mapiSync = (() => {
  const library = buildLibrary(new ComWorkspace(), [path.join(MAPI_SYNC, 'mapi-sync.idl')], { root: REPO_ROOT });
  return { library, protocols: protocolsOf(library, ['iostx.protocol.json']) };
})();

function slotOf(plan: NativeLibraryPlan, itf: string, slot: string) {
  const s = plan.descriptor.interfaces.find((i) => i.name === itf)?.slots.find((x) => x.name === slot);
  if (!s) throw new Error(`${itf}::${slot} is not described`);
  return s;
}

/** The plan of an IDL text (self-contained: its own typedefs), written to a temporary file. */
function planOf(idl: string): { plan: NativeLibraryPlan; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'comidl-native-'));
  try {
    const file = path.join(dir, 'native.idl');
    writeFileSync(file, idl);
    const library = buildLibrary(new ComWorkspace(), [file], { root: dir });
    return { plan: nativeLibraryPlan(library, 'native'), file: 'native.idl' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PRELUDE = `
typedef long LONG; typedef unsigned long ULONG; typedef LONG HRESULT; typedef unsigned short WCHAR;
typedef struct _GUID { ULONG Data1; unsigned short Data2; unsigned short Data3; unsigned char Data4[8]; } GUID;
typedef GUID IID; typedef GUID *REFIID;
[object, uuid(00000000-0000-0000-c000-000000000046)] interface IUnknown
{ HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppv); ULONG AddRef(); ULONG Release(); }
[object, uuid(00020400-0000-0000-c000-000000000046)] interface IDispatch : IUnknown
{ HRESULT GetTypeInfoCount([out] ULONG *n); HRESULT GetTypeInfo([in] ULONG i, [in] ULONG lcid, [out] IUnknown **pp);
  HRESULT GetIDsOfNames([in] REFIID riid, [in] ULONG n); HRESULT Invoke([in] LONG id); }
`;

/** The line of the first line of `text` containing `needle` (1-based). */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('deallocators: @free doc tags', () => {
  test('IOSTX::GetLastError frees its MAPIERROR with MAPIFreeBuffer, as its @free tag says; other [out]s name none', () => {
    const plan = nativeLibraryPlan(mapiSync.library, 'mapi-sync', mapiSync.protocols);
    for (const itf of ['IOSTX', 'IPSTX']) {
      const p = slotOf(plan, itf, 'GetLastError').parameters.find((x) => x.name === 'lppMAPIError')!;
      expect(p.free).toBe('MAPIFreeBuffer');
    }
    // IPSTX::GetSyncObject's [out] is an interface pointer: no deallocator (COM's CoTaskMemFree is the default for memory).
    expect(slotOf(plan, 'IPSTX', 'GetSyncObject').parameters.map((p) => p.free)).toEqual([undefined]);
  });

  test('a @free tag naming no parameter, an [in] parameter or an unknown deallocator leaves the slot unbound, with N001 at the method', () => {
    const idl = `${PRELUDE}
typedef struct _BLOB { ULONG cb; } BLOB;
[object, uuid(12345678-0000-0000-0000-000000000001)] interface IFree : IUnknown
{
    /** @free ppBlob CoTaskMemFree */
    HRESULT Good([out] BLOB **ppBlob);
    /** @free ppBlob HeapFree */
    HRESULT Unknown([out] BLOB **ppBlob);
    /** @free pIn CoTaskMemFree */
    HRESULT In([in] BLOB *pIn);
    /** @free nothing CoTaskMemFree */
    HRESULT NoSuch([out] BLOB **ppBlob);
}
`;
    const { plan, file } = planOf(idl);
    expect(slotOf(plan, 'IFree', 'Good')).toMatchObject({ parameters: [{ name: 'ppBlob', free: 'CoTaskMemFree' }] });
    expect(slotOf(plan, 'IFree', 'Good').unsupported).toBeUndefined();
    for (const [slot, reason] of [
      ['Unknown', /deallocator HeapFree/],
      ['In', /\[in\] parameter pIn/],
      ['NoSuch', /no parameter nothing/],
    ] as const) {
      expect(slotOf(plan, 'IFree', slot).unsupported).toMatch(reason);
      const w = plan.warnings.find((d) => d.message.startsWith(`IFree::${slot} `));
      expect(w).toMatchObject({ code: 'N001', severity: 'warning', file, line: lineOf(idl, `HRESULT ${slot}(`) });
      expect(w!.message).toMatch(/E_NOTIMPL/);
    }
  });
});

describe('live views: the protocol descriptions', () => {
  test("SyncBeg hands out its state's structure through ppv, by uiSync, until SyncEnd; SyncHdrBeg its HDRSYNC until SyncHdrEnd", () => {
    const plan = nativeLibraryPlan(mapiSync.library, 'mapi-sync', mapiSync.protocols);
    const ppv = (slot: string) => slotOf(plan, 'IOSTX', slot).parameters.find((p) => p.name === 'ppv')!;
    expect(ppv('SyncBeg').view).toEqual({
      selector: 0,
      structures: { '1': 'SYNC', '2': 'UPHIER', '3': 'UPFLD', '4': 'SYNCCONT', '5': 'UPTBL', '6': 'UPMSG', '8': 'UPREAD', '9': 'UPDEL', '10': 'DNHIER', '11': 'DNTBL' },
      endedBy: 'SyncEnd',
    });
    expect(ppv('SyncHdrBeg').view).toEqual({ structure: 'HDRSYNC', endedBy: 'SyncHdrEnd' });
    // Without the description nothing says so: ppv is an address.
    const bare = nativeLibraryPlan(mapiSync.library, 'mapi-sync', []);
    expect(slotOf(bare, 'IOSTX', 'SyncBeg').parameters.find((p) => p.name === 'ppv')!.view).toBeUndefined();
  });
});

describe('warnings', () => {
  const idl = `${PRELUDE}
typedef struct _TAIL { ULONG n; unsigned char data[0]; } TAIL;
typedef struct _FLAGS { ULONG a : 3; ULONG b : 5; LONG c; } FLAGS;
[object, uuid(12345678-0000-0000-0000-000000000002)] interface IWarn : IUnknown
{
    HRESULT Fine([in] LONG n, [out] LONG *p);
    HRESULT Unsized([in] ULONG *pn, [in, size_is(*pn)] LONG *p);
    HRESULT Flags([in] FLAGS *p, [in] TAIL *t);
}
[uuid(12345678-0000-0000-0000-000000000003)] dispinterface DWarn
{
    properties:
    methods:
        [id(1)] void Ping();
}
`;
  const { plan, file } = planOf(idl);

  test('a slot that cannot be represented gets no binding and warns N001 at its method, with the reason', () => {
    expect(slotOf(plan, 'IWarn', 'Fine').unsupported).toBeUndefined();
    expect(slotOf(plan, 'IWarn', 'Flags').unsupported).toBeUndefined();
    const unsized = plan.warnings.find((d) => d.message.startsWith('IWarn::Unsized'));
    expect(unsized).toMatchObject({ code: 'N001', severity: 'warning', file, line: lineOf(idl, 'HRESULT Unsized(') });
    expect(unsized!.message).toMatch(/p: an array whose size cannot be known/);
    expect(slotOf(plan, 'IWarn', 'Unsized').unsupported).toMatch(/size cannot be known/);
    const ping = plan.warnings.find((d) => d.message.startsWith('DWarn::Ping'));
    expect(ping).toMatchObject({ code: 'N001', file, line: lineOf(idl, 'void Ping(') });
    expect(ping!.message).toMatch(/dispinterface/);
  });

  test('bit-fields are storage units listing their bits; a member koffi cannot declare makes the structure bytes of its layout, with N002', () => {
    const flags = plan.descriptor.structures.find((s) => s.name === 'FLAGS')!;
    expect(flags.opaque).toBeUndefined();
    expect(flags.fields[0].bitFields).toEqual([
      { name: 'a', type: 'uint32_t', offset: 0, width: 3 },
      { name: 'b', type: 'uint32_t', offset: 3, width: 5 },
    ]);
    const tail = plan.descriptor.structures.find((s) => s.name === 'TAIL')!;
    expect(tail.opaque).toMatch(/zero-length array/);
    expect(tail.layout!['8']).toMatchObject({ size: 4, align: 4 });
    expect(plan.warnings.find((d) => d.code === 'N002')).toMatchObject({ file, line: lineOf(idl, 'typedef struct _TAIL') });
  });

  test('every warning has a code, a location in the IDL and a reason', () => {
    expect(plan.warnings.length).toBeGreaterThanOrEqual(3);
    for (const w of plan.warnings) {
      expect(w.code).toMatch(/^N00[1-5]$/);
      expect(w.severity).toBe('warning');
      expect(w.line).toBeGreaterThan(0);
      expect(w.column).toBeGreaterThan(0);
      expect(w.message.length).toBeGreaterThan(20);
    }
  });
});
