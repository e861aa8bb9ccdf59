/**
 * Exit 0 means the output compiles: each library below generates without an error, its packages compile
 * under strict (all cases in one program, since compiling the runtime is most of the cost) and import
 * (every module runs what it runs on import). The cases are the IDL that once generated packages that did
 * not compile, or threw on import, or named the wrong thing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { zeroStruct, type StructRecord } from '@comidl/runtime';
import { generate, type GeneratedPackage, type GenerateResult } from '../src';
import type { PackageKind } from '../src/package-files';
import { compilePackages, importPackages } from './helpers';

/** The packages that import no native code (the native package binds koffi when imported; its tests are native.spec.ts and the goldens). */
const PORTABLE: PackageKind[] = ['interfaces', 'proxies', 'mocks'];

const unknown = `typedef long LONG; typedef LONG HRESULT; typedef unsigned long ULONG; typedef unsigned char BYTE;
typedef struct _GUID { ULONG Data1; ULONG Data2; ULONG Data3; ULONG Data4; } GUID;
typedef GUID *REFIID;
[object, local, uuid(00000000-0000-0000-C000-000000000046)]
interface IUnknown { HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppvObject); ULONG AddRef(void); ULONG Release(void); }
`;
const iid = (n: number) => `12345678-1234-1234-1234-${n.toString(16).padStart(12, '0')}`;

const cases: Record<string, string> = {
  // No [object] interface at all: a constant only, then an RPC interface, then C++-style interfaces whose
  // vtable does not start with IUnknown's three methods (no proxy or stub for them).
  'no-object': `typedef long LONG; const LONG X = 1;`,
  'rpc-only': `typedef long LONG; [uuid(${iid(1)}), version(1.0)] interface RPC { void f([in] LONG x); LONG g([in] LONG y, [out] LONG *z); }`,
  'no-iunknown': `typedef long HRESULT; [uuid(${iid(1)})] interface IBar { HRESULT g(void); } [uuid(${iid(2)})] interface IFoo : IBar { HRESULT f([in] IFoo *p); }`,
  'object-no-base': `typedef long HRESULT; [object, uuid(${iid(1)})] interface IFoo { HRESULT f([in] IFoo *p); }`,
  'iunknown-not-object': unknown.replace('[object, local, uuid', '[local, uuid') + `[uuid(${iid(1)})] interface IFoo : IUnknown { HRESULT f([in] IFoo *p); }`,
  // Interfaces named like the classes generated for another, and like the runtime's helpers.
  'generated-names': `${unknown}[object, uuid(${iid(1)})] interface IFoo : IUnknown { HRESULT A(void); }
[object, uuid(${iid(2)})] interface IFooProxy : IUnknown { HRESULT B(void); }
[object, uuid(${iid(3)})] interface IFooMock : IUnknown { HRESULT C(void); }
[object, uuid(${iid(4)})] interface IFooStub : IUnknown { HRESULT D(void); }
[object, uuid(${iid(5)})] interface IFooAsyncProxy : IUnknown { HRESULT E(void); }`,
  // A method declared again in a derived interface, with other [out] parameters: the derived one is
  // IDerived_Get, and the mock's map of [out] parameters (every slot, inherited ones included) has both.
  'redeclared-method': `${unknown}[object, uuid(${iid(1)})] interface IBase : IUnknown { HRESULT Get([out] LONG *p); }
[object, uuid(${iid(2)})] interface IDerived : IBase { HRESULT Get([out] BYTE *b, [out] ULONG *q); }`,
  'runtime-names': `${unknown}[object, uuid(${iid(1)})] interface ComMock : IUnknown { HRESULT A(void); }
[object, uuid(${iid(2)})] interface StubDispatch : IUnknown { HRESULT B(void); }
[object, uuid(${iid(3)})] interface ComProxy : IUnknown { HRESULT C(void); }
[object, uuid(${iid(4)})] interface ComAsync : IUnknown { HRESULT D(void); }`,
  // A derived interface defined before its base, both forward-declared first (msxml2's ISAXXMLFilter and
  // ISAXXMLReader): its proxy class extends a class declared after it unless the base comes first.
  'derived-first': `${unknown}interface IReader; interface IFilter;
[object, uuid(${iid(1)})] interface IFilter : IReader { HRESULT Filter(void); }
[object, uuid(${iid(2)})] interface IReader : IUnknown { HRESULT Read(void); }`,
  // Object.prototype's names and then as IDL names.
  'prototype-names': `${unknown}typedef enum { __proto__ = 5, toString = 6, constructor = 7 } E;
typedef struct { ULONG __proto__; ULONG constructor; ULONG hasOwnProperty; } S;
[object, uuid(${iid(1)})] interface __proto__ : IUnknown { HRESULT then([in] ULONG x); HRESULT __proto__([in] S *s); HRESULT valueOf(void); }
[object, uuid(${iid(2)})] interface toString : IUnknown { HRESULT constructor(void); }`,
  // A byte array no Uint8Array can be, beside one that is built; arrays of arrays and of structures that
  // multiply past the bounds of a zero value (1 MiB of bytes, 65,536 values).
  'huge-array': `${unknown}typedef struct { BYTE b[0x7fffffffff]; ULONG n; } BIG; typedef struct { BYTE b[16]; BIG *p; } SMALL;
typedef struct { BYTE b[65536]; } KB64; typedef struct { KB64 k[16]; } MB1; typedef struct { KB64 k[17]; } OVER;
typedef struct { ULONG v[256][256]; } SQUARE; typedef struct { ULONG v[256][256][256]; } CUBE; typedef struct { CUBE c[256]; } CUBES;`,
};

let results: Record<string, GenerateResult>;
let compiled: string[];
let imported: Record<string, Record<string, unknown>>;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'comidl-strict-'));
  results = {};
  for (const [name, idl] of Object.entries(cases)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'input.idl'), idl);
    results[name] = generate({ files: [path.join(dir, name, 'input.idl')], scope: `@${name}`, name, source: name, root: dir, kinds: PORTABLE });
  }
  const packages: GeneratedPackage[] = Object.values(results).flatMap((r) => r.packages);
  compiled = compilePackages(packages);
  imported = importPackages(packages);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('output that compiles and imports', () => {
  it('generates every case without a diagnostic, as three packages', () => {
    for (const [name, r] of Object.entries(results)) {
      expect({ name, diagnostics: r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`) }).toEqual({ name, diagnostics: [] });
      expect(r.packages.map((p) => p.name)).toEqual([`@${name}/interfaces`, `@${name}/proxies`, `@${name}/mocks`]);
    }
  });

  it('compiles every case under strict', () => {
    expect(compiled).toEqual([]);
  });

  it('imports every package', () => {
    expect(Object.keys(imported).length).toBe(3 * Object.keys(cases).length);
    expect(imported['@no-object/interfaces']!['X']).toBe(1);
  });

  it('gives an interface whose vtable does not start with IUnknown its layout and mock, but no proxy or stub', () => {
    const vtables = imported['@no-iunknown/interfaces']!['vtables'] as Record<string, { slots: { name: string }[] }>;
    // IBar has no [object] and no base: an RPC interface, no slots; IFoo's own method is slot 0.
    expect(vtables['IFoo']!.slots.map((s) => s.name)).toEqual(['f']);
    expect(typeof imported['@no-iunknown/mocks']!['IFooMock']).toBe('function');
    expect(Object.keys(imported['@no-iunknown/proxies']!).filter((k) => k !== 'proxyStubs')).toEqual([]);
    // An IUnknown without [object] is an RPC interface too: IFoo's vtable starts with f, and IFoo crosses no channel.
    expect(typeof imported['@iunknown-not-object/mocks']!['IFooMock']).toBe('function');
    expect(imported['@iunknown-not-object/proxies']!['IFooProxy']).toBeUndefined();
    expect(typeof imported['@generated-names/proxies']!['IUnknownProxy']).toBe('function');
  });

  it('renames a generated class whose name an interface took, predictably, and its doc says so', () => {
    const mocks = imported['@generated-names/mocks']!;
    const proxies = imported['@generated-names/proxies']!;
    // IFooMock (the interface) takes the name first; IFoo's mock becomes IFooMock_, IFooMock's IFooMockMock.
    expect(Object.keys(mocks).sort()).toEqual(['IFooAsyncProxyMock', 'IFooMockMock', 'IFooMock_', 'IFooProxyMock', 'IFooStubMock', 'IUnknownMock']);
    expect(Object.keys(proxies)).toEqual(expect.arrayContaining(['IFooProxy_', 'IFooStub_', 'IFooAsyncProxy_', 'IFooProxyProxy']));
    const text = results['generated-names']!.packages.find((p) => p.name === '@generated-names/mocks')!.files.map((f) => f.text).join('');
    expect(text).toContain('Named `IFooMock_`: `IFooMock` is taken by a declaration of the IDL or another generated name.');
  });

  it('maps every slot with [out] parameters under its method name in the mock\'s <I>OutParameters, a redeclared method under its new name', () => {
    const text = results['redeclared-method']!.packages.find((p) => p.name === '@redeclared-method/mocks')!.files.map((f) => f.text).join('');
    expect(text).toContain(
      'export interface IDerivedOutParameters {\n  QueryInterface: { ppvObject: IUnknown | null };\n  Get: { p: LONG };\n  IDerived_Get: { b: BYTE; q: ULONG };\n}',
    );
    expect(text).toContain('export class IDerivedMock extends ComMock<IDerived, IDerivedOutParameters>');
  });

  it("renames an interface named like a runtime helper, and leaves the runtime's names to the runtime", () => {
    const interfaces = results['runtime-names']!.packages[0]!.files.map((f) => f.text).join('');
    for (const n of ['ComMock', 'StubDispatch', 'ComProxy', 'ComAsync']) expect(interfaces).toContain(`export interface ${n}_ extends IUnknown`);
    expect(Object.keys(imported['@runtime-names/mocks']!)).toEqual(expect.arrayContaining(['ComMock_Mock', 'StubDispatch_Mock']));
  });

  it('makes no proxy or mock thenable: a method named then is then_, and the vtable names it then', () => {
    const vtables = imported['@prototype-names/interfaces']!['vtables'] as Record<string, { slots: { name: string; index: number }[] }>;
    expect(Object.getPrototypeOf(vtables)).toBeNull();
    expect(vtables['__proto__']!.slots.slice(3).map((s) => [s.name, s.index])).toEqual([['then', 3], ['__proto__', 4], ['valueOf', 5]]);
    expect(vtables['toString']!.slots[3]!.name).toBe('constructor');
    for (const [pkg, cls] of [['proxies', '__proto___Proxy'], ['proxies', '__proto___AsyncProxy']] as const) {
      const prototype = (imported[`@prototype-names/${pkg}`]![cls] as { prototype: object }).prototype;
      expect({ cls, then: 'then' in prototype, then_: typeof (prototype as Record<string, unknown>)['then_'] }).toEqual({ cls, then: false, then_: 'function' });
    }
    // A mock makes its methods when it is made.
    const mock = new (imported['@prototype-names/mocks']!['__proto___Mock'] as new () => object)();
    expect({ then: 'then' in mock, then_: typeof (mock as Record<string, unknown>)['then_'] }).toEqual({ then: false, then_: 'function' });
  });

  it("names Object.prototype's names as enum members, struct fields and interfaces", async () => {
    const interfaces = imported['@prototype-names/interfaces']!;
    const e = interfaces['E'] as object;
    // An enum object cannot hold __proto__ (assigning it sets the prototype): the member is __proto___.
    expect(['__proto___', 'toString', 'constructor'].map((m) => Object.getOwnPropertyDescriptor(e, m)?.value)).toEqual([5, 6, 7]);
    expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
    const structs = interfaces['structs'] as Record<string, { fields: { name: string }[]; zero: object }>;
    expect(structs['S']!.fields.map((f) => f.name)).toEqual(['__proto__', 'constructor', 'hasOwnProperty']);
    expect(Object.getOwnPropertyNames(structs['S']!.zero)).toEqual(['__proto__', 'constructor', 'hasOwnProperty']);
    // A mock is not taken for a promise: awaiting it gives the mock itself.
    const Mock = imported['@prototype-names/mocks']!['__proto___Mock'] as new () => object;
    const mock = new Mock();
    expect(await Promise.resolve(mock)).toBe(mock);
  });

  it('gives a structure whose zero value is too large to build (a huge byte array, arrays that multiply) none, and imports', () => {
    const structs = imported['@huge-array/interfaces']!['structs'] as Record<string, { fields: { name: string }[]; zero?: unknown }>;
    expect(structs['BIG']!.fields.map((f) => f.name)).toEqual(['b', 'n']);
    expect('zero' in structs['BIG']!).toBe(false);
    expect((structs['SMALL']!.zero as { b: Uint8Array }).b).toEqual(new Uint8Array(16));
    expect(['MB1', 'OVER', 'SQUARE', 'CUBE', 'CUBES'].map((n) => 'zero' in structs[n]!)).toEqual([true, false, false, false, false]);
    expect((structs['MB1']!.zero as { k: { b: Uint8Array }[] }).k.map((k) => k.b.length)).toEqual(Array(16).fill(65536));
    expect(() => zeroStruct(structs as unknown as StructRecord, 'BIG')).toThrow('structure BIG has no zero value: it is too large to build one of');
  });
});
