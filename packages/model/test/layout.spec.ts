/**
 * Structure layouts under the Windows data model: natural alignment, #pragma pack (and Wine's pshpack
 * includes, by _WIN64), unions, encapsulated unions, nameless members, bit-fields, arrays sized by
 * constants, 32-bit pointers. The same layouts are checked against the C compiler over Wine's headers by
 * `npm run conformance` (tools/wine/layout-conformance.mjs).
 */
import * as path from 'node:path';
import { ComWorkspace, LayoutError, scopeTypes, type StructLayout } from '../src';

const BASE = `
typedef unsigned char BYTE;
typedef unsigned short WORD;
typedef unsigned long ULONG;
typedef long LONG;
typedef __int64 LONGLONG;
typedef wchar_t WCHAR;
typedef void *PVOID;
typedef struct _GUID { ULONG Data1; WORD Data2; WORD Data3; BYTE Data4[8]; } GUID;
`;

let count = 0;

/** The layout of every named structure an IDL text defines, for a pointer size. */
function layouts(text: string, pointerSize: 4 | 8 = 8): Map<string, StructLayout | LayoutError> {
  const file = path.resolve(`/layout/l${++count}.idl`);
  const workspace = new ComWorkspace({ host: { readFile: (p) => (p === file ? BASE + text : undefined) } });
  workspace.load(file);
  const unit = workspace.unit(file);
  const abi = scopeTypes(workspace.scope(unit));
  const out = new Map<string, StructLayout | LayoutError>();
  for (const [node, name] of unit.index.aggregateNames) if (node.kind !== 'enum') out.set(name, abi.layouts(pointerSize).layout(node));
  return out;
}

const offsets = (l: StructLayout | LayoutError | undefined) => {
  if (!l || l instanceof LayoutError) throw new Error(`no layout: ${l?.message}`);
  return { size: l.size, align: l.align, fields: l.fields.map((f) => [f.name, f.offset]) };
};

describe('structure layouts (Windows data model)', () => {
  it('aligns each field naturally and pads the end: long is 32-bit, pointers follow the pointer size', () => {
    const text = 'typedef struct { BYTE b; LONG l; PVOID p; WCHAR w; LONGLONG q; GUID g; } S;';
    expect(offsets(layouts(text).get('S'))).toEqual({
      size: 48,
      align: 8,
      fields: [['b', 0], ['l', 4], ['p', 8], ['w', 16], ['q', 24], ['g', 32]],
    });
    expect(offsets(layouts(text, 4).get('S'))).toEqual({
      size: 40,
      align: 8,
      fields: [['b', 0], ['l', 4], ['p', 8], ['w', 12], ['q', 16], ['g', 24]],
    });
  });

  it("honours #pragma pack (push, pop) and Wine's pshpack includes under #ifdef _WIN64", () => {
    const text = `
#pragma pack(push, 2)
typedef struct { BYTE b; LONGLONG q; } P2;
#pragma pack(pop)
typedef struct { BYTE b; LONGLONG q; } NATURAL;
cpp_quote("#ifdef _WIN64")
cpp_quote("#include <pshpack8.h>")
cpp_quote("#else")
cpp_quote("#include <pshpack1.h>")
cpp_quote("#endif")
typedef struct { BYTE b; ULONG l; } BY_ARCH;
cpp_quote("#include <poppack.h>")
typedef struct { BYTE b; ULONG l; } AFTER;
`;
    const l64 = layouts(text);
    expect(offsets(l64.get('P2'))).toEqual({ size: 10, align: 2, fields: [['b', 0], ['q', 2]] });
    expect(offsets(l64.get('NATURAL'))).toEqual({ size: 16, align: 8, fields: [['b', 0], ['q', 8]] });
    expect(offsets(l64.get('BY_ARCH'))).toEqual({ size: 8, align: 4, fields: [['b', 0], ['l', 4]] });
    expect(offsets(layouts(text, 4).get('BY_ARCH'))).toEqual({ size: 5, align: 1, fields: [['b', 0], ['l', 1]] });
    expect(offsets(l64.get('AFTER'))).toEqual({ size: 8, align: 4, fields: [['b', 0], ['l', 4]] });
  });

  it('lays out unions, encapsulated unions and nameless members', () => {
    const text = `
typedef union { BYTE b; LONGLONG q; WCHAR w[5]; } U;
typedef union _E switch (ULONG kind) u { case 1: BYTE b; case 2: LONGLONG q; } E;
typedef struct { ULONG first; union { ULONG a; PVOID p; }; ULONG last; } NAMELESS;
`;
    const l = layouts(text);
    expect(offsets(l.get('U'))).toEqual({ size: 16, align: 8, fields: [['b', 0], ['q', 0], ['w', 0]] });
    expect(offsets(l.get('E'))).toEqual({ size: 16, align: 8, fields: [['kind', 0], ['b', 8], ['q', 8]] });
    const nameless = l.get('NAMELESS') as StructLayout;
    expect(offsets(nameless)).toEqual({ size: 24, align: 8, fields: [['first', 0], ['', 8], ['last', 16]] });
    expect(nameless.fields[1].anonymous!.fields.map((f) => [f.name, f.offset])).toEqual([['a', 0], ['p', 0]]);
  });

  it('sizes arrays by constant expressions, packs bit-fields of one type into one unit, counts a conformant array once', () => {
    const text = `
const ULONG MAX_NAME = 4 * 2;
typedef struct { WCHAR name[MAX_NAME + 1]; ULONG flags; } NAMED;
typedef struct { ULONG a : 3; ULONG b : 30; WORD c : 2; } BITS;
typedef struct { ULONG cb; [size_is(cb)] BYTE ab[]; } BLOB;
`;
    const l = layouts(text);
    expect(offsets(l.get('NAMED'))).toEqual({ size: 24, align: 4, fields: [['name', 0], ['flags', 20]] });
    const bits = l.get('BITS') as StructLayout;
    expect(bits.fields.map((f) => [f.name, f.offset, f.bits])).toEqual([
      ['a', 0, { offset: 0, width: 3 }],
      ['b', 4, { offset: 0, width: 30 }],
      ['c', 8, { offset: 0, width: 2 }],
    ]);
    expect(bits.size).toBe(12);
    expect(offsets(l.get('BLOB'))).toEqual({ size: 8, align: 4, fields: [['cb', 0], ['ab', 4]] });
  });

  it('says why a structure has no layout', () => {
    const text = `
struct OPAQUE;
typedef struct { struct OPAQUE inner; } HOLDS_OPAQUE;
typedef struct { ULONG a[UNKNOWN_SIZE]; } UNSIZED;
`;
    const l = layouts(text);
    expect((l.get('HOLDS_OPAQUE') as LayoutError).message).toBe('inner: OPAQUE is declared but never defined');
    expect((l.get('UNSIZED') as LayoutError).message).toBe('the size of array a cannot be computed');
  });
});
