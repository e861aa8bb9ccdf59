/**
 * `"uses"`: how the generated package.json files name a used library's packages, wherever they are. Two
 * libraries (base <- app) in the system's temporary folder, each with its own output folder (`"out"`), written
 * through the driver: the `file:` links lead from each package's folder to the used package's real folder;
 * inside an npm workspace the packages name each other by exact version; a published used library by a
 * compatible range of its version; a published library cannot use a private one.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { outputTarget, runLibrary, writeLibrary, type LibraryRun } from '../src';

const BASE = `typedef long LONG; typedef LONG HRESULT; typedef unsigned long ULONG;
typedef struct _GUID { ULONG Data1; ULONG Data2; ULONG Data3; ULONG Data4; } GUID;
typedef GUID *REFIID;
[object, local, uuid(00000000-0000-0000-C000-000000000046)]
interface IUnknown { HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppvObject); ULONG AddRef(void); ULONG Release(void); }
[object, uuid(12345678-1234-1234-1234-0000000000b1)] interface IBase : IUnknown { HRESULT Value([out] LONG *v); }
`;
const APP = `import "../base/base.idl";
[object, uuid(12345678-1234-1234-1234-0000000000a1)] interface IApp : IUnknown { HRESULT Base([out] IBase **base); }
`;

function write(dir: string, files: Record<string, unknown>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
}

/** A library of `dir` generated through the driver, with the output folder of its config (no --out). */
const run = (dir: string, lib: string): LibraryRun => runLibrary({ library: { kind: 'config', file: path.join(dir, lib, 'comidl.config.json') }, root: dir });
const manifest = (r: LibraryRun, kind: string) =>
  JSON.parse(r.packages.find((p) => p.kind === kind)!.files.find((f) => f.path === 'package.json')!.text) as { dependencies: Record<string, string> };

describe('uses: dependency links wherever the used packages are', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'comidl-uses-links-'));
    write(dir, {
      'base/base.idl': BASE,
      'base/comidl.config.json': { name: 'base', scope: '@base', version: '2.1.0', files: ['base.idl'], out: '../vendor/generated' },
      'app/app.idl': APP,
      'app/comidl.config.json': { name: 'app', scope: '@app', files: ['app.idl'], uses: ['../base'], out: '../build/packages' },
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes each library into its config's out, and links from each package folder to the used package's folder", () => {
    const base = run(dir, 'base');
    const app = run(dir, 'app');
    expect([...base.problems, ...app.problems]).toEqual([]);
    expect(outputTarget(base).outDir).toBe(path.join(dir, 'vendor/generated'));
    expect(outputTarget(app).outDir).toBe(path.join(dir, 'build/packages'));
    writeLibrary(base);
    writeLibrary(app);
    expect(manifest(app, 'proxies').dependencies).toMatchObject({
      '@app/interfaces': 'file:../app-interfaces',
      '@base/interfaces': 'file:../../../vendor/generated/base-interfaces',
      '@base/proxies': 'file:../../../vendor/generated/base-proxies',
    });
    // Each link, resolved from the folder of the package that has it, is the used package as written.
    for (const kind of ['interfaces', 'proxies', 'mocks', 'native']) {
      const folder = path.join(dir, 'build/packages', `app-${kind}`);
      for (const [name, spec] of Object.entries(manifest(app, kind).dependencies)) {
        if (!spec.startsWith('file:')) continue;
        const target = path.resolve(folder, spec.slice('file:'.length), 'package.json');
        expect(existsSync(target) ? (JSON.parse(readFileSync(target, 'utf8')) as { name: string }).name : `${name}: nothing at ${target}`).toBe(name);
      }
    }
  });

  it('names the used packages by exact version inside an npm workspace', () => {
    write(dir, { 'package.json': { name: 'root', private: true, workspaces: ['build/packages/*', 'vendor/generated/*'] } });
    const app = run(dir, 'app');
    expect(app.problems).toEqual([]);
    expect(manifest(app, 'native').dependencies).toMatchObject({ '@app/interfaces': '0.1.0', '@base/interfaces': '2.1.0', '@base/native': '2.1.0' });
  });

  it("links a used library outside the workspace by file: even when this library's packages are inside one", () => {
    write(dir, { 'package.json': { name: 'root', private: true, workspaces: ['build/packages/*'] } });
    const app = run(dir, 'app');
    expect(manifest(app, 'mocks').dependencies).toMatchObject({ '@app/interfaces': '0.1.0', '@base/mocks': 'file:../../../vendor/generated/base-mocks' });
  });

  it('names a published used library by a compatible range of its version, and a published library cannot use a private one', () => {
    write(dir, { 'base/comidl.config.json': { name: 'base', scope: '@base', version: '2.1.0', files: ['base.idl'], publish: true } });
    const app = run(dir, 'app');
    expect(app.problems).toEqual([]);
    expect(manifest(app, 'proxies').dependencies).toMatchObject({ '@app/interfaces': 'file:../app-interfaces', '@base/interfaces': '^2.1.0', '@base/proxies': '^2.1.0' });

    write(dir, {
      'base/comidl.config.json': { name: 'base', scope: '@base', files: ['base.idl'] },
      'app/comidl.config.json': { name: 'app', scope: '@app', files: ['app.idl'], publish: true, uses: ['../base'] },
    });
    expect(run(dir, 'app').problems).toEqual([
      `app/comidl.config.json:1:73: error: uses[0]: ../base: this library is published ("publish": true) but base's packages are private; publish them too ("publish": true in base/comidl.config.json)`,
    ]);
  });

  it('refuses an out that generation must never fill, located', () => {
    write(dir, { 'app/comidl.config.json': { name: 'app', scope: '@app', files: ['app.idl'], out: os.homedir() } });
    const problems = run(dir, 'app').problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^app\/comidl\.config\.json:1:\d+: error: out: .+: .*home/);
  });

  describe('an installed library ("uses": ["@base/idl"]: a package that ships its config and IDL)', () => {
    beforeEach(() => {
      write(dir, {
        'node_modules/@base/idl/package.json': { name: '@base/idl', version: '2.1.0', exports: { '.': './index.js' } },
        'node_modules/@base/idl/comidl.config.json': { name: 'base', scope: '@base', version: '2.1.0', files: ['base.idl'] },
        'node_modules/@base/idl/base.idl': BASE,
        'node_modules/@empty/idl/package.json': { name: '@empty/idl', version: '1.0.0' },
        'app/app.idl': APP.replace('"../base/base.idl"', '"base.idl"'),
        'app/comidl.config.json': { name: 'app', scope: '@app', files: ['app.idl'], uses: ['@base/idl'] },
      });
    });

    it('is found as Node finds packages from the config\'s folder, its folder is searched for imports, and its packages are named by a compatible range', () => {
      const app = run(dir, 'app');
      expect([app.problems, app.result?.diagnostics]).toEqual([[], []]);
      expect(app.packages.find((p) => p.kind === 'interfaces')!.files.map((f) => f.path).filter((f) => f.startsWith('src/'))).toEqual(['src/app.ts', 'src/vtables.ts', 'src/index.ts']);
      expect(manifest(app, 'proxies').dependencies).toMatchObject({ '@app/interfaces': 'file:../app-interfaces', '@base/interfaces': '^2.1.0', '@base/proxies': '^2.1.0' });
      // From a folder below, through the node_modules above it, as Node resolves.
      write(dir, { 'app/deeper/app.idl': APP.replace('"../base/base.idl"', '"base.idl"'), 'app/deeper/comidl.config.json': { name: 'deeper', scope: '@deeper', files: ['app.idl'], uses: ['@base/idl/comidl.config.json'] } });
      expect(run(dir, 'app/deeper').problems).toEqual([]);
    });

    it('is a located error when the package is not installed, ships no config, or is a folder written without ./', () => {
      write(dir, { 'app/base/comidl.config.json': { name: 'base', scope: '@base', files: ['../../node_modules/@base/idl/base.idl'] } });
      write(dir, { 'app/comidl.config.json': { name: 'app', scope: '@app', files: ['app.idl'], uses: ['@nope/idl', '@empty/idl', 'base', 'Bad Name'] } });
      expect(run(dir, 'app').problems).toEqual([
        'app/comidl.config.json:1:58: error: uses[0]: @nope/idl: no installed package @nope/idl in node_modules from app up; install it (npm install), or write a path starting with ./ or ../',
        'app/comidl.config.json:1:70: error: uses[1]: @empty/idl: the package @empty/idl (node_modules/@empty/idl) ships no library config: node_modules/@empty/idl/comidl.config.json does not exist',
        'app/comidl.config.json:1:83: error: uses[2]: base: no installed package base in node_modules from app up; for the folder beside the config write "./base"',
        "app/comidl.config.json:1:90: error: uses[3]: Bad Name: must be a path relative to the config's folder (starting with ./ or ../) or an installed package (such as \"@com/idl\")",
      ]);
    });
  });
});
