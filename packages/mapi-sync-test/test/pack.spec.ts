/**
 * The generated packages work from outside the repository, as a user installs them. `npm pack` turns
 * @comidl/runtime, @mapi-sync/interfaces, @mapi-sync/proxies and @mapi-sync/mocks (built beforehand) into
 * tarballs holding the build output and package.json only; a fresh project in the system's temporary
 * folder installs the four tarballs with npm offline (their dependencies are each other); a consumer file
 * there type-checks under `strict` with module resolution `nodenext`, its types taken from the installed
 * declaration files alone, while wrong calls fail to type-check; and a Jest suite there, on native ES
 * modules, imports the packages by name and runs proxy -> stub -> mock round trips and the fake's
 * replication state machine. The repository's own TypeScript and Jest do the checking; nothing is fetched.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(__dirname, 'fixtures/consumer');
const TIMEOUT = 180_000;

interface Packed {
  readonly name: string;
  readonly dir: string;
  /** Absolute path of the tarball. */
  readonly tarball: string;
  /** Entries of `tar -tzf`, without the leading `package/`. */
  readonly entries: readonly string[];
  /** The package.json in the tarball. */
  readonly manifest: Record<string, any>;
}

const PACKAGES = [
  { name: '@comidl/runtime', dir: 'packages/runtime' },
  { name: '@mapi-sync/interfaces', dir: 'packages/generated/mapi-sync-interfaces' },
  { name: '@mapi-sync/proxies', dir: 'packages/generated/mapi-sync-proxies' },
  { name: '@mapi-sync/mocks', dir: 'packages/generated/mapi-sync-mocks' },
] as const;

/** A tool of the repository (resolved from the repository root, as `npm ci` installed it): its bin script. */
function repoBin(pkg: string, bin: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`, { paths: [REPO_ROOT] });
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin];
  return path.join(path.dirname(manifestPath), relative);
}

// Everything lives under one temporary folder outside the repository, removed at the end.
const WORK = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'comidl-pack-')));
const PACKS = path.join(WORK, 'packs');
const PROJECT = path.join(WORK, 'consumer');

/**
 * The environment of every child: no npm_* variables inherited from an npm or npx that started this run
 * (npm_config_local_prefix would point npm back at the repository), no user npmrc, and a cache of its own,
 * so an install that wanted the registry fails instead of being served from a warm cache.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'NODE_OPTIONS' || key === 'JEST_WORKER_ID') continue;
    env[key] = value;
  }
  const npmrc = path.join(WORK, 'npmrc');
  if (!fs.existsSync(npmrc)) fs.writeFileSync(npmrc, '');
  env['npm_config_userconfig'] = npmrc;
  env['npm_config_cache'] = path.join(WORK, 'npm-cache');
  env['npm_config_update_notifier'] = 'false';
  env['NO_COLOR'] = '1';
  env['FORCE_COLOR'] = '0';
  return env;
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const windowsNpm = process.platform === 'win32' && command === 'npm';
  const result = spawnSync(windowsNpm ? 'npm.cmd' : command, args, {
    cwd,
    env: childEnv(),
    encoding: 'utf8',
    shell: windowsNpm,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return result;
}

function describeRun(command: string, args: readonly string[], result: SpawnSyncReturns<string>): string {
  return `${command} ${args.join(' ')} exited ${result.status}${result.signal ? ` (${result.signal})` : ''}\n` +
    `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

/** Runs a command that must succeed; its failure message carries the command's output. */
function runOk(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = run(command, args, cwd);
  if (result.status !== 0) throw new Error(describeRun(command, args, result));
  return result;
}

/** A step done once, on first use; a failure is kept and rethrown to every test that needs it. */
function once<T>(step: () => T): () => T {
  let outcome: { value: T } | { error: unknown } | undefined;
  return () => {
    outcome ??= (() => {
      try {
        return { value: step() };
      } catch (error) {
        return { error };
      }
    })();
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
}

const packAll = once((): Packed[] => {
  const missing = PACKAGES.flatMap(({ dir }) =>
    ['dist/index.js', 'dist/index.d.ts'].map((file) => `${dir}/${file}`).filter((file) => !fs.existsSync(path.join(REPO_ROOT, file))),
  );
  if (missing.length) {
    throw new Error(`the packages are not built (no ${missing.join(', ')}): run npm run build first`);
  }
  fs.mkdirSync(PACKS, { recursive: true });
  return PACKAGES.map(({ name, dir }) => {
    const args = ['pack', '--json', '--pack-destination', PACKS];
    const result = runOk('npm', args, path.join(REPO_ROOT, dir));
    let report: Array<{ name: string; filename: string }>;
    try {
      report = JSON.parse(result.stdout);
    } catch {
      throw new Error(`npm pack --json printed no JSON for ${name}:\n${describeRun('npm', args, result)}`);
    }
    expect(report.map((r) => r.name)).toEqual([name]);
    const tarball = path.join(PACKS, report[0].filename);
    const listing = runOk('tar', ['-tzf', tarball], PACKS).stdout;
    const entries = listing
      .split(/\r?\n/)
      .filter((line) => line !== '' && !line.endsWith('/'))
      .map((line) => line.replace(/^package\//, ''))
      .sort();
    const manifest = JSON.parse(runOk('tar', ['-xzOf', tarball, 'package/package.json'], PACKS).stdout);
    return { name, dir, tarball, entries, manifest };
  });
});

const install = once((): void => {
  const packed = packAll();
  fs.mkdirSync(PROJECT, { recursive: true });
  fs.writeFileSync(
    path.join(PROJECT, 'package.json'),
    JSON.stringify({ name: 'comidl-pack-consumer', version: '0.0.0', private: true, type: 'module' }, null, 2) + '\n',
  );
  runOk('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...packed.map((p) => p.tarball)], PROJECT);
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

/** Files at or below a folder (forward slashes, for comparing with tsc's listing). */
const slash = (p: string): string => p.split(path.sep).join('/');

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
          !/^dist\/[\w./-]+\.(js|d\.ts|js\.map|d\.ts\.map)$/.test(e),
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
      const stale = modules.filter((m) => !fs.existsSync(path.join(REPO_ROOT, dir, m.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts'))));
      expect({ name, stale }).toEqual({ name, stale: [] });

      // The manifest: publishable ESM whose entry points are in the tarball; dependencies only among the four,
      // at the packed versions, so that installing the tarballs needs nothing else.
      expect({ name, type: manifest['type'], private: manifest['private'] ?? false }).toEqual({ name, type: 'module', private: false });
      const root = manifest['exports']?.['.'] as Record<string, string> | undefined;
      expect({ name, types: root?.['types'], default: root?.['default'] }).toEqual({
        name,
        types: './dist/index.d.ts',
        default: './dist/index.js',
      });
      // Every target a consumer resolves is packed; `@comidl/source` is the workspace's own condition (sources
      // for in-repo builds), which no consumer sets.
      const targets = [manifest['main'], manifest['types'], ...Object.entries(root ?? {}).filter(([c]) => c !== '@comidl/source').map(([, t]) => t)];
      expect({ name, unpacked: targets.filter((t) => typeof t === 'string' && !entries.includes(path.posix.normalize(t))) }).toEqual({
        name,
        unpacked: [],
      });
      const dependencies = (manifest['dependencies'] ?? {}) as Record<string, string>;
      const foreign = Object.entries(dependencies).filter(([dep, range]) => versions.get(dep) !== range);
      expect({ name, foreign, peer: manifest['peerDependencies'] ?? {} }).toEqual({ name, foreign: [], peer: {} });
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
      PACKAGES.map(({ name }) => [`node_modules/${name}`, '0.1.0', false]).sort(),
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
