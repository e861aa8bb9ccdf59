/**
 * The sources form (`"form": "sources"`, `--form sources`): plain TypeScript files in a folder of the
 * project's own source tree, `<out>/<name>/<kind>/*.ts`, importing each other by relative paths, with no
 * package.json, tsconfig or build of their own. What makes generation safe holds as for packages: the
 * manifest of each folder, a foreign file stopping generate with nothing written, `check` finding stale,
 * missing and extra files, byte-identical output, no absolute path. The output compiles under strict with
 * a file of the project that imports it, against the repository's @comidl/runtime (a symlinked node_modules).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { ParsedArgs } from '../src/args';
import { generateCommand } from '../src/commands/generate';
import { BASE_IDL, cliIn, copyMapiSync, editOnce, REPO_ROOT, snapshot, STACK_TRACE, tempDir, writeFiles } from './helpers';

const OUT = 'src/generated';
const KINDS = ['interfaces', 'proxies', 'mocks', 'native'];
const CONFIG = 'idl/mapi-sync/comidl.config.json';

/** A project with idl/mapi-sync (its config saying `"form": "sources"`), its package.json and the repository's node_modules. */
function project(dir: string): void {
  copyMapiSync(dir);
  editOnce(path.join(dir, CONFIG), '"name": "mapi-sync",', '"name": "mapi-sync",\n  "form": "sources",');
  writeFiles(dir, { 'package.json': `${JSON.stringify({ name: 'app', private: true, type: 'module' }, null, 2)}\n` });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** Every file below `dir`, relative with `/`, sorted. */
function files(dir: string): string[] {
  return [...snapshot(dir).keys()].sort();
}

/**
 * Type-checks the project's src/ as its own tsc would, strict, with `module`/`moduleResolution` `nodenext`
 * (relative imports need their `.js`) and Node's types (the native folder binds koffi through
 * @comidl/runtime-native). The `@comidl/source` condition resolves the runtime to its sources (no build).
 */
function compile(dir: string): string[] {
  const roots: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.ts')) roots.push(path.join(d, e.name));
    }
  };
  walk(path.join(dir, 'src'));
  const program = ts.createProgram(roots, {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['@comidl/source'],
    types: ['node'],
    typeRoots: [path.join(REPO_ROOT, 'node_modules/@types')],
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitOverride: true,
    noImplicitReturns: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** A file of the project that uses the generated interfaces, proxies and mocks. */
const APP = `import { IID_IOSTX, type IOSTX } from './generated/mapi-sync/interfaces/index.js';
import { IOSTXProxy } from './generated/mapi-sync/proxies/index.js';
import { IOSTXMock } from './generated/mapi-sync/mocks/index.js';

export const iid: string = String(IID_IOSTX);
export const proxyClass: typeof IOSTXProxy = IOSTXProxy;
export function mocked(): IOSTX {
  return new IOSTXMock();
}
`;

describe('the sources form', () => {
  const dir = tempDir('sources-form', project);
  const out = () => path.join(dir, OUT);
  const generate = (...extra: string[]) => cliIn(dir, 'generate', '--config', 'idl/mapi-sync', '--out', OUT, ...extra);
  const check = () => cliIn(dir, 'check', '--config', 'idl/mapi-sync', '--out', OUT);

  it('writes <out>/<name>/<kind>/*.ts and a manifest per folder, nothing of a package, and says what to install', () => {
    const r = generate();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const written = files(out());
    for (const kind of KINDS) {
      expect(written).toContain(`mapi-sync/${kind}/index.ts`);
      expect(written).toContain(`mapi-sync/${kind}/comidl.manifest.json`);
    }
    expect(written).toContain('mapi-sync/interfaces/ostx.ts');
    expect(written).toContain('mapi-sync/mocks/fakes.ts');
    // Nothing but the folders' TypeScript files and manifests: no package.json, tsconfig, README or src/.
    expect(written.filter((f) => !/^mapi-sync\/(interfaces|proxies|mocks|native)\/[^/]+\.ts$/.test(f) && !f.endsWith('/comidl.manifest.json'))).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(out(), 'mapi-sync/mocks/comidl.manifest.json'), 'utf8'))).toMatchObject({ package: 'mapi-sync/mocks', files: expect.arrayContaining(['fakes.ts', 'index.ts']) });
    // No absolute path in any file, manifests included.
    for (const f of written) expect({ f, absolute: readFileSync(path.join(out(), f), 'utf8').includes(dir) }).toEqual({ f, absolute: false });
    for (const f of written.filter((w) => w.endsWith('.ts'))) {
      const text = readFileSync(path.join(out(), f), 'utf8');
      expect({ f, header: /^\/\/ @generated by comidl from idl\/.+\. DO NOT EDIT\.$/.test(text.split('\n')[0]) }).toEqual({ f, header: true });
      // The library's folders import each other by relative paths.
      expect({ f, byName: /from '@mapi-sync\//.test(text) }).toEqual({ f, byName: false });
    }
    expect(readFileSync(path.join(out(), 'mapi-sync/mocks/ostx.ts'), 'utf8')).toContain("from '../interfaces/ostx.js';");
    expect(r.stdout).toMatch(/^mapi-sync: \d+ IDL files, \d+ interfaces -> mapi-sync\/interfaces, mapi-sync\/proxies, mapi-sync\/mocks, mapi-sync\/native \(\d+ files\)$/m);
    expect(r.stdout).toMatch(/^generate: the generated sources import @comidl\/runtime@\^\d+\.\d+\.\d+, @comidl\/runtime-native@\^[\d.]+, jest-mock@[^,]+, koffi@[\d.]+: install them in the project \(npm install '@comidl\/runtime@\^[\d.]+' /m);
  });

  it('compiles under strict (nodenext) with a file of the project that imports it', () => {
    writeFiles(dir, { 'src/app.ts': APP });
    try {
      expect(compile(dir)).toEqual([]);
    } finally {
      rmSync(path.join(dir, 'src/app.ts'));
    }
  });

  it('runs under the stock ts-jest preset (CommonJS) with the one moduleNameMapper the README gives for .js specifiers', () => {
    // @comidl/runtime is mapped to its TypeScript sources, which ts-jest compiles like the project's own, so
    // that the test needs no build (a project's ts-jest requires the runtime's CommonJS build). The README's
    // mapper is the first.
    const runtime = path.join(REPO_ROOT, 'packages/runtime/src');
    const jestConfig = {
      preset: 'ts-jest',
      testEnvironment: 'node',
      rootDir: '.',
      moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^@comidl/runtime$': `${runtime}/index.ts`, '^@comidl/runtime/mocks$': `${runtime}/mocks.ts` },
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
    };
    writeFiles(dir, {
      'jest.config.json': JSON.stringify(jestConfig),
      'tsconfig.jest.json': JSON.stringify({ compilerOptions: { target: 'es2022', module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0', strict: true, esModuleInterop: true, skipLibCheck: true, isolatedModules: true, types: ['node', 'jest'] } }),
      'test/app.test.ts': `import { IID_IOSTX } from '../src/generated/mapi-sync/interfaces/index.js';
import { IOSTXMock } from '../src/generated/mapi-sync/mocks/index.js';
test('the generated sources load and work under ts-jest', () => {
  expect(String(IID_IOSTX)).toMatch(/^[0-9a-f-]{36}$/i);
  expect(typeof new IOSTXMock().SyncBeg).toBe('function');
});
`,
    });
    const run = () => spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/jest/bin/jest.js'), '--config', 'jest.config.json', '--ci', '--no-cache'], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    try {
      const r = run();
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.stringMatching(/Tests:\s+1 passed, 1 total/) });
      // Without the mapper for .js, the relative specifiers are not found: the line is needed.
      writeFiles(dir, { 'jest.config.json': JSON.stringify({ ...jestConfig, moduleNameMapper: { ...jestConfig.moduleNameMapper, '^(\\.{1,2}/.*)\\.js$': undefined } }) });
      const without = run();
      expect(without.status).toBe(1);
      expect(without.stderr).toContain("Cannot find module '../src/generated/mapi-sync/interfaces/index.js'");
    } finally {
      for (const f of ['jest.config.json', 'tsconfig.jest.json', 'test']) rmSync(path.join(dir, f), { recursive: true, force: true });
    }
  });

  it('regenerating is byte-identical: nothing written the second time, the same files from scratch', () => {
    const before = snapshot(out());
    const again = generate();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^generate: 0 written, \d+ unchanged, 0 removed in/m);
    expect(snapshot(out())).toEqual(before);
    rmSync(path.join(out(), 'mapi-sync'), { recursive: true });
    expect(generate().code).toBe(0);
    const texts = (m: Map<string, string>) => new Map([...m].map(([k, v]) => [k, v.slice(v.indexOf(' ') + 1)]));
    expect(texts(snapshot(out()))).toEqual(texts(before));
  });

  it('check passes, then finds a stale, a missing and an extra file (exit 1); generate restores them', () => {
    const ok = check();
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const ostx = path.join(out(), 'mapi-sync/proxies/ostx.ts');
    writeFileSync(ostx, `${readFileSync(ostx, 'utf8')}// edited\n`);
    unlinkSync(path.join(out(), 'mapi-sync/interfaces/ostx.ts'));
    writeFileSync(path.join(out(), 'mapi-sync/mocks/old.ts'), '// @generated by comidl from idl/mapi-sync. DO NOT EDIT.\n');
    const stale = check();
    expect(stale.code).toBe(1);
    const said = stale.stdout + stale.stderr;
    for (const f of ['mapi-sync/proxies/ostx.ts', 'mapi-sync/interfaces/ostx.ts', 'mapi-sync/mocks/old.ts']) expect(said).toContain(`${OUT}/${f}`);
    const fixed = generate();
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain(`removed ${OUT}/mapi-sync/mocks/old.ts`);
    expect(check().code).toBe(0);
  });

  it('a file it did not generate in a folder, or a folder without a manifest, stops generate: exit 1, nothing written', () => {
    const ostx = path.join(out(), 'mapi-sync/proxies/ostx.ts');
    writeFileSync(ostx, `${readFileSync(ostx, 'utf8')}// edited\n`);
    for (const [foreign, message] of [
      ['mapi-sync/interfaces/notes.ts', 'was not generated by comidl; the folder holds generated files only'],
      ['mapi-sync/mocks/helpers/util.ts', 'was not generated by comidl; the folder holds generated files only'],
    ]) {
      writeFiles(out(), { [foreign]: 'export const mine = 1;\n' });
      const before = snapshot(out());
      const r = generate();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`comidl: ${OUT}/${foreign} ${message}`);
      expect(r.stderr).toContain(`comidl: nothing was written into ${OUT}`);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(snapshot(out())).toEqual(before);
      rmSync(path.join(out(), foreign));
    }
    rmSync(path.join(out(), 'mapi-sync/mocks/helpers'), { recursive: true });
    // A folder of the user's where a kind's folder goes.
    rmSync(path.join(out(), 'mapi-sync/native'), { recursive: true });
    writeFiles(out(), { 'mapi-sync/native/native.ts': 'export const mine = 1;\n' });
    const before = snapshot(out());
    const r = generate();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`comidl: ${OUT}/mapi-sync/native exists and was not generated by comidl (no comidl.manifest.json)`);
    expect(snapshot(out())).toEqual(before);
    rmSync(path.join(out(), 'mapi-sync/native'), { recursive: true });
    expect(generate().code).toBe(0);
    expect(check().code).toBe(0);
  });

  it('--idl --form sources gives the same files; --form takes packages or sources, with --idl only', () => {
    const idl = ['--idl', 'idl/mapi-sync/mapi-sync.idl', '--scope', '@mapi-sync', '--name', 'mapi-sync', '--out', 'by-idl', '--form', 'sources'];
    const r = cliIn(dir, 'generate', ...idl, ...['iostx', 'imapiprogress', 'imapisyncprogresscallback'].flatMap((p) => ['--protocol', `idl/mapi-sync/${p}.protocol.json`]));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const texts = (d: string) => new Map([...snapshot(d)].map(([k, v]) => [k, v.slice(v.indexOf(' ') + 1)]));
    expect(texts(path.join(dir, 'by-idl'))).toEqual(texts(out()));
    const wrong = cliIn(dir, 'generate', ...idl.slice(0, -1), 'source');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--form source: packages or sources');
    const withConfig = cliIn(dir, 'generate', '--config', 'idl/mapi-sync', '--out', OUT, '--form', 'sources');
    expect(withConfig.code).toBe(2);
    expect(withConfig.stderr).toContain('--form applies to --idl; a comidl.config.json says its own "form"');
  });

  it('with the sources form, moduleFormat and publish (of packages) are located errors, --module-format wrong usage', () => {
    const config = path.join(dir, CONFIG);
    const text = readFileSync(config, 'utf8');
    editOnce(config, '"form": "sources",', '"form": "sources",\n  "moduleFormat": "esm",\n  "publish": true,');
    try {
      const r = generate();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^idl\/mapi-sync\/comidl\.config\.json:6:19: error: moduleFormat: applies to the packages form; with "form": "sources" the project compiles the files/m);
      expect(r.stderr).toMatch(/^idl\/mapi-sync\/comidl\.config\.json:7:14: error: publish: applies to the packages form/m);
    } finally {
      writeFileSync(config, text);
    }
    const idl = cliIn(dir, 'generate', '--idl', 'idl/mapi-sync/mapi-sync.idl', '--scope', '@m', '--name', 'm', '--out', 'by-idl', '--form', 'sources', '--module-format', 'esm');
    expect(idl.code).toBe(2);
    expect(idl.stderr).toContain('--module-format applies to the packages form; with --form sources the project compiles the files');
  });

  it('a config whose "form" is neither: located, exit 1', () => {
    const config = path.join(dir, CONFIG);
    const text = readFileSync(config, 'utf8');
    editOnce(config, '"form": "sources"', '"form": "source"');
    try {
      const r = generate();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^idl\/mapi-sync\/comidl\.config\.json:5:11: error: form: must be "packages" .* or "sources"/m);
    } finally {
      writeFileSync(config, text);
    }
  });
});

describe('the sources form where the library folder is not a folder', () => {
  const dir = tempDir('sources-blocked', (d) => {
    project(d);
    mkdirSync(path.join(d, OUT), { recursive: true });
    mkdirSync(path.join(d, 'elsewhere'));
  });

  it('a file or a symbolic link where the library folder goes stops generate: exit 1, nothing written (nothing through the link)', () => {
    const folder = path.join(dir, OUT, 'mapi-sync');
    for (const [make, what] of [
      [() => writeFileSync(folder, 'not a folder\n'), 'a file'],
      [() => symlinkSync(path.join(dir, 'elsewhere'), folder, 'dir'), 'a symbolic link'],
    ] as const) {
      make();
      const r = cliIn(dir, 'generate', '--config', 'idl/mapi-sync', '--out', OUT);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`comidl: ${OUT}/mapi-sync is ${what}, not a folder`);
      expect(readdirSync(path.join(dir, OUT))).toEqual(['mapi-sync']);
      expect(readdirSync(path.join(dir, 'elsewhere'))).toEqual([]);
      unlinkSync(folder);
    }
  });
});

describe('the sources form, generate --watch', () => {
  const dir = tempDir('sources-watch', project);
  const cwd = process.cwd();
  const stop = new AbortController();
  let stdout = '';
  let stderr = '';
  let watching: Promise<number> | undefined;
  const args: ParsedArgs = {
    command: 'generate', files: [], includeDirs: [], baseIncludeDirs: [], defines: {}, protocols: [],
    flags: new Set(['--watch']), values: new Map([['--config', 'idl/mapi-sync'], ['--out', OUT]]),
  };
  /** Resolves once stdout or stderr since `from` matches `pattern`; fails after a minute. */
  const waitFor = async (pattern: RegExp, from: { out: number; err: number }) => {
    const deadline = Date.now() + 60_000;
    while (!pattern.test(stdout.slice(from.out)) && !pattern.test(stderr.slice(from.err))) {
      if (Date.now() > deadline) throw new Error(`no ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const mark = () => ({ out: stdout.length, err: stderr.length });

  beforeAll(async () => {
    process.chdir(dir);
    const r = generateCommand(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, stop.signal);
    if (typeof r === 'number') throw new Error(`generate --watch returned ${r} at once\n${stderr}`);
    watching = r;
    await waitFor(/^watch: watching \d+ files/m, { out: 0, err: 0 });
  }, 120_000);

  afterAll(async () => {
    stop.abort();
    try {
      await watching;
    } finally {
      process.chdir(cwd);
    }
  });

  it('an IDL edit rewrites the folder\'s file; with a foreign file in a folder, it stops and writes nothing', async () => {
    expect(stderr).toBe('');
    expect(stdout).toContain(`wrote ${OUT}/mapi-sync/interfaces/ostx.ts`);
    const ostx = path.join(dir, 'idl/mapi-sync/ostx.idl');
    let from = mark();
    editOnce(ostx, 'before any SyncBeg. Does not change state.', 'before any SyncBeg; the state stays as it is.');
    await waitFor(/\ngenerate: \d+ written/, from);
    expect(stdout.slice(from.out)).toMatch(new RegExp(`^wrote ${OUT}/mapi-sync/interfaces/ostx\\.ts$`, 'm'));
    expect(readFileSync(path.join(dir, OUT, 'mapi-sync/interfaces/ostx.ts'), 'utf8')).toContain('the state stays as it is.');

    writeFiles(path.join(dir, OUT), { 'mapi-sync/proxies/mine.ts': 'export const mine = 1;\n' });
    const before = snapshot(path.join(dir, OUT));
    from = mark();
    editOnce(ostx, 'the state stays as it is.', 'the state is kept.');
    await waitFor(/nothing was written into/, from);
    expect(stderr.slice(from.err)).toContain(`comidl: ${OUT}/mapi-sync/proxies/mine.ts was not generated by comidl`);
    expect(snapshot(path.join(dir, OUT))).toEqual(before);
  }, 120_000);
});

describe('the sources form over a used library in the packages form', () => {
  const dir = tempDir('sources-uses', (d) =>
    writeFiles(d, {
      'idl/base/base.idl': BASE_IDL,
      'idl/base/comidl.config.json': JSON.stringify({ name: 'base', scope: '@base', files: ['base.idl'], out: '../../packages/generated' }),
      'idl/app/app.idl': 'import "../base/base.idl";\n[object, uuid(12345678-1234-1234-1234-000000000001)] interface IApp : IUnknown { HRESULT Go([out] IUnknown **p); }\n',
      'idl/app/comidl.config.json': JSON.stringify({ name: 'app', scope: '@app', files: ['app.idl'], uses: ['../base'], form: 'sources', out: '../../src/generated' }),
    }),
  );

  it('imports it by package names, and generate says to install its packages from their folders', () => {
    expect(cliIn(dir, 'generate', '--config', 'idl/base').code).toBe(0);
    const r = cliIn(dir, 'generate', '--config', 'idl/app');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'src/generated/app/proxies/app.ts'), 'utf8')).toContain("from '@base/interfaces';");
    expect(r.stdout).toMatch(/^generate: the generated sources import @base\/interfaces \(\.\/packages\/generated\/base-interfaces\), @base\/mocks \(\.\/packages\/generated\/base-mocks\), .*@comidl\/runtime@\^[\d.]+.*: install them in the project \(npm install '\.\/packages\/generated\/base-interfaces' /m);
  });
});
