/** Shared by the CLI tests: running `comidl` in-process with captured output, paths, temp folders. */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from '../src';

/** Repository root (`packages/cli/test` → `.`). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const IDL_ROOT = path.join(REPO_ROOT, 'idl');
export const MAPI_SYNC_IDL = path.join(IDL_ROOT, 'mapi-sync/mapi-sync.idl');

/**
 * Microsoft Learn page snapshots shared beside the checkout, one folder per variant. `COMIDL_SPEC_DOCS`
 * points elsewhere (e.g. at a missing folder, to see the docs tests skip).
 */
export const DOCS_ROOT = path.resolve(process.env['COMIDL_SPEC_DOCS'] ?? path.resolve(REPO_ROOT, '../shared/spec/docs'));
export const DOCS_VARIANTS = ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'de-DE-sxs', 'fr-FR-sxs', 'es-ES-sxs'] as const;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `comidl ARGV` in-process. A thrown error is a test failure: the CLI reports, it never throws. */
export function cli(...argv: string[]): CliResult {
  let stdout = '';
  let stderr = '';
  const code = run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  if (typeof code !== 'number') throw new Error(`comidl ${argv.join(' ')} keeps running (--watch); call the command directly`);
  return { code, stdout, stderr };
}

/** Runs `cli` with the working directory set to `dir` for the call. */
export function cliIn(dir: string, ...argv: string[]): CliResult {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return cli(...argv);
  } finally {
    process.chdir(before);
  }
}

/** What a stack trace looks like in output: `    at fn (file.js:1:2)` lines or a bare `Error:`. */
export const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$|^(Type|Range|Reference|Syntax)?Error: /m;

let tempCount = 0;

/**
 * A temp folder for the tests of the enclosing `describe`: created (and filled by `setup`) before them,
 * removed after them. Nothing is created when all of them are skipped or filtered out.
 */
export function tempDir(prefix: string, setup: (dir: string) => void = () => {}): string {
  const dir = path.join(tmpdir(), `comidl-${prefix}-${process.pid}-${++tempCount}-${Math.random().toString(36).slice(2, 8)}`);
  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    setup(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes files (path relative to `dir` → text), creating folders; returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/** A copy of the whole `idl/` folder under `dir`, so edits to the copy keep every import working. */
export function copyIdl(dir: string): string {
  const target = path.join(dir, 'idl');
  cpSync(IDL_ROOT, target, { recursive: true });
  return target;
}

/** Replaces `from` (which must occur exactly once) by `to` in a file. */
export function editOnce(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`'${from}' does not occur exactly once in ${file}`);
  writeFileSync(file, text.slice(0, at) + to + text.slice(at + from.length));
}

/** 1-based line of the first line of `file` containing `needle`. */
export function lineOf(file: string, needle: string): number {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`'${needle}' not in ${file}`);
  return i + 1;
}

/**
 * `describe` when the docs folder exists. Without it: on CI (`CI` set) a failing test that says what is
 * missing, so CI never passes without the pages; elsewhere a skipped `describe`, after saying why.
 */
export function describeWithDocs(name: string, body: () => void): void {
  if (existsSync(DOCS_ROOT)) {
    describe(name, body);
  } else if (process.env['CI']) {
    describe(name, () => {
      it('needs the Microsoft Learn pages', () => {
        throw new Error(`no docs folder at ${DOCS_ROOT}: CI must have ../shared/spec/docs beside the checkout (or COMIDL_SPEC_DOCS)`);
      });
    });
  } else {
    console.warn(`skipped: no docs folder at ${DOCS_ROOT}`);
    describe.skip(name, body);
  }
}

/**
 * Checks stderr in compiler form: every diagnostic is `file:line:col: error CODE: message`, then the
 * source line as in `file` and a caret under the column (when the file can be read). Returns the
 * diagnostics' first lines.
 */
export function expectCompilerDiagnostics(stderr: string, cwd = process.cwd()): string[] {
  const lines = stderr.split('\n');
  const heads: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(.+):(\d+):(\d+): (error|warning) ([A-Z]+\d+): (.+)$/.exec(lines[i]);
    if (!m) continue;
    heads.push(lines[i]);
    const [file, line, column] = [m[1], Number(m[2]), Number(m[3])];
    const resolved = path.resolve(cwd, file);
    if (existsSync(resolved) && !lines[i].includes(' IO001: ')) {
      const source = readFileSync(resolved, 'utf8').split(/\r?\n/)[line - 1];
      expect(lines[i + 1]).toBe(`  ${source.replace(/\t/g, ' ')}`);
      expect(lines[i + 2]).toBe(`  ${' '.repeat(column - 1)}^`);
    }
  }
  expect(heads.length).toBeGreaterThan(0);
  expect(stderr).not.toMatch(STACK_TRACE);
  return heads;
}

/** Every file below `dir` (relative, `/`) with its modification time and contents; empty when `dir` is absent. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const file = path.join(dir, r);
      if (e.isDirectory()) walk(r);
      else out.set(r, `${statSync(file).mtimeMs} ${readFileSync(file, 'utf8')}`);
    }
  };
  if (existsSync(dir)) walk('');
  return out;
}

/** idl/mapi-sync and what it imports (idl/com, idl/mapi) under `dir/idl`, without the vtable lock (the first generation writes it). */
export function copyMapiSync(dir: string): void {
  for (const lib of ['mapi-sync', 'com', 'mapi']) cpSync(path.join(IDL_ROOT, lib), path.join(dir, 'idl', lib), { recursive: true });
  rmSync(path.join(dir, 'idl/mapi-sync/vtable.lock.json'), { force: true });
}

/** The smallest base an IDL test file can import: HRESULT, ULONG, GUID, REFIID and IUnknown. */
export const BASE_IDL = [
  'typedef long HRESULT;',
  'typedef unsigned long ULONG;',
  'typedef struct _GUID { ULONG a; } GUID;',
  'typedef const GUID *REFIID;',
  '[object, local, uuid(00000000-0000-0000-C000-000000000046)]',
  'interface IUnknown',
  '{',
  '    HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppv);',
  '    ULONG AddRef(void);',
  '    ULONG Release(void);',
  '}',
  '',
].join('\n');
