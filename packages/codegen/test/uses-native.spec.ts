/**
 * Native bindings with `"uses"`: two libraries, base (IBase) and user (IUser : IBase, whose methods return an
 * IBase through an [out] pointer and take one [in]), generated through the driver, compiled under strict,
 * imported, and called through koffi on a C object: a hand-made vtable compiled by the system's C compiler
 * (`cc`, or $CC). An [out] IBase comes back as @base/native's IBaseNative (not a wrapper class of the user
 * library's own), IUserNative extends it, and a TypeScript IBase passed [in] is called back by the C code.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLibrary, type GeneratedPackage, type LibraryRun } from '../src';
import { compilePackages, importPackages, RUNTIME_NATIVE_INDEX } from './helpers';

const BASE = `typedef long LONG; typedef unsigned long ULONG; typedef LONG HRESULT;
typedef struct _GUID { ULONG Data1; unsigned short Data2; unsigned short Data3; unsigned char Data4[8]; } GUID;
typedef GUID IID; typedef GUID *REFIID;
[object, uuid(00000000-0000-0000-c000-000000000046)] interface IUnknown
{ HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppv); ULONG AddRef(); ULONG Release(); }
[object, uuid(123456b1-0000-0000-0000-000000000001)] interface IBase : IUnknown { HRESULT Value([out] LONG *v); }
`;
const USER = `import "../base/base.idl";
[object, uuid(123456a1-0000-0000-0000-000000000001)] interface IUser : IBase
{ HRESULT Base([out] IBase **base); HRESULT Sum([in] IBase *other, [out] LONG *v); }
`;

/** The C objects: a user object (IUser, value n) whose Base makes a base object (IBase, value 2n). */
const C_SOURCE = `#include <stdint.h>
#include <stdlib.h>
#include <string.h>
typedef int32_t HRESULT;
typedef struct { uint32_t d1; uint16_t d2, d3; uint8_t d4[8]; } Iid;
typedef struct Obj Obj;
typedef struct {
  HRESULT (*QueryInterface)(Obj *, const Iid *, void **);
  uint32_t (*AddRef)(Obj *);
  uint32_t (*Release)(Obj *);
  HRESULT (*Value)(Obj *, int32_t *);
  HRESULT (*Base)(Obj *, Obj **);
  HRESULT (*Sum)(Obj *, Obj *, int32_t *);
} Vtbl;
struct Obj { const Vtbl *vtbl; uint32_t refs; int32_t value; int user; };
static int live;
static const Iid IID_IUnknown_ = { 0x00000000, 0, 0, { 0xc0, 0, 0, 0, 0, 0, 0, 0x46 } };
static const Iid IID_IBase_ = { 0x123456b1, 0, 0, { 0, 0, 0, 0, 0, 0, 0, 1 } };
static const Iid IID_IUser_ = { 0x123456a1, 0, 0, { 0, 0, 0, 0, 0, 0, 0, 1 } };
static HRESULT qi(Obj *o, const Iid *riid, void **ppv) {
  if (!memcmp(riid, &IID_IUnknown_, 16) || !memcmp(riid, &IID_IBase_, 16) || (o->user && !memcmp(riid, &IID_IUser_, 16))) {
    *ppv = o; o->refs++; return 0;
  }
  *ppv = NULL; return (HRESULT)0x80004002;
}
static uint32_t add_ref(Obj *o) { return ++o->refs; }
static uint32_t release(Obj *o) { uint32_t n = --o->refs; if (!n) { live--; free(o); } return n; }
static HRESULT value(Obj *o, int32_t *v) { *v = o->value; return 0; }
static const Vtbl base_vtbl = { qi, add_ref, release, value, NULL, NULL };
static Obj *make(const Vtbl *vtbl, int32_t v, int user) { Obj *o = calloc(1, sizeof *o); o->vtbl = vtbl; o->refs = 1; o->value = v; o->user = user; live++; return o; }
static HRESULT base(Obj *o, Obj **pp) { *pp = make(&base_vtbl, 2 * o->value, 0); return 0; }
static HRESULT sum(Obj *o, Obj *other, int32_t *v) {
  int32_t x = 0;
  HRESULT hr = other->vtbl->Value(other, &x);
  *v = o->value + x;
  return hr;
}
static const Vtbl user_vtbl = { qi, add_ref, release, value, base, sum };
HRESULT create_user(int32_t v, Obj **pp) { *pp = make(&user_vtbl, v, 1); return 0; }
int live_objects(void) { return live; }
`;

type Box = { value: unknown };
type Wrapper = Record<string, (...args: unknown[]) => unknown> & { constructor: unknown };

function write(dir: string, files: Record<string, unknown>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
}

const text = (packages: readonly GeneratedPackage[], file: string) => packages.find((p) => p.kind === 'native')!.files.find((f) => f.path === file)!.text;

describe('uses: native bindings over a used library’s native package, called on a C object', () => {
  let dir: string;
  let base: LibraryRun;
  let user: LibraryRun;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'comidl-uses-native-'));
    write(dir, {
      'base/base.idl': BASE,
      'base/comidl.config.json': { name: 'base', scope: '@base', files: ['base.idl'] },
      'user/user.idl': USER,
      'user/comidl.config.json': { name: 'user', scope: '@user', files: ['user.idl'], uses: ['../base'] },
      'objects.c': C_SOURCE,
    });
    const run = (lib: string) => runLibrary({ library: { kind: 'config', file: path.join(dir, lib, 'comidl.config.json') }, outDir: path.join(dir, 'out'), root: dir });
    base = run('base');
    user = run('user');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("binds the user library over the base library's: its descriptor leaves IBase to it", () => {
    for (const r of [base, user]) expect([r.problems, r.result?.diagnostics]).toEqual([[], []]);
    expect([...text(user.packages, 'src/descriptor.ts').matchAll(/^\s+name: '(\w+)',\n\s+iid: /gm)].map((m) => m[1])).toEqual(['IUser']);
    expect([...text(base.packages, 'src/descriptor.ts').matchAll(/^\s+name: '(\w+)',\n\s+iid: /gm)].map((m) => m[1])).toEqual(['IBase']);
    expect(text(user.packages, 'src/library.ts')).toMatch(/^export const userNative: NativeLibrary = bindLibrary\(userNativeDescriptor, \{ uses: \[baseNative\] \}\);$/m);
    expect(text(user.packages, 'src/library.ts')).toMatch(/^import \{ baseNative \} from '@base\/native';$/m);
    expect(compilePackages([...base.packages, ...user.packages])).toEqual([]);
  });

  it('calls a C object through both native packages: an [out] IBase is an IBaseNative of @base/native, an [in] IBase is called back', () => {
    const runtimeNative = require(RUNTIME_NATIVE_INDEX) as Record<string, unknown>;
    // koffi as the native runtime loads it (the code generator itself does not depend on it).
    const koffi = createRequire(RUNTIME_NATIVE_INDEX)('koffi') as {
      load(file: string): { func(name: string, result: string, parameters: unknown[]): (...args: unknown[]) => unknown };
      out(t: unknown): unknown;
      pointer(t: string): unknown;
    };
    const cc = process.env['CC'] ?? 'cc';
    const so = path.join(dir, 'objects.so');
    const built = spawnSync(cc, ['-shared', '-fPIC', '-O2', '-Wall', '-Werror', '-o', so, path.join(dir, 'objects.c')], { encoding: 'utf8' });
    if (built.error || built.status !== 0) throw new Error(`this test builds a C object with ${cc} (set CC to another C compiler): ${built.error?.message ?? built.stderr}`);
    const lib = koffi.load(so);
    const createUser = lib.func('create_user', 'int32_t', ['int32_t', koffi.out(koffi.pointer('void *'))]);
    const liveObjects = lib.func('live_objects', 'int', []);

    const portable = (r: LibraryRun) => r.packages.filter((p) => p.kind === 'interfaces' || p.kind === 'native');
    const loaded = importPackages([...portable(base), ...portable(user)], { '@comidl/runtime-native': runtimeNative });
    const IBaseNative = loaded['@base/native']!['IBaseNative'] as { new (...a: never[]): unknown };
    const IUserNative = loaded['@user/native']!['IUserNative'] as { attach(p: bigint): Wrapper; prototype: object };
    expect(Object.getPrototypeOf(IUserNative.prototype)).toBe(IBaseNative.prototype);
    // The base library's class stays its own: the user library cannot rebind it.
    const userNative = loaded['@user/native']!['userNative'] as { implement(name: string, cls: unknown): void };
    expect(() => userNative.implement('IBase', IBaseNative)).toThrow("IBase is base's interface: its class is implemented there");

    const p: bigint[] = [0n];
    expect(createUser(7, p)).toBe(0);
    const u = IUserNative.attach(p[0]!);
    const v: Box = { value: 0 };
    expect(u['Value']!(v)).toBe(0);
    expect(v.value).toBe(7);

    const out: Box = { value: null };
    expect(u['Base']!(out)).toBe(0);
    expect(out.value).toBeInstanceOf(IBaseNative);
    expect((out.value as Wrapper).constructor).toBe(IBaseNative);
    const b = out.value as Wrapper;
    expect(b['Value']!(v)).toBe(0);
    expect(v.value).toBe(14);

    // A TypeScript IBase passed [in]: exported through the base library's binding, called back by the C code.
    let calls = 0;
    const fromTs = { Value: (x: Box) => ((x.value = 5), calls++, 0) };
    expect(u['Sum']!(fromTs, v)).toBe(0);
    expect([v.value, calls]).toEqual([12, 1]);
    // The wrapper of the C base object passed [in] is its own pointer.
    expect(u['Sum']!(b, v)).toBe(0);
    expect(v.value).toBe(21);

    expect(liveObjects()).toBe(2);
    b['Release']!();
    u['Release']!();
    expect(liveObjects()).toBe(0);
  });
});
