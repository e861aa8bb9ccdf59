/**
 * The generated packages work from outside the repository, as a user installs them. `npm pack` turns
 * @comidl/runtime, @mapi-sync/interfaces, @mapi-sync/proxies and @mapi-sync/mocks (built beforehand) into
 * tarballs holding the build output and package.json only; a fresh project in the system's temporary
 * folder installs the four tarballs with npm offline (their dependencies are each other, and jest-mock,
 * which the mocks' methods are made by: it and its dependencies are packed from the repository's own
 * installed copies, at the versions its lockfile pins); a consumer file
 * there type-checks under `strict` with module resolution `nodenext`, its types taken from the installed
 * declaration files alone, while wrong calls fail to type-check; and a Jest suite there, on native ES
 * modules, imports the packages by name and runs proxy -> stub -> mock round trips and the fake's
 * replication state machine. The repository's own TypeScript and Jest do the checking; nothing is fetched.
 */
import { type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installedClosure, once, REPO_ROOT, repoBin, Runner, slash, type Packed } from './packing';

const FIXTURES = path.join(__dirname, 'fixtures/consumer');
const TIMEOUT = 180_000;

const PACKAGES = [
  { name: '@comidl/runtime', dir: 'packages/runtime' },
  { name: '@mapi-sync/interfaces', dir: 'packages/generated/mapi-sync-interfaces' },
  { name: '@mapi-sync/proxies', dir: 'packages/generated/mapi-sync-proxies' },
  { name: '@mapi-sync/mocks', dir: 'packages/generated/mapi-sync-mocks' },
] as const;

/** What the mocks need from the registry: jest-mock (its methods are jest-mock's functions) and its dependencies. */
const THIRD_PARTY = installedClosure('jest-mock');

// Everything lives under one temporary folder outside the repository, removed at the end.
const WORK = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'comidl-pack-')));
const PACKS = path.join(WORK, 'packs');
const PROJECT = path.join(WORK, 'consumer');
// The four install from each other only: npm gets a cache of its own, so nothing can come from elsewhere.
const runner = new Runner(WORK, { ownCache: true });
const run = runner.run.bind(runner);
const runOk = runner.runOk.bind(runner);

const packAll = once((): Packed[] => runner.pack(PACKAGES, PACKS));
const packThirdParty = once(() => runner.packInstalled(THIRD_PARTY, path.join(WORK, 'third-party')));

const install = once((): void => {
  const packed = packAll();
  fs.mkdirSync(PROJECT, { recursive: true });
  fs.writeFileSync(
    path.join(PROJECT, 'package.json'),
    JSON.stringify({ name: 'comidl-pack-consumer', version: '0.0.0', private: true, type: 'module' }, null, 2) + '\n',
  );
  const thirdParty = packThirdParty().map((p) => p.tarball);
  runOk('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...packed.map((p) => p.tarball), ...thirdParty], PROJECT);
  for (const file of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, file), path.join(PROJECT, file));
  const compilerOptions = {
    strict: true,
    target: 'es2022',
    lib: ['es2022'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    types: [],
    noEmit: true,
    skipLibCheck: false,
    noUnusedLocals: true,
    noUnusedParameters: true,
  };
  for (const [config, file] of [['tsconfig.json', 'consumer.mts'], ['tsconfig.wrong.json', 'wrong.mts']]) {
    fs.writeFileSync(path.join(PROJECT, config), JSON.stringify({ compilerOptions, files: [file] }, null, 2) + '\n');
  }
});

function tsc(config: string): SpawnSyncReturns<string> {
  return run(process.execPath, [repoBin('typescript', 'tsc'), '-p', config, '--pretty', 'false', '--listFiles'], PROJECT);
}

afterAll(() => {
  fs.rmSync(WORK, { recursive: true, force: true });
});

describe('the packed packages, installed outside the repository', () => {
  it('packs each package with its build output and package.json only', () => {
    const packed = packAll();
    expect(packed.map((p) => path.basename(p.tarball))).toEqual([
      'comidl-runtime-0.1.0.tgz',
      'mapi-sync-interfaces-0.1.0.tgz',
      'mapi-sync-proxies-0.1.0.tgz',
      'mapi-sync-mocks-0.1.0.tgz',
    ]);
    const versions = new Map(packed.map((p) => [p.name, p.manifest['version'] as string]));
    for (const { name, dir, entries, manifest } of packed) {
      expect({ name, required: ['package.json', 'dist/index.js', 'dist/index.d.ts'].filter((e) => !entries.includes(e)) }).toEqual({
        name,
        required: [],
      });
      // Only the build output (code, declarations, maps) beside package.json and the usual top-level documents.
      const stray = entries.filter(
        (e) =>
          !/^(package\.json|README(\.md)?|LICENSE(\.md|\.txt)?)$/i.test(e) &&
          !/^dist\/[\w./-]+\.(js|d\.ts|js\.map|d\.ts\.map)$/.test(e) &&
          // What says that the CommonJS build's .js files are CommonJS.
          e !== 'dist/cjs/package.json',
      );
      const sourcesOrTests = entries.filter((e) =>
        /(^|\/)(src|test|tests|__tests__|fixtures)\/|\.(spec|test)\.|(^|\/)tsconfig[\w.]*\.json$|\.tsbuildinfo$|(^|\/)jest\.config|(^|\/)\.|\.(ts|mts|cts)$(?<!\.d\.ts)/.test(
          e,
        ),
      );
      expect({ name, stray, sourcesOrTests }).toEqual({ name, stray: [], sourcesOrTests: [] });

      // Every module has its declarations, and comes from a source file that still exists (no stale output).
      const modules = entries.filter((e) => e.startsWith('dist/') && e.endsWith('.js'));
      expect({ name, untyped: modules.filter((m) => !entries.includes(m.replace(/\.js$/, '.d.ts'))) }).toEqual({ name, untyped: [] });
      const stale = modules.filter((m) => !fs.existsSync(path.join(REPO_ROOT, dir, m.replace(/^dist\/(cjs\/)?/, 'src/').replace(/\.js$/, '.ts'))));
      // Dual: the ES build and the CommonJS build hold the same modules.
      const esm = modules.filter((m) => !m.startsWith('dist/cjs/')).map((m) => m.replace(/^dist\//, ''));
      const cjs = modules.filter((m) => m.startsWith('dist/cjs/')).map((m) => m.replace(/^dist\/cjs\//, ''));
      expect({ name, cjs, marker: entries.includes('dist/cjs/package.json') }).toEqual({ name, cjs: esm, marker: true });
      expect({ name, stale }).toEqual({ name, stale: [] });

      // The manifest: a dual package (type module, CommonJS in dist/cjs/) whose entry points are in the tarball; dependencies only among the four,
      // at the packed versions, and on jest-mock (packed beside them), so that installing the tarballs needs
      // nothing else; the runtime's peer dependency on jest-mock is optional (proxies need no Jest).
      // The generated packages are private (their config does not say they are published): npm packs them, and
      // refuses to publish them to a registry.
      expect({ name, type: manifest['type'], private: manifest['private'] ?? false }).toEqual({ name, type: 'module', private: name !== '@comidl/runtime' });
      const root = manifest['exports']?.['.'] as Record<string, Record<string, string>> | undefined;
      expect({ name, import: root?.['import'], require: root?.['require'] }).toEqual({
        name,
        import: { types: './dist/index.d.ts', default: './dist/index.js' },
        require: { types: './dist/cjs/index.d.ts', default: './dist/cjs/index.js' },
      });
      // Every target a consumer resolves is packed; `@comidl/source` is the workspace's own condition (sources
      // for in-repo builds), which no consumer sets.
      const targets = [
        manifest['main'],
        manifest['types'],
        ...Object.entries(root ?? {})
          .filter(([c]) => c !== '@comidl/source')
          .flatMap(([, t]) => Object.values(t)),
      ];
      expect({ name, unpacked: targets.filter((t) => typeof t === 'string' && !entries.includes(path.posix.normalize(t))) }).toEqual({
        name,
        unpacked: [],
      });
      const dependencies = (manifest['dependencies'] ?? {}) as Record<string, string>;
      // Each other at the packed version: the generated siblings exactly (npm's workspace links them here),
      // @comidl/runtime by a compatible range of it, jest-mock by its major version.
      const thirdParty = new Map(packThirdParty().map((p) => [p.name, p.version]));
      const jestMockMajor = `^${thirdParty.get('jest-mock')!.split('.')[0]}.0.0`;
      const expected = (dep: string) => (dep === '@comidl/runtime' ? `^${versions.get(dep)}` : dep === 'jest-mock' ? jestMockMajor : versions.get(dep));
      const foreign = Object.entries(dependencies).filter(([dep, range]) => range !== expected(dep));
      const peers = Object.keys(manifest['peerDependencies'] ?? {}).map((peer) => [peer, manifest['peerDependenciesMeta']?.[peer]?.optional === true]);
      expect({ name, foreign, peers }).toEqual({ name, foreign: [], peers: name === '@comidl/runtime' ? [['jest-mock', true]] : [] });
      expect({ name, jestMock: 'jest-mock' in dependencies }).toEqual({ name, jestMock: name === '@mapi-sync/mocks' });
    }
  }, TIMEOUT);

  it('installs the four tarballs offline into a fresh ESM project in the temporary folder', () => {
    install();
    expect(slash(PROJECT).startsWith(slash(REPO_ROOT) + '/')).toBe(false);
    const lock = JSON.parse(fs.readFileSync(path.join(PROJECT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; resolved?: string; link?: boolean }>;
    };
    const installed = Object.entries(lock.packages).filter(([key]) => key !== '');
    expect(installed.map(([key, entry]) => [key, entry.version, entry.link ?? false]).sort()).toEqual(
      [
        ...PACKAGES.map(({ name }) => [`node_modules/${name}`, '0.1.0', false]),
        ...packThirdParty().map(({ name, version }) => [`node_modules/${name}`, version, false]),
      ].sort(),
    );
    for (const { name } of PACKAGES) {
      const where = path.join(PROJECT, 'node_modules', name);
      expect({ name, symlink: fs.lstatSync(where).isSymbolicLink(), src: fs.existsSync(path.join(where, 'src')) }).toEqual({
        name,
        symlink: false,
        src: false,
      });
    }

    // Plain Node, from the project: each name resolves into its node_modules and loads as ESM.
    const script =
      `const names = ${JSON.stringify(PACKAGES.map((p) => p.name))};\n` +
      `const out = {};\n` +
      `for (const n of names) { out[n] = { url: import.meta.resolve(n), exports: Object.keys(await import(n)).length }; }\n` +
      `console.log(JSON.stringify(out));\n`;
    const result = runOk(process.execPath, ['--input-type=module', '--eval', script], PROJECT);
    const loaded = JSON.parse(result.stdout) as Record<string, { url: string; exports: number }>;
    for (const { name } of PACKAGES) {
      const file = slash(new URL(loaded[name].url).pathname);
      expect({ name, file }).toEqual({ name, file: `${slash(PROJECT)}/node_modules/${name}/dist/index.js` });
      expect({ name, loadsExports: loaded[name].exports > 0 }).toEqual({ name, loadsExports: true });
    }
  }, TIMEOUT);

  it('type-checks a strict consumer against the installed declarations only (nodenext, no path mappings)', () => {
    install();
    const result = tsc('tsconfig.json');
    const diagnostics = result.stdout.split(/\r?\n/).filter((line) => /error TS\d+/.test(line));
    expect({ status: result.status, diagnostics }).toEqual({ status: 0, diagnostics: [] });

    const files = result.stdout
      .split(/\r?\n/)
      .map((line) => slash(line.trim()))
      .filter((line) => /\.(d\.)?[mc]?ts$/.test(line));
    const typescriptLib = slash(path.dirname(require.resolve('typescript/package.json', { paths: [REPO_ROOT] })));
    const outside = files.filter((f) => !f.startsWith(`${slash(PROJECT)}/`) && !f.startsWith(`${typescriptLib}/lib/`));
    expect(outside).toEqual([]);
    for (const { name } of PACKAGES) {
      expect(files).toContain(`${slash(PROJECT)}/node_modules/${name}/dist/index.d.ts`);
    }
    expect(files).toContain(`${slash(PROJECT)}/consumer.mts`);
  }, TIMEOUT);

  it('refuses wrong calls in type-checking: each marked line fails with its code, and only those', () => {
    install();
    const source = fs.readFileSync(path.join(PROJECT, 'wrong.mts'), 'utf8').split(/\r?\n/);
    const expected = source.flatMap((line, i) => {
      const mark = /\/\/ error (TS\d+)$/.exec(line);
      return mark ? [`${i + 1} ${mark[1]}`] : [];
    });
    expect(expected.length).toBeGreaterThanOrEqual(5);

    const result = tsc('tsconfig.wrong.json');
    const reported = result.stdout
      .split(/\r?\n/)
      .map((line) => /^(.*)\((\d+),\d+\): error (TS\d+)/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ file: path.basename(m[1]), at: `${m[2]} ${m[3]}` }));
    expect(result.status).not.toBe(0);
    expect(reported.filter((r) => r.file !== 'wrong.mts')).toEqual([]);
    expect(reported.map((r) => r.at)).toEqual(expected);
  }, TIMEOUT);

  it('runs a Jest suite on native ES modules against the installed packages', () => {
    install();
    const resultsFile = path.join(WORK, 'jest-results.json');
    const config = {
      testEnvironment: 'node',
      transform: {},
      testMatch: ['<rootDir>/*.test.mjs'],
      moduleFileExtensions: ['mjs', 'js', 'json'],
      cacheDirectory: path.join(WORK, 'jest-cache'),
    };
    const args = [
      '--experimental-vm-modules',
      repoBin('jest', 'jest'),
      '--rootDir',
      PROJECT,
      '--config',
      JSON.stringify(config),
      '--ci',
      '--no-watchman',
      '--runInBand',
      '--verbose',
      '--json',
      '--outputFile',
      resultsFile,
    ];
    const result = run(process.execPath, args, PROJECT);
    const output = `${result.stdout}\n${result.stderr}`;
    expect({ status: result.status, output }).toEqual({ status: 0, output: expect.stringContaining('PASS') });
    expect(output).toMatch(/Tests:\s+3 passed, 3 total/);

    const report = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as {
      success: boolean;
      numPassedTests: number;
      numFailedTests: number;
      testResults: Array<{ name: string; assertionResults: Array<{ title: string; status: string }> }>;
    };
    expect(report.testResults.map((r) => slash(r.name))).toEqual([`${slash(PROJECT)}/consumer.test.mjs`]);
    expect(report.testResults[0].assertionResults.map((a) => [a.title, a.status])).toEqual([
      ['round-trips proxy -> stub -> mock over the in-process channel', 'passed'],
      ['round-trips over a MessageChannel with the asynchronous proxy', 'passed'],
      ['walks the fake replication state machine through a proxy, and reports a broken rule', 'passed'],
    ]);
    expect({ success: report.success, failed: report.numFailedTests }).toEqual({ success: true, failed: 0 });
  }, TIMEOUT);
});
