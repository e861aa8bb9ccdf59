/** Command-line conventions: --version, "did you mean", `--`, one value per option, `-` for standard input. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { run } from '../src';
import { closestMatch, editDistance } from '@comidl/parser';
import { cli, cliIn, IDL_ROOT, tempDir, type CliResult } from './helpers';

/** `comidl ARGV` in-process with `stdin` as standard input; counts how often it was read. */
function cliWithStdin(stdin: string, ...argv: string[]): CliResult & { reads: number } {
  let stdout = '';
  let stderr = '';
  let reads = 0;
  const code = run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => (reads++, stdin) });
  if (typeof code !== 'number') throw new Error('keeps running');
  return { code, stdout, stderr, reads };
}

const usage = (stderr: string | RegExp) => ({ code: 2, stdout: '', stderr: typeof stderr === 'string' ? expect.stringContaining(stderr) : expect.stringMatching(stderr) });

describe('comidl --version', () => {
  const version = (JSON.parse(readFileSync(path.join(__dirname, '../package.json'), 'utf8')) as { version: string }).version;

  it("prints the CLI package's version and exits 0, alone or with a command", () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(cli('--version')).toEqual({ code: 0, stdout: `comidl ${version}\n`, stderr: '' });
    expect(cli('vtable', '--version')).toEqual({ code: 0, stdout: `comidl ${version}\n`, stderr: '' });
  });

  it('takes no value', () => {
    expect(cli('--version=2')).toMatchObject(usage("comidl: option --version takes no value\n"));
  });
});

describe('did you mean', () => {
  it('suggests the command closest to a mistyped one', () => {
    expect(cli('genrate', 'x.idl')).toMatchObject(usage("comidl: unknown command 'genrate'; did you mean 'generate'?\n"));
    expect(cli('vtabel', 'x.idl')).toMatchObject(usage("did you mean 'vtable'?"));
    expect(cli('help', 'chek')).toMatchObject(usage("comidl help: unknown command 'chek'; did you mean 'check'?\n"));
  });

  it('suggests nothing when no command is close', () => {
    const r = cli('frobnicate', 'x.idl');
    expect(r).toMatchObject(usage("comidl: unknown command 'frobnicate'\n"));
    expect(r.stderr).not.toContain('did you mean');
  });

  it('suggests the option closest to a mistyped one, with or without a value', () => {
    expect(cli('generate', '--ouput', 'out')).toMatchObject(usage("comidl: unknown option --ouput; did you mean '--out'?\n"));
    expect(cli('generate', '--confg=x.json')).toMatchObject(usage("unknown option --confg; did you mean '--config'?"));
    expect(cli('vtable', '--lenent', 'x.idl')).toMatchObject(usage("did you mean '--lenient'?"));
    expect(cli('generate', '--update')).toMatchObject(usage("did you mean '--update-lock'?"));
    expect(cli('vtable', '--frobnicate', 'x.idl').stderr).not.toContain('did you mean');
  });

  it('measures edits as one per inserted, deleted, changed or swapped letter, without regard to case', () => {
    expect(editDistance('generate', 'generate')).toBe(0);
    expect(editDistance('genrate', 'generate')).toBe(1);
    expect(editDistance('vtabel', 'vtable')).toBe(1);
    expect(editDistance('CHECK', 'check')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestMatch('xyz', ['generate', 'check'])).toBeUndefined();
    expect(closestMatch('-x', ['-h', '-I'])).toBeUndefined();
    expect(closestMatch('prnt', ['parse', 'print'])).toBe('print');
  });
});

describe('one value per option', () => {
  it('refuses a single-value option given twice, and an empty value', () => {
    expect(cli('generate', '--out', 'a', '--out=b')).toMatchObject(usage("comidl: option --out takes one value and was given twice ('a', then 'b')\n"));
    expect(cli('generate', '--out=')).toMatchObject(usage('comidl: option --out needs a value, and it was given an empty one\n'));
    expect(cli('generate', '--config', '')).toMatchObject(usage('option --config needs a value, and it was given an empty one'));
    expect(cli('vtable', '-I', '', 'x.idl')).toMatchObject(usage('option -I needs a folder, and it was given an empty one'));
  });

  it('still takes repeated -I and -D, which add up', () => {
    const dir = path.join(IDL_ROOT, 'com');
    expect(cli('vtable', '-I', dir, `-I${dir}`, '-DA', '-D', 'B=2', path.join(IDL_ROOT, 'mapi-sync/mapi-sync.idl')).code).toBe(0);
  });
});

describe('-- ends the options', () => {
  const dir = tempDir('dashdash', (d) => writeFileSync(path.join(d, '--lenient'), '[object, uuid(12345678-1234-1234-1234-123456789abc)] interface IDash { HRESULT M(); }\n'));

  it('takes what follows as files, even when it looks like an option', () => {
    const r = cliIn(dir, 'vtable', '--', '--lenient');
    expect(r.code).toBe(1); // IUnknown is not imported: but the file was read as a file
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ file: '--lenient' });
  });

  it('without --, the same word is the option', () => {
    expect(cliIn(dir, 'vtable', '--lenient')).toMatchObject(usage('comidl vtable: no input files'));
  });
});

describe('- is standard input', () => {
  const iface = (slots: string) => `import "unknwn.idl";\n[object, uuid(12345678-1234-1234-1234-123456789abc)] interface IStdin : IUnknown { ${slots} }\n`;
  const comIdl = path.join(IDL_ROOT, 'com');

  it('vtable reads it as <stdin>, imports found from the current folder and -I', () => {
    const r = cliWithStdin(iface('HRESULT A(); HRESULT B();'), 'vtable', '-I', comIdl, '-');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.reads).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: '<stdin>', interfaces: [{ name: 'IStdin', slots: ['QueryInterface', 'AddRef', 'Release', 'A', 'B'] }] });
  });

  it('errors in it are located in <stdin>', () => {
    const r = cliWithStdin('interface IBroken {\n  HRESULT M()\n};\n', 'print', '-');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^<stdin>:2:\d+: error /m);
  });

  it('parse and print read it', () => {
    const text = '[uuid(12345678-1234-1234-1234-123456789abc)] interface IPlain { HRESULT M([in] long x); }\n';
    const printed = cliWithStdin(text, 'print', '-');
    expect(printed).toMatchObject({ code: 0, stderr: '' });
    expect(printed.stdout).toContain('interface IPlain');
    const parsed = cliWithStdin(text, 'parse', '--json', '-');
    expect(parsed.code).toBe(0);
    expect(JSON.parse(parsed.stdout)).toMatchObject({ kind: expect.any(String) });
  });

  const repo = tempDir('diff-stdin', (d) => writeFileSync(path.join(d, 'x.idl'), iface('HRESULT A(); HRESULT B();')));

  it('diff compares standard input (an older version) with a file', () => {
    const r = (() => {
      const before = process.cwd();
      process.chdir(repo);
      try {
        return cliWithStdin(iface('HRESULT B(); HRESULT A();'), 'diff', '-I', comIdl, '-', 'x.idl');
      } finally {
        process.chdir(before);
      }
    })();
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/from <stdin> to x\.idl/);
    expect(r.code).toBe(1); // swapped slots break binaries
  });

  it('can be read only once', () => {
    const r = cliWithStdin('', 'diff', '-', '-');
    expect(r).toMatchObject(usage("comidl diff: standard input (-) can be read only once\nRun 'comidl diff --help' for usage.\n"));
    expect(r.reads).toBe(0);
  });

  it('is read from the real standard input by the built bin', () => {
    const bin = path.join(__dirname, '../bin/comidl.cjs');
    const out = execFileSync(process.execPath, [bin, 'vtable', '-I', comIdl, '-'], { input: iface('HRESULT Piped();'), encoding: 'utf8' });
    expect(JSON.parse(out)).toMatchObject({ file: '<stdin>', interfaces: [{ name: 'IStdin', slots: ['QueryInterface', 'AddRef', 'Release', 'Piped'] }] });
  });
});
