/**
 * GUIDs in memory: `Data1` (32-bit), `Data2`, `Data3` (16-bit) little-endian as Windows stores them, then the
 * eight bytes of `Data4`; in TypeScript the lowercase string of @comidl/runtime (`00000000-0000-0000-c000-000000000046`).
 */
import { parseGuid, type GUID } from '@comidl/runtime';

export const GUID_SIZE = 16;

/** Writes `guid` at `offset` of `view`. A malformed string is E_INVALIDARG (a ComError), as parseGuid says. */
export function writeGuid(view: DataView, offset: number, guid: GUID): void {
  const hex = parseGuid(guid).replace(/-/g, '');
  view.setUint32(offset, parseInt(hex.slice(0, 8), 16), true);
  view.setUint16(offset + 4, parseInt(hex.slice(8, 12), 16), true);
  view.setUint16(offset + 6, parseInt(hex.slice(12, 16), 16), true);
  for (let i = 0; i < 8; i++) view.setUint8(offset + 8 + i, parseInt(hex.slice(16 + 2 * i, 18 + 2 * i), 16));
}

export function readGuid(view: DataView, offset: number): GUID {
  const h = (n: number, digits: number) => n.toString(16).padStart(digits, '0');
  let tail = '';
  for (let i = 0; i < 8; i++) tail += h(view.getUint8(offset + 8 + i), 2);
  return `${h(view.getUint32(offset, true), 8)}-${h(view.getUint16(offset + 4, true), 4)}-${h(view.getUint16(offset + 6, true), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/** A GUID as koffi decodes the GUID structure (`{ Data1, Data2, Data3, Data4 }`) to the string form. */
export function guidFromFields(raw: { Data1: number; Data2: number; Data3: number; Data4: ArrayLike<number> }): GUID {
  const bytes = new DataView(new ArrayBuffer(GUID_SIZE));
  bytes.setUint32(0, raw.Data1, true);
  bytes.setUint16(4, raw.Data2, true);
  bytes.setUint16(6, raw.Data3, true);
  for (let i = 0; i < 8; i++) bytes.setUint8(8 + i, raw.Data4[i]);
  return readGuid(bytes, 0);
}

/** The `{ Data1, Data2, Data3, Data4 }` object koffi encodes for the GUID structure. */
export function guidToFields(guid: GUID): { Data1: number; Data2: number; Data3: number; Data4: Uint8Array } {
  const bytes = new DataView(new ArrayBuffer(GUID_SIZE));
  writeGuid(bytes, 0, guid);
  return {
    Data1: bytes.getUint32(0, true),
    Data2: bytes.getUint16(4, true),
    Data3: bytes.getUint16(6, true),
    Data4: new Uint8Array(bytes.buffer, 8, 8).slice(),
  };
}

/** The 16 bytes of a GUID as Windows stores them: what a `REFCLSID`/`REFIID` argument points to. */
export function guidBytes(guid: GUID): Uint8Array {
  const view = new DataView(new ArrayBuffer(GUID_SIZE));
  writeGuid(view, 0, guid);
  return new Uint8Array(view.buffer);
}
