/**
 * `"uses"`: a library whose config names other libraries' configs generates only what they do not: what
 * comes from a used library's IDL files is imported from its packages, which the generated package.json
 * files depend on; `vtables` still has every interface the library's users call. Three libraries in the
 * system's temporary folder (base <- mid <- app, app using both), generated through the driver, compiled
 * together under strict and imported. A cycle of uses and a used library the IDL does not import are
 * located config errors.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLibrary, type GeneratedPackage, type LibraryRun } from '../src';
import { compilePackages, importPackages, REPO_ROOT } from './helpers';

const BASE = `typedef long LONG; typedef LONG HRESULT; typedef unsigned long ULONG;
typedef struct _GUID { ULONG Data1; ULONG Data2; ULONG Data3; ULONG Data4; } GUID;
typedef GUID *REFIID;
[object, local, uuid(00000000-0000-0000-C000-000000000046)]
interface IUnknown { HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppvObject); ULONG AddRef(void); ULONG Release(void); }
typedef enum tagMODE { MODE_A = 1, MODE_B = 2 } MODE;
`;
const MID = `import "../base/base.idl";
typedef struct tagPOINT { LONG x; LONG y; } POINT;
[object, uuid(12345678-1234-1234-1234-000000000002)] interface IMid : IUnknown { HRESULT M([in] POINT *p, [in] MODE m); }
`;
const APP = `import "../mid/mid.idl";
import "empty.idl";
typedef struct tagSHAPE { POINT corners[4]; MODE mode; } SHAPE;
[object, uuid(12345678-1234-1234-1234-000000000004)] interface IApp : IMid { HRESULT F([in] SHAPE *s, [out] IMid **mid); }
`;
const config = (name: string, uses: string[] | undefined) => JSON.stringify({ name, scope: `@${name}`, files: [`${name}.idl`], ...(uses ? { uses } : {}) });

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

const run = (dir: string, lib: string): LibraryRun => runLibrary({ library: { kind: 'config', file: path.join(dir, lib, 'comidl.config.json') }, outDir: path.join(dir, 'out'), root: dir });
const text = (packages: readonly GeneratedPackage[], kind: string, file: string) => packages.find((p) => p.kind === kind)?.files.find((f) => f.path === file)?.text;

describe('uses: a library over the packages of the libraries it uses', () => {
  let dir: string;
  let base: LibraryRun;
  let mid: LibraryRun;
  let app: LibraryRun;
  let inlined: LibraryRun;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'comidl-uses-'));
    write(dir, {
      'base/base.idl': BASE,
      'base/comidl.config.json': config('base', undefined),
      'mid/mid.idl': MID,
      'mid/comidl.config.json': config('mid', ['../base/comidl.config.json']),
      'app/app.idl': APP,
      'app/empty.idl': 'import "../mid/mid.idl";\n',
      'app/comidl.config.json': config('app', ['../mid']),
      'whole/comidl.config.json': JSON.stringify({ name: 'whole', scope: '@whole', files: ['../app/app.idl'] }),
    });
    [base, mid, app, inlined] = ['base', 'mid', 'app', 'whole'].map((lib) => run(dir, lib));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates each library', () => {
    for (const r of [base, mid, app, inlined]) {
      expect(r.problems).toEqual([]);
      expect(r.result?.diagnostics).toEqual([]);
      expect(r.packages).toHaveLength(4);
    }
  });

  it('generates no module of a used library, and imports its declarations from its packages', () => {
    const files = (r: LibraryRun, kind: string) => r.packages.find((p) => p.kind === kind)!.files.map((f) => f.path).filter((f) => /^src\/(base|mid|app|empty)\.ts$/.test(f));
    expect(files(inlined, 'interfaces')).toEqual(['src/base.ts', 'src/mid.ts', 'src/empty.ts', 'src/app.ts']);
    // A file of its own without declarations keeps its (empty) module, as without uses.
    expect(files(app, 'interfaces')).toEqual(['src/empty.ts', 'src/app.ts']);
    expect(files(app, 'proxies')).toEqual(['src/app.ts']);
    expect(files(app, 'mocks')).toEqual(['src/app.ts']);
    expect(files(mid, 'interfaces')).toEqual(['src/mid.ts']);
    const appInterfaces = text(app.packages, 'interfaces', 'src/app.ts')!;
    expect(appInterfaces).toMatch(/^import type \{ IMid, POINT \} from '@mid\/interfaces';$/m);
    expect(appInterfaces).toMatch(/^import type \{ GUID, HRESULT, MODE \} from '@base\/interfaces';$/m);
    expect(appInterfaces).not.toMatch(/from '@app\/|from '\.\/(base|mid)\.js'/);
    expect(text(app.packages, 'proxies', 'src/app.ts')).toMatch(/^import \{ .*IMidProxy.* \} from '@mid\/proxies';$/m);
  });

  it('depends on the used packages in package.json', () => {
    const deps = (kind: string) => (JSON.parse(text(app.packages, kind, 'package.json')!) as { dependencies: Record<string, string> }).dependencies;
    expect(Object.keys(deps('interfaces')).sort()).toEqual(['@base/interfaces', '@comidl/runtime', '@mid/interfaces']);
    expect(Object.keys(deps('proxies')).sort()).toEqual(['@app/interfaces', '@base/interfaces', '@base/proxies', '@comidl/runtime', '@mid/interfaces', '@mid/proxies']);
    // Outside a workspace, as the siblings: file: links to the used packages' folders beside these, so that no
    // install asks a registry for them.
    expect(deps('proxies')).toMatchObject({ '@mid/interfaces': 'file:../mid-interfaces', '@mid/proxies': 'file:../mid-proxies', '@base/proxies': 'file:../base-proxies' });
  });

  it("keeps every interface its users call in vtables, the used libraries' included", () => {
    const vtables = text(app.packages, 'interfaces', 'src/vtables.ts')!;
    expect([...vtables.matchAll(/^ {4}'(\w+)': \{$/gm)].map((m) => m[1])).toEqual(['IUnknown', 'IMid', 'IApp']);
    expect(vtables).toBe(text(inlined.packages, 'interfaces', 'src/vtables.ts')!.replaceAll('@whole/', '@app/').replaceAll('whole', 'app'));
  });

  it('compiles with the used packages under strict, and imports', () => {
    const portable = (r: LibraryRun) => r.packages.filter((p) => p.kind !== 'native');
    expect(compilePackages([...base.packages, ...mid.packages, ...app.packages])).toEqual([]);
    const loaded = importPackages([...portable(base), ...portable(mid), ...portable(app)]);
    const vtables = loaded['@app/interfaces']!['vtables'] as Record<string, { slots: unknown[] }>;
    expect(vtables['IApp']!.slots).toHaveLength(5);
    expect(typeof loaded['@app/proxies']!['IAppProxy']).toBe('function');
  });
});

describe("uses: this repository's mapi-sync over com and mapi libraries (configs in a temporary copy of idl/)", () => {
  let dir: string;
  let runs: Record<string, LibraryRun>;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'comidl-uses-mapi-'));
    for (const lib of ['com', 'mapi', 'mapi-sync']) cpSync(path.join(REPO_ROOT, 'idl', lib), path.join(dir, lib), { recursive: true });
    rmSync(path.join(dir, 'mapi-sync/vtable.lock.json'));
    const mapiSync = JSON.parse(readFileSync(path.join(dir, 'mapi-sync/comidl.config.json'), 'utf8')) as Record<string, unknown>;
    write(dir, {
      'com/comidl.config.json': JSON.stringify({ name: 'com', scope: '@com', files: ['unknwn.idl', 'wtypes.idl', 'objidl.idl'] }),
      'mapi/comidl.config.json': JSON.stringify({ name: 'mapi', scope: '@mapi', files: ['mapidefs.idl'], uses: ['../com'] }),
      'mapi-sync/comidl.config.json': JSON.stringify({ ...mapiSync, $schema: undefined, uses: ['../mapi'] }),
    });
    runs = Object.fromEntries(['com', 'mapi', 'mapi-sync'].map((lib) => [lib, run(dir, lib)]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates mapi-sync without the modules of com and mapi; its vtables still lay out IUnknown and IMAPIProgress', () => {
    for (const r of Object.values(runs)) expect(r.problems).toEqual([]);
    const modules = runs['mapi-sync']!.packages.find((p) => p.kind === 'interfaces')!.files.map((f) => f.path).sort();
    expect(modules).toEqual(['README.md', 'comidl.manifest.json', 'package.json', 'src/index.ts', 'src/mapi-sync.ts', 'src/mapisync.ts', 'src/ostx.ts', 'src/replconst.ts', 'src/repltypes.ts', 'src/vtables.ts', 'tsconfig.cjs.json', 'tsconfig.json', 'tsconfig.lib.json']);
    const vtables = text(runs['mapi-sync']!.packages, 'interfaces', 'src/vtables.ts')!;
    for (const name of ['IUnknown', 'IMAPIProgress', 'IOSTX', 'IMAPISyncProgressCallback']) expect(vtables).toContain(`'${name}': {`);
    // The fake of IMAPIProgress (a mapi interface) is mapi-sync's: its protocol description is.
    expect(text(runs['mapi-sync']!.packages, 'mocks', 'src/fakes.ts')).toMatch(/^import type \{ IMAPIProgress \} from '@mapi\/interfaces';$/m);
  });

  it('compiles, all four packages of the three libraries, under strict', () => {
    expect(compilePackages(Object.values(runs).flatMap((r) => r.packages))).toEqual([]);
  });
});

describe('uses: located config errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'comidl-uses-errors-'));
    write(dir, {
      'base/base.idl': BASE,
      'a/a.idl': 'import "../base/base.idl";\n',
      'a/comidl.config.json': config('a', ['../b/comidl.config.json']),
      'b/b.idl': 'import "../base/base.idl";\n',
      'b/comidl.config.json': config('b', ['../a/comidl.config.json']),
      'lone/lone.idl': 'typedef long LONG;\n',
      'lone/comidl.config.json': config('lone', undefined),
      'c/c.idl': 'import "../base/base.idl";\n',
      'c/comidl.config.json': `{\n  "name": "c", "scope": "@c", "files": ["c.idl"],\n  "uses": ["../lone", "../none/comidl.config.json", 3]\n}\n`,
      'x/x.idl': 'typedef long delete_;\n',
      'x/comidl.config.json': config('x', undefined),
      'y/y.idl': 'typedef long delete;\n',
      'y/comidl.config.json': config('y', undefined),
      'z/z.idl': 'import "../x/x.idl";\nimport "../y/y.idl";\ntypedef delete Z;\n',
      'z/comidl.config.json': config('z', ['../x', '../y']),
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('two used libraries that name alike: what one names delete_ the other cannot name so here', () => {
    const r = run(dir, 'z');
    expect(r.packages).toEqual([]);
    expect(r.problems).toEqual([expect.stringMatching(/^z\/comidl\.config\.json:1:\d+: error: uses\[1\]: \.\.\/y: y names delete \(delete_ there, delete__ here\) otherwise than this library would import them/)]);
  });

  it('a cycle of uses', () => {
    const r = run(dir, 'a');
    expect(r.packages).toEqual([]);
    expect(r.problems).toEqual([
      expect.stringMatching(/^b\/comidl\.config\.json:1:\d+: error: uses\[0\]: \.\.\/a\/comidl\.config\.json: a cycle of uses: a\/comidl\.config\.json -> b\/comidl\.config\.json -> a\/comidl\.config\.json$/),
    ]);
  });

  it('a used library the IDL does not import, one that does not exist, one that is no path', () => {
    const r = run(dir, 'c');
    expect(r.packages).toEqual([]);
    expect(r.problems).toEqual([
      expect.stringMatching(/^c\/comidl\.config\.json:3:23: error: uses\[1\]: \.\.\/none\/comidl\.config\.json: the library config does not exist$/),
      expect.stringMatching(/^c\/comidl\.config\.json:3:53: error: uses\[2\]: must be a non-empty string/),
    ]);
    write(dir, { 'c/comidl.config.json': `{\n  "name": "c", "scope": "@c", "files": ["c.idl"],\n  "uses": ["../lone"]\n}\n` });
    const lone = run(dir, 'c');
    expect(lone.packages).toEqual([]);
    expect(lone.problems).toEqual(['c/comidl.config.json:3:12: error: uses[0]: ../lone: the library imports none of its IDL files (lone/lone.idl)']);
    write(dir, {
      'base/comidl.config.json': JSON.stringify({ name: 'base', scope: '@base', files: ['base.idl'], emit: 'reached' }),
      'c/comidl.config.json': `{\n  "name": "c", "scope": "@c", "files": ["c.idl"],\n  "uses": ["../base"]\n}\n`,
    });
    const reached = run(dir, 'c');
    expect(reached.packages).toEqual([]);
    expect(reached.problems).toEqual(['c/comidl.config.json:3:12: error: uses[0]: ../base: base generates only what its files reach ("emit": "reached"); a used library generates all']);
  });
});

describe('uses in the sources form', () => {
  let dir: string;
  const sourcesConfig = (name: string, uses: string[] | undefined, form: string) =>
    JSON.stringify({ ...(JSON.parse(config(name, uses)) as object), form });
  const libraries = (forms: Record<'base' | 'mid' | 'app', string>) => ({
    'base/base.idl': BASE,
    'base/comidl.config.json': sourcesConfig('base', undefined, forms.base),
    'mid/mid.idl': MID,
    'mid/comidl.config.json': sourcesConfig('mid', ['../base'], forms.mid),
    'app/app.idl': APP,
    'app/empty.idl': 'import "../mid/mid.idl";\n',
    'app/comidl.config.json': sourcesConfig('app', ['../mid'], forms.app),
  });
  beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'comidl-uses-sources-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const appFiles = (r: LibraryRun) => r.packages.flatMap((p) => p.files.filter((f) => f.path.endsWith('.ts')).map((f) => ({ file: `${p.directory}/${f.path}`, text: f.text })));

  it('imports a used library in the sources form by relative paths from its folder beside; the three compile together', () => {
    const at = path.join(dir, 'all-sources');
    write(at, libraries({ base: 'sources', mid: 'sources', app: 'sources' }));
    const [base, mid, app] = ['base', 'mid', 'app'].map((lib) => run(at, lib));
    for (const r of [base, mid, app]) expect({ problems: r.problems, diagnostics: r.result?.diagnostics }).toEqual({ problems: [], diagnostics: [] });
    expect(text(app.packages, 'proxies', 'app.ts')).toContain("from '../../mid/proxies/mid.js';");
    expect(text(app.packages, 'interfaces', 'app.ts')).toContain("from '../../base/interfaces/base.js';");
    expect(appFiles(app).filter((f) => /from '@(base|mid|app)\//.test(f.text)).map((f) => f.file)).toEqual([]);
    // Nothing of the used libraries to install: only the runtime's packages.
    expect(Object.keys(app.result!.sourcesDependencies!)).toEqual(['@comidl/runtime', '@comidl/runtime-native', 'jest-mock', 'koffi']);
    expect(compilePackages([...base.packages, ...mid.packages, ...app.packages])).toEqual([]);
  });

  it('a used library in the sources form whose config names its own "out" is imported from there; they compile together', () => {
    const at = path.join(dir, 'own-out');
    write(at, libraries({ base: 'sources', mid: 'sources', app: 'sources' }));
    const baseConfig = path.join(at, 'base/comidl.config.json');
    writeFileSync(baseConfig, JSON.stringify({ ...(JSON.parse(readFileSync(baseConfig, 'utf8')) as object), out: '../gen/base-out' }));
    // base into its config's out; mid and app into out/.
    const base = runLibrary({ library: { kind: 'config', file: baseConfig }, root: at });
    const [mid, app] = ['mid', 'app'].map((lib) => run(at, lib));
    for (const r of [base, mid, app]) expect(r.problems).toEqual([]);
    expect(text(app.packages, 'interfaces', 'app.ts')).toContain("from '../../../gen/base-out/base/interfaces/base.js';");
    expect(text(app.packages, 'proxies', 'app.ts')).toContain("from '../../mid/proxies/mid.js';");
    const placed = (r: LibraryRun, folder: string) => r.packages.map((p) => ({ ...p, directory: `${folder}/${p.directory}` }));
    expect(compilePackages([...placed(base, 'gen/base-out'), ...placed(mid, 'out'), ...placed(app, 'out')])).toEqual([]);
  });

  it('inside an npm workspace too, a used library in the sources form is imported by relative paths (it has no package)', () => {
    const at = path.join(dir, 'workspace');
    write(at, { ...libraries({ base: 'sources', mid: 'sources', app: 'sources' }), 'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['out/*'] }) });
    const mid = run(at, 'mid');
    expect(mid.problems).toEqual([]);
    expect(text(mid.packages, 'interfaces', 'mid.ts')).toContain("from '../../base/interfaces/base.js';");
  });

  it('a library in the packages form cannot use one in the sources form (it has no package names), nor through a used library', () => {
    const at = path.join(dir, 'packages-over-sources');
    write(at, libraries({ base: 'sources', mid: 'packages', app: 'sources' }));
    const [mid, app] = ['mid', 'app'].map((lib) => run(at, lib));
    const problem = /^mid\/comidl\.config\.json:1:\d+: error: uses\[0\]: \.\.\/base: base is generated as plain sources \("form": "sources"\), which packages cannot import/;
    expect(mid.packages).toEqual([]);
    expect(mid.problems).toEqual([expect.stringMatching(problem)]);
    // app (sources) uses mid (packages), which uses base (sources): mid's packages could not import base.
    expect(app.packages).toEqual([]);
    expect(app.problems).toEqual([expect.stringMatching(problem)]);
  });

  it('imports a used library in the packages form by its package names, which generate lists to install; they compile together', () => {
    const at = path.join(dir, 'over-packages');
    write(at, libraries({ base: 'packages', mid: 'packages', app: 'sources' }));
    const [base, mid, app] = ['base', 'mid', 'app'].map((lib) => run(at, lib));
    expect(text(app.packages, 'proxies', 'app.ts')).toContain("from '@mid/proxies';");
    expect(appFiles(app).filter((f) => /from '\.\.\/\.\.\//.test(f.text)).map((f) => f.file)).toEqual([]);
    // Their packages are generated beside (file: links): generate names their folders, relative to the output folder.
    expect(app.result!.sourcesDependencies).toMatchObject({ '@base/interfaces': 'file:base-interfaces', '@mid/interfaces': 'file:mid-interfaces', '@mid/proxies': 'file:mid-proxies', '@mid/mocks': 'file:mid-mocks', '@mid/native': 'file:mid-native' });
    expect(compilePackages([...base.packages, ...mid.packages, ...app.packages])).toEqual([]);
  });
});
