/**
 * The Nx plugin as a user installs it: a fresh Nx workspace (nx 23.2.1 from the registry, a git repository
 * with a base commit) in the system's temporary folder, with `npm pack` of @comidl/nx, @comidl/cli and the
 * packages it needs installed (no comidl package from the registry: the lock file says each came from a
 * tarball). There `nx g @comidl/nx:library` adds a library, its inferred `generate` target writes the
 * packages, a second run is a cache hit, and an IDL edit makes the library affected. npm uses the machine's
 * cache (nx and the third-party dependencies come from there or the registry).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NX_OFFLINE, once, REPO_ROOT, Runner, type Packed } from './packing';

const TIMEOUT = 600_000;
const NX_VERSION = '23.2.1';

/** The plugin, the CLI and what it needs, in dependency order. */
const PACKAGES = [
  { name: '@comidl/runtime', dir: 'packages/runtime' },
  { name: '@comidl/parser', dir: 'packages/parser' },
  { name: '@comidl/model', dir: 'packages/model' },
  { name: '@comidl/learn', dir: 'packages/learn' },
  { name: '@comidl/codegen', dir: 'packages/codegen' },
  { name: '@comidl/cli', dir: 'packages/cli' },
  { name: '@comidl/nx', dir: 'packages/nx', unbuilt: true },
] as const;

const WORK = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'comidl-packed-nx-')));
const WORKSPACE = path.join(WORK, 'workspace');
const runner = new Runner(WORK, { ownCache: false });
/** Nx's commands: offline, without its daemon. */
const nxRunner = new Runner(WORK, { ownCache: false, env: NX_OFFLINE });

afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

const packAll = once((): Packed[] => runner.pack(PACKAGES, path.join(WORK, 'packs')));

const git = (...args: string[]) =>
  runner.runOk('git', ['-c', 'user.name=comidl test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], WORKSPACE);

/** The workspace: package.json, nx.json with the plugin, the packed packages and nx installed, one commit on main. */
const workspace = once((): void => {
  const packed = packAll();
  fs.mkdirSync(WORKSPACE, { recursive: true });
  fs.writeFileSync(path.join(WORKSPACE, 'package.json'), JSON.stringify({ name: 'nx-user', version: '0.0.0', private: true }, null, 2) + '\n');
  fs.writeFileSync(
    path.join(WORKSPACE, 'nx.json'),
    JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json', defaultBase: 'main', plugins: ['@comidl/nx'] }, null, 2) + '\n',
  );
  fs.writeFileSync(path.join(WORKSPACE, '.gitignore'), 'node_modules/\n.nx/\n');
  runner.runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--save-dev', `nx@${NX_VERSION}`, ...packed.map((p) => p.tarball)], WORKSPACE);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
});

/** `nx ARGS` in the workspace, the installed one, without daemon, cloud or colour. */
function nx(...args: string[]) {
  workspace();
  const bin = path.join(WORKSPACE, 'node_modules', '.bin', process.platform === 'win32' ? 'nx.cmd' : 'nx');
  return nxRunner.run(bin, args, WORKSPACE);
}

const affected = () => {
  const r = nx('show', 'projects', '--affected', '--json');
  expect({ status: r.status, stderr: r.stderr }).toMatchObject({ status: 0 });
  return JSON.parse(r.stdout.trim().split('\n').filter((l) => l.startsWith('['))[0] ?? 'null') as string[];
};

describe('the Nx plugin, packed and installed into a fresh Nx workspace', () => {
  it('packs the plugin publishable: not private, its licence and README, its sources as they are, no tests', () => {
    const plugin = packAll().find((p) => p.name === '@comidl/nx')!;
    expect({ private: plugin.manifest['private'] ?? false, license: plugin.manifest['license'], engines: plugin.manifest['engines']?.['node'] }).toEqual({
      private: false,
      license: 'MIT',
      engines: '>=20.19',
    });
    expect(plugin.entries).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'generators.json', 'src/index.js', 'src/library-generator.js', 'src/library-schema.json']));
    expect(plugin.entries.filter((e) => /(^|\/)test\/|\.spec\.|(^|\/)tsconfig|jest\.config/.test(e))).toEqual([]);
    expect(fs.readFileSync(path.join(REPO_ROOT, 'packages/nx/LICENSE'), 'utf8')).toBe(fs.readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8'));
  }, TIMEOUT);

  it('installs without taking any comidl package from the registry', () => {
    workspace();
    const lock = JSON.parse(fs.readFileSync(path.join(WORKSPACE, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
    const comidl = Object.entries(lock.packages).filter(([key]) => key.includes('node_modules/@comidl/'));
    expect(comidl.map(([key]) => key.replace(/^.*node_modules\//, '')).sort()).toEqual(PACKAGES.map((p) => p.name).sort());
    for (const [key, entry] of comidl) expect({ key, file: entry.resolved?.startsWith('file:') ?? false }).toEqual({ key, file: true });
    expect(lock.packages['node_modules/nx']).toMatchObject({ version: NX_VERSION });
  }, TIMEOUT);

  it('adds a library with the generator, generates it, restores it from the cache, and marks it affected after an IDL edit', () => {
    const g = nx('g', '@comidl/nx:library', 'shell', '--scope', '@shell', '--no-interactive');
    expect({ status: g.status, stderr: g.stderr }).toMatchObject({ status: 0 });
    expect(g.stdout).toContain('idl/shell/comidl.config.json');
    expect(fs.readFileSync(path.join(WORKSPACE, 'idl/shell/shell.idl'), 'utf8')).toMatch(/import "unknwn.idl";[\s\S]*interface IShell : IUnknown/);

    const projects = nx('show', 'projects', '--json');
    expect(JSON.parse(projects.stdout.trim().split('\n').filter((l) => l.startsWith('['))[0])).toContain('idl-shell');

    const first = nx('run', 'idl-shell:generate', '--output-style=static');
    expect({ status: first.status, stderr: first.stderr }).toMatchObject({ status: 0 });
    expect(first.stdout).not.toMatch(/local cache|existing outputs match the cache/);
    const out = path.join(WORKSPACE, 'packages/generated');
    expect(fs.readdirSync(out).sort()).toEqual(['shell-interfaces', 'shell-mocks', 'shell-native', 'shell-proxies']);
    expect(fs.readFileSync(path.join(out, 'shell-interfaces/src/shell.ts'), 'utf8')).toMatch(/export interface IShell extends IUnknown/);
    expect(fs.existsSync(path.join(WORKSPACE, 'idl/shell/vtable.lock.json'))).toBe(true);
    // The workspace registers the plugin: the packages name the project whose generate target writes them.
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'shell-proxies/package.json'), 'utf8'));
    expect(manifest.nx.implicitDependencies).toEqual(['idl-shell']);

    // Nothing changed: Nx restores the outputs from its cache instead of running comidl.
    fs.rmSync(path.join(out, 'shell-proxies/src'), { recursive: true });
    const second = nx('run', 'idl-shell:generate', '--output-style=static');
    expect({ status: second.status, stderr: second.stderr }).toMatchObject({ status: 0 });
    expect(second.stdout).toMatch(/\[local cache\]|Nx read the output from the cache/);
    expect(fs.existsSync(path.join(out, 'shell-proxies/src/index.ts'))).toBe(true);

    // Committed, nothing is affected; an IDL edit makes the library affected.
    git('add', '-A');
    git('commit', '-q', '-m', 'the shell library');
    expect(affected()).toEqual([]);
    const idl = path.join(WORKSPACE, 'idl/shell/shell.idl');
    fs.writeFileSync(idl, fs.readFileSync(idl, 'utf8').replace('HRESULT Hello(', 'HRESULT Goodbye();\n    HRESULT Hello('));
    expect(affected()).toContain('idl-shell');
  }, TIMEOUT);
});
