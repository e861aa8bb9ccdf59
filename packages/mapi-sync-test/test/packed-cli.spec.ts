/**
 * The comidl command as a user installs it: `npm pack` of @comidl/cli and the packages it needs (built
 * beforehand), installed into a fresh project in the system's temporary folder, where `comidl` (run from
 * node_modules/.bin, never fetched) answers --version and --help, reads vtables, generates the mapi-sync
 * library from a copy of this repository's IDL byte for byte as the committed packages, checks it, and
 * compares two versions of an interface. Third-party dependencies (chevrotain, ts-morph, jsonc-parser) come
 * from npm's cache or the registry; no comidl package does (the lock file says where each came from).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { once, REPO_ROOT, repoBin, Runner, slash, type Packed } from './packing';

const TIMEOUT = 300_000;

/** The CLI and what it needs, in dependency order. */
const TOOL_PACKAGES = [
  { name: '@comidl/runtime', dir: 'packages/runtime' },
  { name: '@comidl/parser', dir: 'packages/parser' },
  { name: '@comidl/model', dir: 'packages/model' },
  { name: '@comidl/learn', dir: 'packages/learn' },
  { name: '@comidl/codegen', dir: 'packages/codegen' },
  { name: '@comidl/cli', dir: 'packages/cli' },
] as const;

const WORK = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'comidl-packed-cli-')));
const PACKS = path.join(WORK, 'packs');
const PROJECT = path.join(WORK, 'project');
const runner = new Runner(WORK, { ownCache: false });

afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

const packAll = once((): Packed[] => runner.pack(TOOL_PACKAGES, PACKS));

const install = once((): void => {
  const packed = packAll();
  fs.mkdirSync(PROJECT, { recursive: true });
  fs.writeFileSync(path.join(PROJECT, 'package.json'), JSON.stringify({ name: 'comidl-user', version: '0.0.0', private: true }, null, 2) + '\n');
  runner.runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--save-dev', ...packed.map((p) => p.tarball)], PROJECT);
  // The repository's own IDL, as a user's: the library and the base IDL it imports, beside each other.
  for (const library of ['com', 'mapi', 'mapi-sync']) {
    fs.cpSync(path.join(REPO_ROOT, 'idl', library), path.join(PROJECT, 'idl', library), {
      recursive: true,
      filter: (source) => path.basename(source) !== 'project.json',
    });
  }
});

/** `comidl ARGS` in the project, as `npx --no-install comidl` would run it: the installed bin. */
function comidl(args: readonly string[], input?: string) {
  install();
  return runner.run(path.join(PROJECT, 'node_modules', '.bin', process.platform === 'win32' ? 'comidl.cmd' : 'comidl'), args, PROJECT, input);
}

/** Every file under a folder, relative, with forward slashes, sorted. */
function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(slash(path.relative(root, full)));
    }
  };
  walk(root);
  return out.sort();
}

/**
 * A committed package.json as it is generated outside this repository: without its `nx` section (this
 * repository's IDL folders are Nx projects, which generated packages name as their dependency; outside an Nx
 * workspace there is no such section), and naming its sibling by a `file:` link instead of the version this
 * repository's npm workspace links.
 */
function outsideTheRepository(file: string): unknown {
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>;
  expect(manifest['nx']).toBeDefined();
  delete manifest['nx'];
  const dependencies = manifest['dependencies'] as Record<string, string>;
  if ('@mapi-sync/interfaces' in dependencies) {
    expect(dependencies['@mapi-sync/interfaces']).toBe(manifest['version']);
    dependencies['@mapi-sync/interfaces'] = 'file:../mapi-sync-interfaces';
  }
  return manifest;
}

/** A README up to its regenerate command (what follows says how the packages build where they are). */
function readmeOutside(text: string): string {
  const end = text.indexOf('```\n', text.indexOf('```sh\n') + 1);
  expect(end).toBeGreaterThan(0);
  return text.slice(0, end);
}

describe('the comidl command, packed and installed outside the repository', () => {
  it('packs each tool package publishable: not private, with its licence, README, engines and build output', () => {
    const licence = fs.readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8');
    for (const { name, dir, entries, manifest } of packAll()) {
      expect({ name, private: manifest['private'] ?? false, license: manifest['license'], engines: manifest['engines']?.['node'] }).toEqual({
        name,
        private: false,
        license: 'MIT',
        engines: '>=20.19',
      });
      expect({ name, missing: ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts'].filter((e) => !entries.includes(e)) }).toEqual({
        name,
        missing: [],
      });
      expect({ name, licence: fs.readFileSync(path.join(REPO_ROOT, dir, 'LICENSE'), 'utf8') === licence }).toEqual({ name, licence: true });
      const sources = entries.filter((e) => /(^|\/)(src|test)\/|\.spec\.|\.tsbuildinfo$|(^|\/)tsconfig/.test(e));
      expect({ name, sources }).toEqual({ name, sources: [] });
    }
  }, TIMEOUT);

  it('ships the JSON Schema of comidl.config.json with the CLI', () => {
    const cli = packAll().find((p) => p.name === '@comidl/cli')!;
    expect(cli.entries).toContain('comidl.config.schema.json');
    expect(cli.manifest['exports']['./comidl.config.schema.json']).toBe('./comidl.config.schema.json');
  }, TIMEOUT);

  it('installs without taking any comidl package from the registry', () => {
    install();
    const lock = JSON.parse(fs.readFileSync(path.join(PROJECT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; resolved?: string }>;
    };
    const comidlEntries = Object.entries(lock.packages).filter(([key]) => key.startsWith('node_modules/@comidl/'));
    expect(comidlEntries.map(([key]) => key.replace('node_modules/', '')).sort()).toEqual(TOOL_PACKAGES.map((p) => p.name).sort());
    for (const [key, entry] of comidlEntries) {
      expect({ key, resolved: entry.resolved?.startsWith('file:') ?? false }).toEqual({ key, resolved: true });
    }
    expect(slash(PROJECT).startsWith(slash(REPO_ROOT) + '/')).toBe(false);
  }, TIMEOUT);

  it('answers --version and --help', () => {
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string }).version;
    expect(comidl(['--version'])).toMatchObject({ status: 0, stdout: `comidl ${version}\n`, stderr: '' });
    const help = comidl(['--help']);
    expect(help).toMatchObject({ status: 0, stderr: '' });
    for (const command of ['init', 'generate', 'check', 'diff', 'vtable']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  }, TIMEOUT);

  it('prints vtables', () => {
    const r = comidl(['vtable', 'idl/mapi-sync/ostx.idl']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const report = JSON.parse(r.stdout) as { interfaces: { name: string; slots: string[] }[] };
    expect(report.interfaces.find((i) => i.name === 'IOSTX')?.slots.slice(3, 6)).toEqual(['GetLastError', 'InitSync', 'SyncBeg']);
  }, TIMEOUT);

  it("generates the mapi-sync packages byte for byte as this repository's committed ones (package.json: but for Nx and the sibling's link), and checks them", () => {
    // Where this repository has them, so that the READMEs' commands (--out relative to the config) are the same.
    const out = path.join(PROJECT, 'packages/generated');
    const r = comidl(['generate', '--config', 'idl/mapi-sync', '--out', 'packages/generated']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const committed = path.join(REPO_ROOT, 'packages/generated');
    const names = fs.readdirSync(out).sort();
    expect(names).toEqual(['mapi-sync-interfaces', 'mapi-sync-mocks', 'mapi-sync-native', 'mapi-sync-proxies']);
    let compared = 0;
    for (const name of names) {
      const files = filesUnder(path.join(out, name));
      expect({ name, files }).toEqual({ name, files: filesUnder(path.join(committed, name)).filter((f) => !f.startsWith('dist/')) });
      for (const file of files) {
        const read = (dir: string) => fs.readFileSync(path.join(dir, name, file), 'utf8');
        const same =
          file === 'package.json'
            ? JSON.stringify(JSON.parse(read(out))) === JSON.stringify(outsideTheRepository(path.join(committed, name, file)))
            : file === 'README.md'
              ? readmeOutside(read(out)) === readmeOutside(read(committed)) && /file: links/.test(read(out)) && !/Nx/.test(read(out))
              : read(out) === read(committed);
        expect({ file: `${name}/${file}`, same }).toEqual({ file: `${name}/${file}`, same: true });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);

    expect(comidl(['check', '--config', 'idl/mapi-sync', '--out', 'packages/generated'])).toMatchObject({ status: 0 });
    const ostx = path.join(out, 'mapi-sync-interfaces/src/ostx.ts');
    fs.appendFileSync(ostx, '// edited\n');
    const stale = comidl(['check', '--config', 'idl/mapi-sync', '--out', 'packages/generated']);
    expect(stale.status).toBe(1);
    expect(stale.stdout + stale.stderr).toContain('ostx.ts');
  }, TIMEOUT);

  it('scaffolds a library with init whose starter IDL generates: its import "unknwn.idl" is the base IDL the CLI ships', () => {
    const cli = packAll().find((p) => p.name === '@comidl/cli')!;
    expect(cli.entries).toEqual(expect.arrayContaining(['idl/com/objidl.idl', 'idl/com/unknwn.idl', 'idl/com/wtypes.idl']));
    const init = comidl(['init', 'idl/starter']);
    expect({ status: init.status, stderr: init.stderr }).toEqual({ status: 0, stderr: '' });
    const config = JSON.parse(fs.readFileSync(path.join(PROJECT, 'idl/starter/comidl.config.json'), 'utf8')) as { $schema: string };
    expect(config.$schema).toBe('../../node_modules/@comidl/cli/comidl.config.schema.json');
    expect(fs.existsSync(path.join(PROJECT, 'idl/starter', config.$schema))).toBe(true);
    expect(fs.readFileSync(path.join(PROJECT, 'idl/starter/starter.idl'), 'utf8')).toContain('import "unknwn.idl";');
    const r = comidl(['generate', '--config', 'idl/starter', '--out', 'generated-starter']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(fs.readFileSync(path.join(PROJECT, 'generated-starter/starter-interfaces/src/starter.ts'), 'utf8')).toMatch(/export interface IStarter extends IUnknown/);
    expect(comidl(['init', 'idl/starter'])).toMatchObject({ status: 1 });
  }, TIMEOUT);

  it('builds the generated packages where they landed (npm run build in each, in order) and runs a native ESM Jest suite against them', () => {
    const out = path.join(PROJECT, 'packages/generated');
    if (!fs.existsSync(path.join(out, 'mapi-sync-mocks/package.json'))) {
      expect(comidl(['generate', '--config', 'idl/mapi-sync', '--out', 'packages/generated']).status).toBe(0);
    }
    // As the READMEs say: the project installs the packages' folders (npm links them, and they find each other
    // through their file: links) beside @comidl/runtime, and TypeScript for their build scripts. The native
    // package needs @comidl/runtime-native, which this test does not pack.
    const kinds = ['interfaces', 'proxies', 'mocks'];
    runner.runOk(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--save-dev', 'typescript@6.0.3', ...kinds.map((k) => `./packages/generated/mapi-sync-${k}`)],
      PROJECT,
    );
    const lock = JSON.parse(fs.readFileSync(path.join(PROJECT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string; link?: boolean }> };
    for (const [key, entry] of Object.entries(lock.packages).filter(([k]) => k.startsWith('node_modules/@comidl/'))) {
      expect({ key, fromTarball: entry.resolved?.startsWith('file:') ?? false }).toEqual({ key, fromTarball: true });
    }
    for (const kind of kinds) {
      expect(lock.packages[`node_modules/@mapi-sync/${kind}`]).toMatchObject({ resolved: `packages/generated/mapi-sync-${kind}`, link: true });
    }
    for (const kind of kinds) {
      const dir = path.join(out, `mapi-sync-${kind}`);
      runner.runOk('npm', ['run', 'build'], dir);
      expect({ kind, built: fs.existsSync(path.join(dir, 'dist/index.js')) && fs.existsSync(path.join(dir, 'dist/index.d.ts')) }).toEqual({ kind, built: true });
    }
    fs.copyFileSync(path.join(__dirname, 'fixtures/consumer/consumer.test.mjs'), path.join(PROJECT, 'consumer.test.mjs'));
    const config = { testEnvironment: 'node', transform: {}, testMatch: ['<rootDir>/*.test.mjs'], moduleFileExtensions: ['mjs', 'js', 'json'], cacheDirectory: path.join(WORK, 'jest-cache') };
    const jest = runner.run(process.execPath, ['--experimental-vm-modules', repoBin('jest', 'jest'), '--rootDir', PROJECT, '--config', JSON.stringify(config), '--ci', '--no-watchman', '--runInBand'], PROJECT);
    expect({ status: jest.status, output: jest.stderr }).toEqual({ status: 0, output: expect.stringMatching(/Tests:\s+3 passed, 3 total/) });
  }, TIMEOUT);

  it('compares two versions of an interface, one of them from standard input', () => {
    const ostx = fs.readFileSync(path.join(PROJECT, 'idl/mapi-sync/ostx.idl'), 'utf8');
    const swapped = ostx.replace(/(HRESULT\s+SyncEnd\b)/, 'HRESULT SyncEndFirst();\n    $1');
    expect(swapped).not.toBe(ostx);
    const r = comidl(['diff', '-I', 'idl/mapi-sync', '-', 'idl/mapi-sync/ostx.idl'], swapped);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^breaking \(\d+\):/m);
    expect(r.stdout).toMatch(/from <stdin> to idl\/mapi-sync\/ostx\.idl/);
  }, TIMEOUT);
});
