/**
 * `emit: 'reached'`: a library limited to its named files' declarations and what they refer to,
 * transitively, wherever in the import closure it is declared; the output compiles under strict. On a small
 * library of three files, and on Wine's mmdeviceapi.idl when the corpus is there (a failure on CI without it).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate, type GenerateOptions, type GenerateResult } from '../src';
import { compilePackages, REPO_ROOT } from './helpers';

const BASE = `typedef long LONG; typedef LONG HRESULT; typedef unsigned long ULONG;
typedef struct _GUID { ULONG Data1; ULONG Data2; ULONG Data3; ULONG Data4; } GUID;
typedef GUID *REFIID;
[object, local, uuid(00000000-0000-0000-C000-000000000046)]
interface IUnknown { HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppvObject); ULONG AddRef(void); ULONG Release(void); }
typedef struct tagUNUSED { ULONG x; } UNUSED;
[object, uuid(12345678-1234-1234-1234-000000000001)] interface IUnused : IUnknown { HRESULT U([in] UNUSED *u); }
typedef enum tagMODE { MODE_A = 1, MODE_B = 2 } MODE;
typedef enum tagOTHER { OTHER_A = 1 } OTHER;
`;
const MID = `import "base.idl";
typedef struct tagPOINT { LONG x; LONG y; } POINT;
typedef struct tagSHAPE { POINT corners[4]; struct tagSHAPE *next; } SHAPE, *LPSHAPE;
[object, uuid(12345678-1234-1234-1234-000000000002)] interface IMid : IUnknown { HRESULT M([in] LPSHAPE s); }
[object, uuid(12345678-1234-1234-1234-000000000003)] interface IOther : IUnknown { HRESULT O([in] OTHER o); }
`;
const ENTRY = `import "mid.idl";
const ULONG DEFAULT_MODE = MODE_B;
[object, uuid(12345678-1234-1234-1234-000000000004)] interface IEntry : IMid { HRESULT F([in] ULONG mode, [out] IMid **mid); }
`;

/** The names the interfaces package exports, from its index and modules (`export type X`, `export const X`...). */
function exported(result: GenerateResult): Set<string> {
  const pkg = result.packages.find((p) => p.kind === 'interfaces')!;
  const names = new Set<string>();
  for (const f of pkg.files) for (const m of f.text.matchAll(/^export (?:type|interface|const|enum|class|function) (\w+)/gm)) names.add(m[1]);
  return names;
}

function vtableNames(result: GenerateResult): string[] {
  const vtables = result.packages.find((p) => p.kind === 'interfaces')!.files.find((f) => f.path === 'src/vtables.ts')!.text;
  return [...vtables.matchAll(/^ {4}'(\w+)': \{$/gm)].map((m) => m[1]);
}

describe("emit: 'reached' on a small library", () => {
  let dir: string;
  let all: GenerateResult;
  let reached: GenerateResult;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'comidl-reach-'));
    for (const [name, text] of Object.entries({ 'base.idl': BASE, 'mid.idl': MID, 'entry.idl': ENTRY })) writeFileSync(path.join(dir, name), text);
    const options: GenerateOptions = { files: ['entry.idl'], scope: '@reach', name: 'reach', source: '.', root: dir };
    all = generate(options);
    reached = generate({ ...options, emit: 'reached' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates without errors, either way, and nothing falls back to an untyped type (G002: a name not generated)', () => {
    for (const r of [all, reached]) expect(r.diagnostics).toEqual([]);
    expect(all.packages).toHaveLength(4);
    expect(reached.packages).toHaveLength(4);
  });

  it('keeps the named file and what it reaches: bases, parameter types through typedefs, tags, by-value fields, the enum of a constant', () => {
    expect(all.interfaceCount).toBe(5);
    expect(reached.interfaceCount).toBe(3);
    expect(vtableNames(reached)).toEqual(['IUnknown', 'IMid', 'IEntry']);
    const names = exported(reached);
    for (const name of ['IEntry', 'IMid', 'IUnknown', 'IID_IEntry', 'DEFAULT_MODE', 'MODE', 'LPSHAPE', 'SHAPE', 'POINT', 'GUID', 'REFIID', 'HRESULT', 'ULONG', 'LONG']) {
      expect({ name, exported: names.has(name) }).toEqual({ name, exported: true });
    }
    for (const name of ['IUnused', 'IID_IUnused', 'UNUSED', 'IOther', 'OTHER']) {
      expect({ name, exported: names.has(name) }).toEqual({ name, exported: false });
      expect(exported(all).has(name)).toBe(true);
    }
  });

  it('names a declaration as the whole closure does', () => {
    const text = (r: GenerateResult) => r.packages.find((p) => p.kind === 'interfaces')!.files.find((f) => f.path === 'src/entry.ts')!.text;
    expect(text(reached)).toBe(text(all));
  });

  it('compiles under strict, with every package', () => {
    expect(compilePackages(reached.packages)).toEqual([]);
  });
});

const WINE_DIRS = ['usr/include/wine/wine/windows', 'usr/include/wine/wine'].map((d) => path.join(REPO_ROOT, '.cache/wine/root', d));
const MMDEVICEAPI = path.join(WINE_DIRS[0], 'mmdeviceapi.idl');

if (!existsSync(MMDEVICEAPI) && process.env['CI']) {
  it("emit: 'reached' on Wine's mmdeviceapi.idl needs the corpus", () => {
    throw new Error(`no ${MMDEVICEAPI}: CI must fetch the Wine corpus (npm run wine:fetch)`);
  });
} else if (!existsSync(MMDEVICEAPI)) {
  console.warn('skipped: Wine corpus not fetched; run npm run wine:fetch');
  it.skip("emit: 'reached' on Wine's mmdeviceapi.idl", () => undefined);
} else {
  describe("emit: 'reached' on Wine's mmdeviceapi.idl", () => {
    let all: GenerateResult;
    let reached: GenerateResult;
    beforeAll(() => {
      const root = path.join(REPO_ROOT, '.cache/wine/root');
      const options: GenerateOptions = {
        files: [MMDEVICEAPI],
        scope: '@mmdevice',
        name: 'mmdevice',
        source: 'usr/include/wine/wine/windows',
        root,
        includeDirs: WINE_DIRS,
        defines: { __WIDL__: '0x80000', _WIN32: '1' },
      };
      all = generate(options);
      reached = generate({ ...options, emit: 'reached' });
    });

    it('carries the interfaces mmdeviceapi.idl declares and what they reach, not the whole closure', () => {
      expect(all.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(reached.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      // Every warning of the limited library is one the whole closure has too: no type fell back because
      // what it names was left out.
      const key = (d: { file: string; line: number; column: number; code: string; message: string }) => `${d.file}:${d.line}:${d.column}: ${d.code} ${d.message}`;
      const whole = new Set(all.diagnostics.map(key));
      expect(reached.diagnostics.map(key).filter((k) => !whole.has(k))).toEqual([]);
      console.log(`mmdeviceapi.idl: ${all.interfaceCount} interfaces in ${all.moduleCount} modules (all) -> ${reached.interfaceCount} in ${reached.moduleCount} (reached)`);
      const names = vtableNames(reached);
      for (const name of ['IMMDevice', 'IMMDeviceEnumerator', 'IMMNotificationClient', 'IMMDeviceCollection', 'IPropertyStore', 'IUnknown']) expect(names).toContain(name);
      expect(reached.interfaceCount).toBeLessThan(all.interfaceCount / 4);
    });

    it('compiles under strict', () => {
      expect(compilePackages(reached.packages)).toEqual([]);
    });
  });
}
