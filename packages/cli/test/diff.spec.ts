/**
 * `comidl diff OLD.idl NEW.idl`: every change between two versions of a file's interfaces, grouped
 * breaking / additive / harmless with a summary, or one JSON object; exit 1 on a breaking change or bad input.
 * The command is run through its own function with parsed arguments (it is registered in main.ts apart).
 */
import * as path from 'node:path';
import { parseArgs } from '../src/args';
import { diffCommand, diffHelp } from '../src/commands/diff';
import { copyIdl, editOnce, expectCompilerDiagnostics, IDL_ROOT, STACK_TRACE, tempDir, writeFiles, type CliResult, BASE_IDL } from './helpers';

/** Runs `comidl diff ARGV` in-process with captured output. */
function diff(...argv: string[]): CliResult {
  let stdout = '';
  let stderr = '';
  const code = diffCommand(parseArgs(['diff', ...argv]), { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const OSTX = path.join(IDL_ROOT, 'mapi-sync/ostx.idl');

interface DiffJson {
  old: string;
  new: string;
  changes: { severity: string; interface: string; slot?: number; method?: string; message: string }[];
  counts: { breaking: number; additive: number; harmless: number };
}

describe('comidl diff', () => {
  it('finds no change between a file and itself: exit 0 and a one-line summary', () => {
    const r = diff(OSTX, OSTX);
    expect(r).toEqual({ code: 0, stdout: `diff: no changes between ${OSTX} and ${OSTX} (2 interfaces, 26 slots, 0 structures)\n`, stderr: '' });
  });

  it('compares only the interfaces a file defines, not those it imports', () => {
    const all = path.join(IDL_ROOT, 'mapi-sync/mapi-sync.idl');
    expect(diff(all, all).stdout).toBe(`diff: no changes between ${all} and ${all} (0 interfaces, 0 slots, 0 structures)\n`);
  });

  describe('changed copies of idl/', () => {
    const dir = tempDir('diff', (d) => {
      const direction = path.join(copyIdl(path.join(d, 'direction')), 'mapi-sync/ostx.idl');
      editOnce(direction, '[in] UINT uiSync,\n        [in, out] LPVOID *ppv);', '[in] UINT uiSync,\n        [out] LPVOID *ppv);');

      const compatible = path.join(copyIdl(path.join(d, 'compatible')), 'mapi-sync/ostx.idl');
      editOnce(compatible, '[in] HRESULT hrSync);', '[in] HRESULT hrResult);');
      editOnce(compatible, '    [local, restricted, hidden] HRESULT Placeholder10(void);\n}', '    [local, restricted, hidden] HRESULT Placeholder10(void);\n\n    HRESULT Abort(void);\n}');
      editOnce(compatible, 'Enters a replication state, as a child', 'Enters a replication state, a child');

      const fields = path.join(copyIdl(path.join(d, 'fields')), 'mapi-sync/mapisync.idl');
      editOnce(fields, '    LPUNKNOWN punkCallBack;', '    LPUNKNOWN punkCallback;');

      const broken = path.join(copyIdl(path.join(d, 'broken')), 'mapi-sync/ostx.idl');
      editOnce(broken, 'HRESULT hrSync);', 'HRESULT hrSync;');
    });
    const copy = (name: string) => path.join(dir, name, 'idl/mapi-sync/ostx.idl');

    it('classifies a renamed structure field as breaking', () => {
      const older = path.join(IDL_ROOT, 'mapi-sync/mapisync.idl');
      const newer = path.join(dir, 'fields', 'idl/mapi-sync/mapisync.idl');
      const r = diff(older, newer);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(
        'breaking (1):\n' +
          '  struct MAPISIB: field 4 renamed punkCallBack -> punkCallback\n' +
          `diff: 1 change(s) from ${older} to ${newer}: 1 breaking, 0 additive, 0 harmless; binaries built against the old file break\n`,
      );
      expect(diff(older, older).stdout).toBe(`diff: no changes between ${older} and ${older} (2 interfaces, 10 slots, 1 structures)\n`);
    });

    it('prints a breaking change in its group, with the summary, and exits 1', () => {
      const r = diff(OSTX, copy('direction'));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(
        'breaking (1):\n' +
          '  IOSTX slot 5: SyncBeg parameter 2 (ppv) direction in,out -> out\n' +
          `diff: 1 change(s) from ${OSTX} to ${copy('direction')}: 1 breaking, 0 additive, 0 harmless; binaries built against the old file break\n`,
      );
    });

    it('additive and harmless changes only: grouped in that order, exit 0', () => {
      const r = diff(OSTX, copy('compatible'));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        'additive (1):\n' +
          '  IOSTX slot 11: Abort appended at the end; by COM rules a changed interface needs a new IID\n' +
          'harmless (2):\n' +
          '  IOSTX slot 5: SyncBeg doc comment changed\n' +
          '  IOSTX slot 9: SetSyncResult parameter 1 renamed hrSync -> hrResult\n' +
          `diff: 3 change(s) from ${OSTX} to ${copy('compatible')}: 0 breaking, 1 additive, 2 harmless; binaries built against the old file keep working\n`,
      );
    });

    it('the other way round, the appended method is a removed slot: breaking', () => {
      const r = diff(copy('compatible'), OSTX);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^breaking \(1\):\n {2}IOSTX slot 11: Abort removed\n/);
    });

    it('--json: one object with both files, every change and the counts', () => {
      const r = diff('--json', OSTX, copy('compatible'));
      expect(r.code).toBe(0);
      expect(r.stdout.endsWith('}\n')).toBe(true);
      expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
      const json = JSON.parse(r.stdout) as DiffJson;
      expect(Object.keys(json)).toEqual(['old', 'new', 'changes', 'counts']);
      expect(json).toMatchObject({ old: OSTX, new: copy('compatible'), counts: { breaking: 0, additive: 1, harmless: 2 } });
      expect(json.changes).toContainEqual({
        code: 'ABI001',
        severity: 'additive',
        interface: 'IOSTX',
        slot: 11,
        method: 'Abort',
        message: 'IOSTX slot 11: Abort appended at the end; by COM rules a changed interface needs a new IID',
        // Where the new slot's method is, in the newer file.
        location: { file: path.resolve(copy('compatible')), line: 162, column: 5 },
      });
      expect(JSON.parse(diff(OSTX, copy('direction'), '--json').stdout)).toMatchObject({ counts: { breaking: 1, additive: 0, harmless: 0 } });
    });

    it('--json, like the help shows it', () => {
      const example = diffHelp.split('\n').find((l) => l.trimStart().startsWith('{"old"'))!;
      const documented = JSON.parse(example.trim()) as DiffJson;
      const actual = JSON.parse(diff('--json', OSTX, copy('direction')).stdout) as DiffJson;
      expect(Object.keys(actual)).toEqual(Object.keys(documented));
      expect(Object.keys(actual.changes[0])).toEqual(Object.keys(documented.changes[0]));
      expect(Object.keys(actual.counts)).toEqual(Object.keys(documented.counts));
    });

    it('a syntax error in either file: located diagnostics, nothing compared, exit 1', () => {
      for (const argv of [[OSTX, copy('broken')], [copy('broken'), OSTX], ['--json', copy('broken'), OSTX]]) {
        const r = diff(...argv);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        const [first] = expectCompilerDiagnostics(r.stderr);
        expect(first.startsWith(`${copy('broken')}:`)).toBe(true);
      }
    });
  });

  describe('with -I and -D', () => {
    const dir = tempDir('diff-options', (d) =>
      writeFiles(d, {
        'inc/base.idl': BASE_IDL,
        'old.idl': 'import "base.idl";\n[object, uuid(aaaaaaaa-0000-4000-8000-000000000001)]\ninterface IOptions : IUnknown\n{\n    HRESULT Run([in] ULONG ulFlags);\n}\n',
        'new.idl': [
          'import "base.idl";',
          '[object, uuid(aaaaaaaa-0000-4000-8000-000000000001)]',
          'interface IOptions : IUnknown',
          '{',
          '#ifdef WIDE',
          '    HRESULT Run([in] unsigned __int64 ulFlags);',
          '#else',
          '    HRESULT Run([in] ULONG ulFlags);',
          '#endif',
          '}',
          '',
        ].join('\n'),
      }),
    );
    const file = (name: string) => path.join(dir, name);

    it('reads both files with the same search path and macros', () => {
      expect(diff('-I', file('inc'), file('old.idl'), file('new.idl')).code).toBe(0);
      const r = diff(file('old.idl'), '-DWIDE', file('new.idl'), `-I${file('inc')}`);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('  IOptions slot 3: Run parameter 1 (ulFlags) type unsigned long -> unsigned __int64\n');
    });

    it('without -I the import is not found: M010 and exit 1', () => {
      const r = diff(file('old.idl'), file('new.idl'));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(expectCompilerDiagnostics(r.stderr).some((l) => l.includes('error M010: cannot find imported file'))).toBe(true);
    });

    it('a missing file is an input error (exit 1), never a stack trace', () => {
      const missing = file('no-such-file.idl');
      const r = diff('-I', file('inc'), file('old.idl'), missing);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`${missing}:1:1: error IO001: cannot read file '${missing}'\nFound 1 error and 0 warnings.\n`);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    });
  });

  it.each([[[]], [[OSTX]], [[OSTX, OSTX, OSTX]]])('%j is wrong usage: exit 2, the help', (argv) => {
    const r = diff(...argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`comidl diff: expected two files, OLD.idl and NEW.idl\n\n${diffHelp}`);
  });

  it('its help has a usage line, a description, and explains every option', () => {
    expect(diffHelp).toMatch(/^Usage: comidl diff \[-I DIR\]\.\.\. \[-D NAME\[=VALUE\]\]\.\.\. OLD\.idl NEW\.idl \[--json\] \[--lenient\]\n\n/);
    expect(diffHelp.split('\n\n')[1].length).toBeGreaterThan(60);
    const options = diffHelp.slice(diffHelp.indexOf('\nOptions:\n') + 10).trimEnd().split('\n');
    expect(options.map((l) => /^ {2}(\S+)/.exec(l)![1])).toEqual(['--json', '--lenient', '-I', '-D', '--help,']);
    for (const line of options) expect(line).toMatch(/^ {2}\S.*? {2,}\S.{10,}$/);
    for (const word of ['breaking', 'additive', 'harmless', 'Exit status 1']) expect(diffHelp).toContain(word);
  });
});
