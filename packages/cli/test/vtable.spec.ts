/** `comidl vtable`: one JSON line per file, in the documented shape; exit status; options in any order. */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import type { PreprocessHost } from '@comidl/parser';
import { vtableReports } from '../src';
import { vtableHelp } from '../src/commands/vtable';
import { BASE_IDL_DIR } from '../src/scaffold';
import { cli, cliIn, expectCompilerDiagnostics, IDL_ROOT, REPO_ROOT, STACK_TRACE, tempDir, writeFiles, BASE_IDL } from './helpers';

const OSTX = 'idl/mapi-sync/ostx.idl';
const MAPISYNC = 'idl/mapi-sync/mapisync.idl';
const MAPIDEFS = 'idl/mapi/mapidefs.idl';

/** The JSON lines of stdout, parsed. */
function jsonLines(stdout: string): Record<string, unknown>[] {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

interface Report {
  file: string;
  interfaces: { name: string; kind: string; base: string | null; iid: string | null; slots: string[] }[];
  diagnostics: { code: string; file: string; line: number; column: number; message: string }[];
}

/** Keys of every object, recursively, as paths: `interfaces[].slots`. */
function shapeOf(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.length ? shapeOf(value[0], `${at}[]`) : [`${at}[]`];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [`${at}.${k}`, ...shapeOf(v, `${at}.${k}`)]);
  }
  return [];
}

/** The example line of `comidl vtable --help`, made valid JSON. */
function documentedExample(): unknown {
  const line = vtableHelp.split('\n').find((l) => l.trimStart().startsWith('{"file"'));
  if (!line) throw new Error('comidl vtable --help shows no example line');
  return JSON.parse(line.trim().replace(/,\.\.\.\]/g, ']'));
}

describe('comidl vtable', () => {
  const ostxSlots = [
    'QueryInterface',
    'AddRef',
    'Release',
    'GetLastError',
    'InitSync',
    'SyncBeg',
    'SyncEnd',
    'SyncHdrBeg',
    'SyncHdrEnd',
    'SetSyncResult',
    'Placeholder10',
  ];

  it('prints one JSON line in exactly the documented shape, IOSTX slots in order', () => {
    const r = cliIn(REPO_ROOT, 'vtable', OSTX);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const [line] = jsonLines(r.stdout);
    expect(Object.keys(line)).toEqual(['file', 'interfaces', 'diagnostics']);
    const report = line as unknown as Report;
    expect(report.file).toBe(OSTX);
    for (const i of report.interfaces) expect(Object.keys(i)).toEqual(['name', 'kind', 'base', 'iid', 'slots']);
    expect(shapeOf({ ...report, diagnostics: [] })).toEqual(shapeOf(documentedExample()));
    const ostx = report.interfaces.find((i) => i.name === 'IOSTX')!;
    expect(ostx).toEqual({ name: 'IOSTX', kind: 'interface', base: 'IUnknown', iid: 'd2d85db4-840f-49b8-9982-07d2405ec6b7', slots: ostxSlots });
    expect(report.diagnostics).toEqual([]);
  });

  it('gives IIDs lowercase without braces, whatever the IDL spelling', () => {
    const report = jsonLines(cli('vtable', path.join(REPO_ROOT, OSTX)).stdout)[0] as unknown as Report;
    // ostx.idl writes IPSTX's uuid in capitals.
    expect(readFileSync(path.join(REPO_ROOT, OSTX), 'utf8')).toContain('uuid(4FDEEFF0-0319-11CF-B4CF-00AA0DBBB6E6)');
    expect(report.interfaces.map((i) => i.iid)).toEqual(['d2d85db4-840f-49b8-9982-07d2405ec6b7', '4fdeeff0-0319-11cf-b4cf-00aa0dbbb6e6']);
    for (const i of report.interfaces) expect(i.iid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('lists only the interfaces a file defines, not those it imports', () => {
    const r = cliIn(REPO_ROOT, 'vtable', OSTX, 'idl/mapi-sync/mapi-sync.idl');
    const [ostx, all] = jsonLines(r.stdout) as unknown as Report[];
    expect(ostx.interfaces.map((i) => i.name)).toEqual(['IOSTX', 'IPSTX']);
    // mapi-sync.idl only imports: IUnknown, IMAPIProgress, IOSTX... are all someone else's.
    expect(all).toEqual({ file: 'idl/mapi-sync/mapi-sync.idl', interfaces: [], diagnostics: [] });
  });

  it('prints one line per file, in the order given', () => {
    const r = cliIn(REPO_ROOT, 'vtable', OSTX, MAPISYNC, MAPIDEFS, 'idl/com/unknwn.idl');
    expect(r.code).toBe(0);
    const reports = jsonLines(r.stdout) as unknown as Report[];
    expect(reports.map((x) => [x.file, x.interfaces.map((i) => `${i.name}:${i.slots.length}`)])).toEqual([
      [OSTX, ['IOSTX:11', 'IPSTX:15']],
      [MAPISYNC, ['IMAPISync:4', 'IMAPISyncProgressCallback:6']],
      // IMessage, IMAPIFolder, IMsgStore, IMAPISession are only forward-declared there.
      [MAPIDEFS, ['IMAPIProgress:8']],
      ['idl/com/unknwn.idl', ['IUnknown:3']],
    ]);
  });

  it('several files in one call share their imports: each file is read once', () => {
    const reads = new Map<string, number>();
    const host: PreprocessHost = {
      readFile(p) {
        reads.set(p, (reads.get(p) ?? 0) + 1);
        try {
          return readFileSync(p, 'utf8');
        } catch {
          return undefined;
        }
      },
    };
    const files = [OSTX, MAPISYNC, MAPIDEFS].map((f) => path.join(REPO_ROOT, f));
    const reports = vtableReports(files, { host });
    expect(reports.map((r) => r.diagnostics)).toEqual([[], [], []]);
    // ostx and mapisync both import wtypes, unknwn, mapidefs, replconst.
    expect(path.relative(IDL_ROOT, [...reads.keys()].find((p) => p.endsWith('mapidefs.idl'))!)).toBe('mapi/mapidefs.idl');
    expect([...reads.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(reads.size).toBe(8);
  });

  describe('errors', () => {
    const dir = tempDir('vtable', (d) =>
      writeFiles(d, {
        'good.idl': 'import "unknwn.idl";\n[object, uuid(11111111-2222-3333-4444-555555555555)]\ninterface IGood : IUnknown\n{\n    HRESULT Run(void);\n}\n',
        'bad.idl': 'import "unknwn.idl";\n[object, uuid(11111111-2222-3333-4444-555555555556)]\ninterface IBad : IUnknown\n{\n    HRESULT Run([in] NOSUCHTYPE value);\n}\n',
      }),
    );
    const include = path.join(IDL_ROOT, 'com');

    it('exits 1 if any file has errors, and still prints every file', () => {
      const r = cli('vtable', '-I', include, path.join(dir, 'good.idl'), path.join(dir, 'bad.idl'), path.join(dir, 'good.idl'));
      expect(r.code).toBe(1);
      const reports = jsonLines(r.stdout) as unknown as Report[];
      expect(reports.map((x) => [path.basename(x.file), x.interfaces.map((i) => i.name), x.diagnostics.map((d) => d.code)])).toEqual([
        ['good.idl', ['IGood'], []],
        ['bad.idl', ['IBad'], ['M001']],
        ['good.idl', ['IGood'], []],
      ]);
      expect(expectCompilerDiagnostics(r.stderr)).toEqual([`${path.join(dir, 'bad.idl')}:5:22: error M001: unknown type 'NOSUCHTYPE'`]);
      // The declaration the error is in follows the caret line.
      expect(r.stderr).toMatch(/^  \w+ interface IBad$/m);
    });

    it('a missing file is an error of that file (exit 1), reported in its line', () => {
      const missing = path.join(dir, 'no-such-file.idl');
      const r = cli('vtable', '-I', include, missing, path.join(dir, 'good.idl'));
      expect(r.code).toBe(1);
      const [first, second] = jsonLines(r.stdout) as unknown as Report[];
      expect(first).toEqual({
        file: missing,
        interfaces: [],
        diagnostics: [{ file: missing, line: 1, column: 1, code: 'IO001', severity: 'error', message: `cannot read file '${missing}'` }],
      });
      expect(second.interfaces.map((i) => i.name)).toEqual(['IGood']);
      expect(r.stderr).toBe(`${missing}:1:1: error IO001: cannot read file '${missing}'\nFound 1 error and 0 warnings.\n`);
    });

    it('no file at all is wrong usage (exit 2)', () => {
      const r = cli('vtable', '-I', include);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^comidl vtable: no input files\n/);
    });

    it('never prints a stack trace', () => {
      const r = cli('vtable', dir);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    });
  });

  describe('options in any order', () => {
    const dir = tempDir('vtable-options', (d) =>
      writeFiles(d, {
        'inc/base.idl': BASE_IDL,
        'main.idl': [
          '/* base.idl is only found through -I inc. */',
          'import "base.idl";',
          '[object, uuid(aaaaaaaa-0000-4000-8000-000000000001)]',
          'interface IOptions : IUnknown',
          '{',
          '    HRESULT Always(void);',
          '#ifdef WITH_EXTRA',
          '    HRESULT Extra(void);',
          '#endif',
          '#if LEVEL == 2',
          '    HRESULT Level2(void);',
          '#endif',
          '}',
          '',
        ].join('\n'),
      }),
    );
    const own = (r: ReturnType<typeof cli>) => {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return (jsonLines(r.stdout)[0] as unknown as Report).interfaces[0].slots.slice(3);
    };

    it.each([
      [['-I', 'inc', 'main.idl'], ['Always']],
      [['main.idl', '-I', 'inc'], ['Always']],
      [['-Iinc', 'main.idl'], ['Always']],
      [['main.idl', '-Iinc'], ['Always']],
      [['-I', 'inc', '-D', 'WITH_EXTRA=1', 'main.idl'], ['Always', 'Extra']],
      [['-D', 'WITH_EXTRA', 'main.idl', '-I', 'inc'], ['Always', 'Extra']],
      [['main.idl', '-DWITH_EXTRA', '-Iinc'], ['Always', 'Extra']],
      [['-D', 'LEVEL=2', '-Iinc', 'main.idl'], ['Always', 'Level2']],
      [['main.idl', '-DLEVEL=2', '-D', 'WITH_EXTRA', '-I', 'inc'], ['Always', 'Extra', 'Level2']],
    ])('comidl vtable %j', (argv, slots) => {
      expect(own(cliIn(dir, 'vtable', ...argv))).toEqual(slots);
    });

    it('the command may come after the options', () => {
      expect(own(cliIn(dir, '-I', 'inc', 'vtable', '-DWITH_EXTRA', 'main.idl'))).toEqual(['Always', 'Extra']);
    });

    it('without -I the import is not found: M010 and exit 1', () => {
      const r = cliIn(dir, 'vtable', 'main.idl');
      expect(r.code).toBe(1);
      expect((jsonLines(r.stdout)[0] as unknown as Report).diagnostics.map((d) => d.code)).toContain('M010');
      expect(expectCompilerDiagnostics(r.stderr, dir)).toContain(
        `main.idl:2:1: error M010: cannot find imported file 'base.idl' (looked in ${dir}, ${BASE_IDL_DIR}); add the folder that holds it with -I DIR`,
      );
    });

    it.each([
      [['vtable', '--frobnicate', 'main.idl'], 'comidl: unknown option --frobnicate'],
      [['vtable', 'main.idl', '-x'], 'comidl: unknown option -x'],
      [['vtable', '--color=always', 'main.idl'], 'comidl: unknown option --color'],
      [['vtable', 'main.idl', '-I'], 'comidl: option -I needs a value'],
      [['vtable', 'main.idl', '-D'], 'comidl: option -D needs a value'],
      [['vtable', '-D', '1X=2', 'main.idl'], 'comidl: invalid macro name in -D 1X=2'],
      [['vtable', '--json', 'main.idl'], 'comidl vtable: option --json does not apply to this command'],
      [['vtable', '--docs', 'x', 'main.idl'], 'comidl vtable: option --docs does not apply to this command'],
      [['frobnicate', 'main.idl'], "comidl: unknown command 'frobnicate'"],
    ])('%j is wrong usage: exit 2 and a message', (argv, message) => {
      const r = cliIn(dir, ...argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(message);
      expect(r.stderr).toMatch(/Run 'comidl( vtable)? --help' for usage\.\n$/);
    });
  });
});
