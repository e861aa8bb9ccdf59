/**
 * Structures declared for koffi by layout, and live views of them. (The C test objects check the same layouts
 * against what a C compiler gives for the widl-generated header.)
 */
import { bindLibrary, liveExportCount, POINTER_SIZE, type NativeLibraryDescriptor } from '../src/index.js';
import { readGuid, writeGuid } from '../src/guid-bytes.js';
import { calcLibrary, IID_ICalc } from './calc-library.js';


test('a GUID is stored as Windows stores it: Data1-3 little-endian, then Data4\'s bytes', () => {
  const v = new DataView(new ArrayBuffer(16));
  writeGuid(v, 0, '{D2D85DB4-840F-49B8-9982-07D2405EC6B7}');
  expect(Buffer.from(v.buffer).toString('hex')).toBe('b45dd8d20f84b849998207d2405ec6b7');
  expect(readGuid(v, 0)).toBe('d2d85db4-840f-49b8-9982-07d2405ec6b7');
  expect(() => writeGuid(v, 0, 'not-a-guid')).toThrow('not a GUID');
});

const lib = bindLibrary(calcLibrary);

test('#pragma pack(n) caps each field\'s alignment; natural alignment otherwise', () => {
  const packed = lib.structures.get('PACKED');
  expect([packed.size, packed.alignment, packed.fields.map((f) => f.offset)]).toEqual([14, 2, [0, 2, 6]]);
  const rec = lib.structures.get('REC');
  const p = POINTER_SIZE;
  // name, id (GUID, 4-aligned), cb, pb, peer
  expect(rec.fields.map((f) => f.offset)).toEqual([0, p, p + 16, p === 8 ? 32 : 24, p === 8 ? 40 : 28]);
  const one = bindLibrary({ name: 'p1', interfaces: [], structures: [{ name: 'S', pack: 1, fields: [{ name: 'a', type: 'uint8_t' }, { name: 'b', type: 'uint32_t' }] }] });
  expect(one.structures.get('S').size).toBe(5);
  // Packing that depends on the architecture: by pointer size.
  const arch = bindLibrary({ name: 'p2', interfaces: [], structures: [{ name: 'S', pack: { [String(POINTER_SIZE)]: 2 }, fields: [{ name: 'a', type: 'uint8_t' }, { name: 'b', type: 'uint32_t' }] }] });
  expect(arch.structures.get('S').size).toBe(6);
  const other = bindLibrary({ name: 'p3', interfaces: [], structures: [{ name: 'S', pack: { [String(12 - POINTER_SIZE)]: 2 }, fields: [{ name: 'a', type: 'uint8_t' }, { name: 'b', type: 'uint32_t' }] }] });
  expect(other.structures.get('S').size).toBe(8);
  const union = bindLibrary({ name: 'u', interfaces: [], structures: [{ name: 'U', kind: 'union', fields: [{ name: 'a', type: 'uint8_t' }, { name: 'b', type: 'double' }] }] });
  expect([union.structures.get('U').size, union.structures.get('U').fields.map((f) => f.offset)]).toEqual([8, [0, 0]]);
  // A union under #pragma pack(1) (xaudio2.idl's WAVEFORMATEXTENSIBLE.Samples) is aligned to 1 too.
  const packedUnion = bindLibrary({ name: 'pu', interfaces: [], structures: [{ name: 'U', kind: 'union', pack: 1, fields: [{ name: 'a', type: 'uint16_t' }, { name: 'b', type: 'uint32_t' }] }] });
  expect([packedUnion.structures.get('U').size, packedUnion.structures.get('U').alignment]).toEqual([4, 1]);
});

test('a layout the model gives is checked against koffi\'s, and a difference refuses the library', () => {
  const described = (offsets: number[], size: number, sizes?: number[]): NativeLibraryDescriptor => ({
    name: 'checked',
    interfaces: [],
    structures: [
      { name: 'S', fields: [{ name: 'a', type: 'uint8_t' }, { name: 'b', type: 'uint32_t' }], layout: { [String(POINTER_SIZE)]: { size, align: 4, offsets, ...(sizes ? { sizes } : {}) } } },
    ],
  });
  expect(() => bindLibrary(described([0, 4], 8, [1, 4]))).not.toThrow();
  expect(() => bindLibrary(described([0, 1], 5))).toThrow(`checked: structure S: koffi's layout (${POINTER_SIZE * 8}-bit) differs from the model's: size 8, the model says 5; b at offset 4, the model says 1`);
  expect(() => bindLibrary(described([0, 4], 8, [1, 2]))).toThrow('b of 4 bytes, the model says 2');
});

test('descriptors that cannot be bound are refused with what is wrong', () => {
  const s = (fields: NativeLibraryDescriptor['structures'][number]['fields']): NativeLibraryDescriptor => ({ name: 'bad', interfaces: [], structures: [{ name: 'S', fields }] });
  expect(() => bindLibrary(s([{ name: 'p', type: { kind: 'pointer', to: 'uint8_t' }, sizeIs: 'n' }]))).toThrow('bad: structure S: size_is(n) of field p names no field');
  expect(() => bindLibrary(s([{ name: 'x', type: { kind: 'struct', name: 'S' } }]))).toThrow('bad: structure S contains itself by value');
  expect(() => bindLibrary(s([{ name: 'x', type: { kind: 'struct', name: 'T' } }]))).toThrow('bad: no structure named T is described');
  expect(() => bindLibrary({ name: 'bad', structures: [], interfaces: [{ name: 'I', iid: IID_ICalc, base: 'IBase', slots: [] }] })).toThrow("bad: I's base IBase is not described before it");
});

test('a live view reads and writes the memory; assigned strings live as long as the view; its end stops every access', () => {
  const { view, address, free } = lib.allocateStructure<Record<string, unknown>>('REC');
  expect(typeof address).toBe('bigint');
  expect(lib.copyOf(view)).toEqual({ name: null, id: '00000000-0000-0000-0000-000000000000', cb: 0, pb: null, peer: null });
  view.name = 'Posteingang';
  view.id = '{0BADC0DE-0000-4000-8000-000000000001}';
  view.cb = 3;
  view.pb = new Uint8Array([1, 2, 3]);
  expect(view.name).toBe('Posteingang');
  expect(view.id).toBe(IID_ICalc);
  const bytes = view.pb as Uint8Array;
  expect(bytes).toEqual(new Uint8Array([1, 2, 3]));
  bytes[1] = 20; // a Uint8Array over the memory itself
  expect((view.pb as Uint8Array)[1]).toBe(20);
  expect(JSON.stringify(view)).toContain('"name":"Posteingang"');
  expect(() => {
    (view as Record<string, unknown>).nmae = 'typo';
  }).toThrow(TypeError);
  const peer = { Add: () => 0 };
  view.peer = peer;
  expect(view.peer).toBe(peer);
  expect(liveExportCount()).toBe(1); // the structure holds a reference
  view.peer = null; // ...and gives it back when replaced
  expect(liveExportCount()).toBe(0);
  free();
  expect(() => view.cb).toThrow('REC.cb: this view of native memory (a REC allocated by calc) ended: it was freed; copy what is needed before');
  expect(() => {
    view.cb = 1;
  }).toThrow('ended');
});
