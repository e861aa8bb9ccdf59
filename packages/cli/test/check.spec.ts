/**
 * `comidl check` (and codegen's `checkPackages` under it): packages generated from a temporary copy of
 * idl/mapi-sync match; a changed, a deleted and an added file are reported as stale, missing and extra,
 * with exit 1, and so is the vtable lock; build output is not compared; nothing is ever written.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkPackages, runLibrary } from '@comidl/codegen';
import { parseArgs } from '../src/args';
import { checkCommand } from '../src/commands/check';
import { generateCommand } from '../src/commands/generate';
import { type CliResult, expectCompilerDiagnostics, IDL_ROOT, snapshot, tempDir } from './helpers';


/** Runs `comidl COMMAND ARGV` in `dir`. */
function runIn(dir: string, command: 'check' | 'generate', ...argv: string[]): CliResult {
  const before = process.cwd();
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
  process.chdir(dir);
  try {
    const code = (command === 'check' ? checkCommand : generateCommand)(parseArgs([command, ...argv]), io);
    if (typeof code !== 'number') throw new Error(`${command} returned a promise`);
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}


const CONFIG = 'idl/mapi-sync/comidl.config.json';
const LOCK = 'idl/mapi-sync/vtable.lock.json';
const OUT = 'packages/generated';

describe('comidl check', () => {
  // Without the vtable lock: generation writes it.
  const dir = tempDir('check', (d) => {
    for (const lib of ['mapi-sync', 'com', 'mapi']) cpSync(path.join(IDL_ROOT, lib), path.join(d, 'idl', lib), { recursive: true });
    rmSync(path.join(d, LOCK), { force: true });
  });
  const file = (rel: string) => path.join(dir, OUT, rel);

  beforeAll(() => {
    expect(runIn(dir, 'generate', '--config', CONFIG).code).toBe(0);
  });

  /** Runs `check`, which must leave every file as it was. */
  function check(...argv: string[]): CliResult {
    const before = snapshot(dir);
    const r = runIn(dir, 'check', ...argv);
    expect(snapshot(dir)).toEqual(before);
    return r;
  }

  it('matches what generate wrote: one summary line, exit 0', () => {
    const r = check('--config', CONFIG);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(
      /^check: 53 generated files of mapi-sync in packages\/generated and its vtable lock idl\/mapi-sync\/vtable\.lock\.json match its IDL \(\d+ ms\)\n$/,
    );
  });

  it('ignores build output and files outside the owned ones', () => {
    mkdirSync(file('mapi-sync-interfaces/dist'), { recursive: true });
    writeFileSync(file('mapi-sync-interfaces/dist/index.js'), '');
    writeFileSync(file('mapi-sync-interfaces/NOTES.md'), '');
    try {
      expect(check('--config', CONFIG).code).toBe(0);
    } finally {
      rmSync(file('mapi-sync-interfaces/dist'), { recursive: true });
      rmSync(file('mapi-sync-interfaces/NOTES.md'));
    }
  });

  it('reports a changed file as stale, exit 1', () => {
    const target = file('mapi-sync-proxies/src/ostx.ts');
    const original = readFileSync(target, 'utf8');
    writeFileSync(target, original.replace('IOSTX', 'IOSTY'));
    try {
      const r = check('--config', CONFIG);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        'stale    packages/generated/mapi-sync-proxies/src/ostx.ts\n' +
          'check: 1 stale, 0 missing, 0 extra for mapi-sync (packages/generated); run comidl generate with the same options\n',
      );
    } finally {
      writeFileSync(target, original);
    }
  });

  it('reports a deleted file as missing, exit 1', () => {
    const target = file('mapi-sync-mocks/package.json');
    const original = readFileSync(target, 'utf8');
    rmSync(target);
    try {
      const r = check('--config', CONFIG);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^missing {2}packages\/generated\/mapi-sync-mocks\/package\.json\ncheck: 0 stale, 1 missing, 0 extra /);
    } finally {
      writeFileSync(target, original);
    }
  });

  it('reports a source that is no longer generated as extra, exit 1', () => {
    const target = file('mapi-sync-interfaces/src/old/removed.ts');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, 'export {};\n');
    try {
      const r = check('--config', CONFIG);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^extra {4}packages\/generated\/mapi-sync-interfaces\/src\/old\/removed\.ts\ncheck: 0 stale, 0 missing, 1 extra /);
    } finally {
      rmSync(path.dirname(target), { recursive: true });
    }
  });

  it('lists all four kinds at once, each sorted, in another output folder given by --out', () => {
    const other = path.join(dir, 'copy');
    // Generated there (the READMEs name their output folder), then changed.
    expect(runIn(dir, 'generate', '--config', CONFIG, '--out', 'copy').code).toBe(0);
    writeFileSync(path.join(other, 'mapi-sync-mocks/src/fakes.ts'), '');
    writeFileSync(path.join(other, 'mapi-sync-interfaces/src/ostx.ts'), '');
    rmSync(path.join(other, 'mapi-sync-proxies/tsconfig.json'));
    rmSync(path.join(other, 'mapi-sync-interfaces/src/index.ts'));
    writeFileSync(path.join(other, 'mapi-sync-proxies/src/zz.ts'), '');
    writeFileSync(path.join(other, 'mapi-sync-interfaces/src/aa.ts'), '');
    try {
      const r = check('--config', CONFIG, '--out', 'copy');
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')).toEqual([
        'stale    copy/mapi-sync-interfaces/src/ostx.ts',
        'stale    copy/mapi-sync-mocks/src/fakes.ts',
        'missing  copy/mapi-sync-interfaces/src/index.ts',
        'missing  copy/mapi-sync-proxies/tsconfig.json',
        'extra    copy/mapi-sync-interfaces/src/aa.ts',
        'extra    copy/mapi-sync-proxies/src/zz.ts',
        'check: 2 stale, 2 missing, 2 extra for mapi-sync (copy); run comidl generate with the same options',
        '',
      ]);
      // The same, from the library function: paths relative to the output folder.
      const before = process.cwd();
      process.chdir(dir);
      try {
        const { packages } = runLibrary({ library: { kind: 'config', file: path.join(dir, CONFIG) }, outDir: other, root: dir });
        expect(checkPackages(other, packages)).toEqual({
          stale: ['mapi-sync-interfaces/src/ostx.ts', 'mapi-sync-mocks/src/fakes.ts'],
          missing: ['mapi-sync-interfaces/src/index.ts', 'mapi-sync-proxies/tsconfig.json'],
          extra: ['mapi-sync-interfaces/src/aa.ts', 'mapi-sync-proxies/src/zz.ts'],
        });
      } finally {
        process.chdir(before);
      }
    } finally {
      rmSync(other, { recursive: true });
    }
  });

  it('checks the vtable lock as one more generated file: stale when it differs, missing when absent', () => {
    const lock = path.join(dir, LOCK);
    const original = readFileSync(lock, 'utf8');
    try {
      // Same layouts, other text (as if written by hand): not what generate writes.
      writeFileSync(lock, JSON.stringify(JSON.parse(original)));
      let r = check('--config', CONFIG);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^stale {4}idl\/mapi-sync\/vtable\.lock\.json\ncheck: 1 stale, 0 missing, 0 extra /);
      rmSync(lock);
      r = check('--config', CONFIG);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^missing {2}idl\/mapi-sync\/vtable\.lock\.json\ncheck: 0 stale, 1 missing, 0 extra /);
    } finally {
      writeFileSync(lock, original);
    }
  });

  it('fails when a layout behind a locked IID changed, exit 1', () => {
    const ostx = path.join(dir, 'idl/mapi-sync/ostx.idl');
    const original = readFileSync(ostx, 'utf8');
    writeFileSync(ostx, original.replace('HRESULT InitSync(\n        [in] ULONG', 'HRESULT InitSync(\n        [in] USHORT'));
    try {
      const r = check('--config', CONFIG);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^idl\/mapi-sync\/vtable\.lock\.json: error: IOSTX slot \d+: InitSync parameter 1 \(ulFlags\) type unsigned long -> unsigned short\n/);
      expect(r.stderr).toMatch(/\ncheck: the library does not generate; fix the errors above\n$/);
    } finally {
      writeFileSync(ostx, original);
    }
  });

  it('reports every file as missing for an output folder that does not exist', () => {
    const r = check('--config', CONFIG, '--out', 'nowhere');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\ncheck: 0 stale, 53 missing, 0 extra for mapi-sync \(nowhere\);/);
    expect(existsSync(path.join(dir, 'nowhere'))).toBe(false);
  });

  it('fails with located diagnostics when the library does not generate, exit 1', () => {
    const ostx = path.join(dir, 'idl/mapi-sync/ostx.idl');
    const original = readFileSync(ostx, 'utf8');
    writeFileSync(ostx, original.replace('interface IOSTX : IUnknown', 'interface IOSTX : IUnknown {'));
    try {
      const r = check('--config', CONFIG);
      expect(r.code).toBe(1);
      expect(expectCompilerDiagnostics(r.stderr, dir)[0]).toMatch(/^idl\/mapi-sync\/ostx\.idl:\d+:\d+: error /);
      expect(r.stderr).toMatch(/\ncheck: the library does not generate; fix the errors above\n$/);
      expect(r.stdout).toBe('');
    } finally {
      writeFileSync(ostx, original);
    }
  });

  it('selects the library as generate does: wrong usage is exit 2', () => {
    const r = check('--idl', 'x.idl', '--name', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("comidl check: --idl needs --scope @SCOPE, --name NAME and --out DIR\nRun 'comidl check --help' for usage.\n");
  });
});
