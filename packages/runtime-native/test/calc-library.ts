/**
 * A small library that uses every kind of parameter the runtime marshals, for tests that export a TypeScript
 * implementation and call it back through a native wrapper: both sides of every kind go through koffi and
 * real function pointers, with no C compiler needed. (The C test objects of @comidl/mapi-sync-native-test check
 * the same kinds against code a C compiler laid out.)
 */
import type { HRESULT, InOut, Out } from '@comidl/runtime';
import type { NativeLibraryDescriptor } from '../src/index.js';

export const IID_ICalc = '0badc0de-0000-4000-8000-000000000001';
export const IID_ICalc2 = '0badc0de-0000-4000-8000-000000000002';
export const IID_IOther = '0badc0de-0000-4000-8000-000000000003';

const ptr = (to: import('../src/index.js').NativeType) => ({ kind: 'pointer', to }) as const;
const utf16 = { kind: 'string', encoding: 'utf16' } as const;

export const calcLibrary: NativeLibraryDescriptor = {
  name: 'calc',
  structures: [
    {
      name: 'REC',
      fields: [
        { name: 'name', type: utf16 },
        { name: 'id', type: { kind: 'guid' } },
        { name: 'cb', type: 'uint32_t' },
        { name: 'pb', type: ptr('uint8_t'), sizeIs: 'cb' },
        { name: 'peer', type: { kind: 'interface', name: 'ICalc' } },
      ],
    },
    { name: 'PACKED', pack: 2, fields: [{ name: 'b', type: 'uint8_t' }, { name: 'u', type: 'uint32_t' }, { name: 'll', type: 'int64_t' }] },
    { name: 'POINT', fields: [{ name: 'x', type: 'int32_t' }, { name: 'y', type: 'int32_t' }] },
    { name: 'ENTRY', fields: [{ name: 'abFlags', type: { kind: 'array', of: 'uint8_t', length: 4 } }, { name: 'ab', type: { kind: 'array', of: 'uint8_t', length: 1 } }] },
    {
      name: 'ERR',
      fields: [
        { name: 'ulVersion', type: 'uint32_t' },
        { name: 'lpszError', type: { kind: 'string', encoding: 'ansi' } },
        { name: 'lpszComponent', type: { kind: 'string', encoding: 'ansi' } },
      ],
    },
  ],
  interfaces: [
    {
      name: 'ICalc',
      iid: IID_ICalc,
      base: 'IUnknown',
      slots: [
        { name: 'Add', returns: 'HRESULT', parameters: [{ name: 'a', direction: 'in', type: 'int32_t' }, { name: 'b', direction: 'in', type: 'int32_t' }, { name: 'sum', direction: 'out', type: ptr('int32_t') }] },
        { name: 'Name', returns: 'HRESULT', parameters: [{ name: 'ppsz', direction: 'out', type: ptr(utf16) }] },
        {
          name: 'Echo',
          returns: 'HRESULT',
          parameters: [
            { name: 'bstrIn', direction: 'in', type: { kind: 'string', encoding: 'bstr' } },
            { name: 'pbstrOut', direction: 'out', type: ptr({ kind: 'string', encoding: 'bstr' }) },
          ],
        },
        { name: 'Guid', returns: 'HRESULT', parameters: [{ name: 'riid', direction: 'in', type: ptr({ kind: 'guid' }) }, { name: 'pguid', direction: 'out', type: ptr({ kind: 'guid' }) }] },
        {
          name: 'Sum',
          returns: 'HRESULT',
          parameters: [
            { name: 'c', direction: 'in', type: 'uint32_t' },
            { name: 'values', direction: 'in', type: ptr('int32_t'), sizeIs: 0 },
            { name: 'total', direction: 'out', type: ptr('int64_t') },
          ],
        },
        { name: 'Fill', returns: 'HRESULT', parameters: [{ name: 'c', direction: 'in', type: 'uint32_t' }, { name: 'buffer', direction: 'out', type: ptr('uint8_t'), sizeIs: 0 }] },
        { name: 'PutRec', returns: 'HRESULT', parameters: [{ name: 'prec', direction: 'in', type: ptr({ kind: 'struct', name: 'REC' }) }] },
        { name: 'GetRec', returns: 'HRESULT', parameters: [{ name: 'pprec', direction: 'out', type: ptr(ptr({ kind: 'struct', name: 'REC' })) }] },
        { name: 'GetError', returns: 'HRESULT', parameters: [{ name: 'pperr', direction: 'out', type: ptr(ptr({ kind: 'struct', name: 'ERR' })), free: 'MAPIFreeBuffer' }] },
        {
          name: 'Child',
          returns: 'HRESULT',
          parameters: [
            { name: 'pin', direction: 'in', type: { kind: 'interface', name: 'ICalc' } },
            { name: 'ppout', direction: 'out', type: ptr({ kind: 'interface', name: 'ICalc' }) },
          ],
        },
        { name: 'Fail', returns: 'HRESULT', parameters: [] },
        { name: 'Reserved', returns: 'HRESULT', parameters: [], unsupported: 'a placeholder slot' },
        { name: 'Point', returns: 'HRESULT', parameters: [{ name: 'pt', direction: 'in', type: { kind: 'struct', name: 'POINT' } }, { name: 'ppt', direction: 'out', type: ptr({ kind: 'struct', name: 'POINT' }) }] },
        { name: 'Entry', returns: 'HRESULT', parameters: [{ name: 'cb', direction: 'in', type: 'uint32_t' }, { name: 'pentry', direction: 'in', type: ptr({ kind: 'struct', name: 'ENTRY' }) }] },
        { name: 'Count', returns: 'HRESULT', parameters: [{ name: 'pul', direction: 'in,out', type: ptr('uint32_t') }] },
        { name: 'Packed', returns: 'HRESULT', parameters: [{ name: 'pp', direction: 'in,out', type: ptr({ kind: 'struct', name: 'PACKED' }) }] },
        { name: 'Version', returns: 'uint64_t', parameters: [] },
      ],
    },
    { name: 'ICalc2', iid: IID_ICalc2, base: 'ICalc', slots: [{ name: 'Twice', returns: 'HRESULT', parameters: [{ name: 'a', direction: 'in', type: 'int32_t' }, { name: 'pa', direction: 'out', type: ptr('int32_t') }] }] },
    { name: 'IOther', iid: IID_IOther, base: 'IUnknown', slots: [{ name: 'Ping', returns: 'HRESULT', parameters: [] }] },
  ],
};

export interface REC {
  name: string | null;
  id: string;
  cb: number;
  pb: Uint8Array | null;
  peer: ICalc | null;
}

export interface ICalc {
  Add(a: number, b: number, sum: Out<number>): HRESULT;
  Name(ppsz: Out<string | null>): HRESULT;
  Echo(bstrIn: string | null, pbstrOut: Out<string | null>): HRESULT;
  Guid(riid: string, pguid: Out<string>): HRESULT;
  Sum(c: number, values: number[] | null, total: Out<bigint>): HRESULT;
  Fill(c: number, buffer: Out<Uint8Array>): HRESULT;
  PutRec(prec: REC | null): HRESULT;
  GetRec(pprec: Out<REC | null>): HRESULT;
  GetError(pperr: Out<{ ulVersion: number; lpszError: string | null; lpszComponent: string | null } | null>): HRESULT;
  Child(pin: ICalc | null, ppout: Out<ICalc | null>): HRESULT;
  Fail(): HRESULT;
  Point(pt: { x: number; y: number }, ppt: Out<{ x: number; y: number }>): HRESULT;
  Entry(cb: number, pentry: { abFlags: Uint8Array; ab: Uint8Array } | null): HRESULT;
  Count(pul: InOut<number>): HRESULT;
  Packed(pp: InOut<{ b: number; u: number; ll: bigint }>): HRESULT;
  Version(): bigint;
}
