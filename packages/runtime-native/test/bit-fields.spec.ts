/**
 * What koffi cannot declare itself: bit-fields (storage units whose bits are fields), nameless members (their
 * fields are the enclosing structure's) and opaque structures (bytes of a size and alignment). The C test
 * objects check generated descriptors of these against the C compiler's layouts; here, the values.
 */
import koffi from 'koffi';
import { bindLibrary, POINTER_SIZE, type NativeLibraryDescriptor } from '../src/index.js';
import { copyAt, writeStruct } from '../src/values.js';
import { OwnedBlocks } from '../src/memory.js';

const size = String(POINTER_SIZE);

/**
 * `struct BITS { ULONG a : 3; ULONG b : 5; LONG c : 2; USHORT d : 4; union { LONG l; float f; }; struct
 * { SHORT x; SHORT y; } pt; LPWSTR name; }` with MSVC's bit-field layout.
 */
const descriptor: NativeLibraryDescriptor = {
  name: 'bits',
  interfaces: [],
  structures: [
    {
      name: 'BITS',
      fields: [
        {
          name: '__bits0',
          type: 'uint32_t',
          bitFields: [
            { name: 'a', type: 'uint32_t', offset: 0, width: 3 },
            { name: 'b', type: 'uint32_t', offset: 3, width: 5 },
            { name: 'c', type: 'int32_t', offset: 8, width: 2 },
          ],
        },
        { name: '__bits1', type: 'uint16_t', bitFields: [{ name: 'd', type: 'uint16_t', offset: 0, width: 4 }] },
        { name: '__anon2', type: { kind: 'struct', name: 'BITS.__anon2' }, anonymous: true },
        { name: 'pt', type: { kind: 'struct', name: 'BITS.pt' } },
      ],
      layout: { [size]: { size: 16, align: 4, offsets: [0, 4, 8, 12], sizes: [4, 2, 4, 4] } },
    },
    { name: 'BITS.__anon2', kind: 'union', fields: [{ name: 'l', type: 'int32_t' }, { name: 'f', type: 'float' }] },
    { name: 'BITS.pt', fields: [{ name: 'x', type: 'int16_t' }, { name: 'y', type: 'int16_t' }] },
    {
      name: 'ARMS',
      kind: 'union',
      fields: [
        { name: 'n', type: 'uint32_t' },
        { name: 'text', type: { kind: 'string', encoding: 'utf16' } },
      ],
    },
    { name: 'BLOB', opaque: 'a zero-length array', fields: [], layout: { [size]: { size: 24, align: 8, offsets: [] } } },
    { name: 'HOLDER', fields: [{ name: 'tag', type: 'uint8_t' }, { name: 'blob', type: { kind: 'struct', name: 'BLOB' } }] },
  ],
};

const lib = bindLibrary(descriptor);

test('bit-fields read and write their bits of the storage unit, signed ones sign-extended', () => {
  const { view, address, free } = lib.allocateStructure<Record<string, number>>('BITS');
  view.a = 5;
  view.b = 31;
  view.c = -1;
  view.d = 9;
  // a in bits 0-2, b in 3-7, c (two bits, all set) in 8-9: 0b11_11111_101
  expect(koffi.decode(address, 'uint32_t')).toBe(0b1111111101);
  expect(koffi.decode(address + 4n, 'uint16_t')).toBe(9);
  expect([view.a, view.b, view.c, view.d]).toEqual([5, 31, -1, 9]);
  view.a = 9; // truncated to three bits, as C truncates: 0b001
  expect(view.a).toBe(1);
  expect(view.b).toBe(31); // its neighbours untouched
  view.c = 1;
  expect(view.c).toBe(1);
  free();
});

test("a nameless member's fields are the structure's own; a named inline one is a nested structure", () => {
  const { view, address, free } = lib.allocateStructure<Record<string, unknown>>('BITS');
  view.l = 0x3f800000;
  expect(view.f).toBe(1); // the union's other arm, over the same bytes
  (view.pt as Record<string, number>).y = -2;
  expect(koffi.decode(address + 8n, 'int32_t')).toBe(0x3f800000);
  expect(koffi.decode(address + 14n, 'int16_t')).toBe(-2);
  expect(Object.keys(lib.copyOf(view))).toEqual(['a', 'b', 'c', 'd', 'l', 'f', 'pt']);
  free();
});

test('copies and writes of whole structures take bit-fields and nameless members field by field', () => {
  const info = lib.structures.get('BITS');
  const sink = new OwnedBlocks();
  const block = sink.allocate(info.size);
  writeStruct(lib, info, block.view, block.offset, { a: 2, b: 3, c: -2, d: 15, l: 7, pt: { x: 1, y: 2 } }, sink, false, 'BITS');
  expect(copyAt(lib, { kind: 'struct', name: 'BITS' }, block.address, null)).toEqual({ a: 2, b: 3, c: -2, d: 15, l: 7, f: expect.any(Number), pt: { x: 1, y: 2 } });
  expect(() => writeStruct(lib, info, block.view, block.offset, { a: 2, b: 3, d: 1, l: 0, pt: { x: 0, y: 0 } }, sink, false, 'BITS')).toThrow('BITS.c: expected a number, got undefined');
  sink.freeAll();
});

test("a union's copy leaves out the arms that hold pointers: the live arm is unknown, and another's bits are no pointer", () => {
  const p = koffi.alloc('uint64_t', 1) as bigint;
  koffi.encode(p, 'uint64_t', 0xdeadbeefn); // as a pointer: memory at random
  expect(copyAt(lib, { kind: 'struct', name: 'ARMS' }, p, null)).toEqual({ n: 0xdeadbeef });
  koffi.free(p);
});

test('an opaque structure is bytes of its size and alignment; its values are Uint8Arrays', () => {
  const blob = lib.structures.get('BLOB');
  expect([blob.size, blob.alignment]).toEqual([24, 8]);
  const holder = lib.structures.get('HOLDER');
  expect(holder.fields.map((f) => f.offset)).toEqual([0, 8]);
  const { view, free } = lib.allocateStructure<{ tag: number; blob: Uint8Array }>('HOLDER');
  expect(view.blob).toEqual(new Uint8Array(24));
  view.blob[3] = 7; // over the memory
  view.blob = Uint8Array.from({ length: 24 }, (_x, i) => i);
  expect(lib.copyOf(view)).toEqual({ tag: 0, blob: Uint8Array.from({ length: 24 }, (_x, i) => i) });
  expect(() => {
    view.blob = new Uint8Array(3);
  }).toThrow('expected the 24 bytes of an opaque BLOB');
  expect(() => lib.allocateStructure('BLOB')).toThrow('BLOB is declared as bytes (a zero-length array), so it has no view');
  free();
});

test('bit-fields, nameless members and opaque structures that cannot be bound are refused', () => {
  const bad = (s: NativeLibraryDescriptor['structures']) => () => bindLibrary({ name: 'bad', interfaces: [], structures: s });
  expect(bad([{ name: 'S', fields: [{ name: '__bits0', type: 'uint8_t', bitFields: [{ name: 'a', type: 'uint8_t', offset: 6, width: 3 }] }] }])).toThrow(
    'bad: structure S: bit-field a (bits 6+3) does not fit its 8-bit unit __bits0',
  );
  expect(bad([{ name: 'S', fields: [{ name: '__bits0', type: { kind: 'opaque' }, bitFields: [] }] }])).toThrow('storage unit __bits0 is not an integer');
  expect(bad([{ name: 'S', fields: [{ name: '__anon0', type: 'uint32_t', anonymous: true }] }])).toThrow('nameless member __anon0 is not a structure');
  expect(
    bad([
      { name: 'S', fields: [{ name: 'x', type: 'uint32_t' }, { name: '__anon1', type: { kind: 'struct', name: 'T' }, anonymous: true }] },
      { name: 'T', fields: [{ name: 'x', type: 'uint32_t' }] },
    ]),
  ).toThrow('bad: structure S: two fields are reached as x');
  expect(bad([{ name: 'B', opaque: 'why', fields: [], layout: {} }])).toThrow(`bad: structure B is opaque (why) and has no layout for ${POINTER_SIZE * 8}-bit processes`);
});
