/**
 * User and environment errors of generate and check: each is status 1 (wrong usage 2) with a clear line,
 * never a stack trace, never status 3, and nothing written. A config with several wrong fields names every
 * one in one run; an input that is not a regular file (a FIFO, a device, a folder) is a located error, never
 * a hang; system errors (EACCES, ENOSPC, EROFS: injected with the test-only COMIDL_TEST_FAULT, since the
 * tests may run as root; ENOTDIR and ENAMETOOLONG: real paths) are one line. Module names that clash with
 * generated files or that Windows reserves are renamed predictably.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BASE_IDL, cliIn, REPO_ROOT, snapshot, STACK_TRACE, tempDir, writeFiles } from './helpers';

jest.setTimeout(120_000);

const BIN = path.join(REPO_ROOT, 'packages/cli/bin/comidl.cjs');
const built = existsSync(path.join(REPO_ROOT, 'packages/cli/dist/main.js'));
const itBuilt = built ? it : it.skip;

const LIB = `import "base.idl";\n[object, uuid(11111111-0000-0000-0000-000000000001)]\ninterface ILib : IUnknown\n{\n    HRESULT Open([in] ULONG flags);\n}\n`;
const CONFIG = JSON.stringify({ name: 'small', scope: '@small', files: ['lib.idl'] });

function bin(dir: string, argv: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...argv], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
}

/** One line on stderr (besides the run's closing line), status 1, no stack trace. */
function expectOneLine(r: { code: number | null; stderr: string }, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr).not.toMatch(/internal error/);
}

describe('a config with wrong fields', () => {
  const dir = tempDir('env-config', (d) => writeFiles(d, { 'idl/base.idl': BASE_IDL, 'idl/lib.idl': LIB }));

  it('names every wrong field in one run, each at its line and column with its path (exit 1), writing nothing', () => {
    const text = [
      '{',
      '  "name": "Bad Name",',
      '  "scope": 3,',
      '  "files": ["lib.idl", 7, "none.idl"],',
      '  "includeDirs": "inc",',
      '  "defines": { "OK": "1", "1BAD": "x", "N": 2 },',
      '  "lenient": "yes",',
      '  "colour": true,',
      '  "includeDir": [],',
      '  "emit": "some"',
      '}',
    ].join('\n');
    writeFiles(dir, { 'idl/comidl.config.json': text });
    const before = snapshot(dir);
    const r = cliIn(dir, 'generate', '--config', 'idl', '--out', 'out');
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('idl/comidl.config.json:'));
    expect(lines).toEqual([
      'idl/comidl.config.json:2:11: error: name: must be a lowercase package name (a-z, 0-9, -), such as "mapi-sync"',
      'idl/comidl.config.json:3:12: error: scope: must be an npm scope such as "@mapi-sync"',
      "idl/comidl.config.json:4:24: error: files[1]: must be a non-empty string, a path relative to the config's folder",
      'idl/comidl.config.json:4:27: error: files[2]: none.idl does not exist',
      "idl/comidl.config.json:5:18: error: includeDirs: must be a list of folders searched for imports and #include, relative to the config's folder",
      'idl/comidl.config.json:6:27: error: defines.1BAD: must be a macro name (letters, digits, _; not starting with a digit)',
      "idl/comidl.config.json:6:45: error: defines.N: must be a string (the macro's replacement text)",
      'idl/comidl.config.json:7:14: error: lenient: must be true or false: MIDL rules widl does not enforce (M002-M006, M009, M011) give warnings',
      'idl/comidl.config.json:8:3: error: colour: unknown field (a library config has name, scope, files, protocols, includeDirs, defines, lenient, severity, emit, uses, version, license, description, publish, moduleFormat, out, form)',
      'idl/comidl.config.json:9:3: error: includeDir: unknown field; did you mean "includeDirs"?',
      `idl/comidl.config.json:10:11: error: emit: must be "all" (every declaration of the files' import closure, the default) or "reached" (the files' declarations and what they refer to)`,
    ]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a config nested far deeper than a config is is refused at its place, before the JSON parser recurses into it', () => {
    writeFiles(dir, { 'deep/comidl.config.json': '{"name": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}' });
    const r = cliIn(dir, 'check', '--config', 'deep', '--out', 'out');
    // The object is level 1; the bracket opening level 65 is the 64th, after `{"name": `.
    expectOneLine(r, /^deep\/comidl\.config\.json:1:73: error: not valid JSON: nested deeper than 64 levels$/m);
  });

  it('a config that is a FIFO is a located error, never a hang; a folder named comidl.config.json is taken as the folder holding one', () => {
    writeFiles(dir, { 'fifo/x': '' });
    spawnSync('mkfifo', [path.join(dir, 'fifo/comidl.config.json')]);
    const r = cliIn(dir, 'check', '--config', 'fifo/comidl.config.json', '--out', 'out');
    expectOneLine(r, /^fifo\/comidl\.config\.json:1:1: error: the library config is a FIFO \(named pipe\), not a regular file$/m);
    writeFiles(dir, { 'folder/comidl.config.json/x': '' });
    const d = cliIn(dir, 'check', '--config', 'folder/comidl.config.json/', '--out', 'out');
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/^comidl check: library config 'folder\/comidl\.config\.json\/comidl\.config\.json' does not exist$/m);
    expect(d.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('--idl inputs that are no regular files', () => {
  const dir = tempDir('env-idl', (d) => {
    writeFiles(d, { 'base.idl': BASE_IDL, 'lib.idl': LIB, 'folder.idl/x': '' });
    spawnSync('mkfifo', [path.join(d, 'pipe.idl')]);
  });
  const idl = (file: string) => cliIn(dir, 'generate', '--idl', file, '--scope', '@x', '--name', 'x', '--out', 'out');

  it.each([
    ['a missing file', 'none.idl', /^none\.idl:1:1: error: the IDL file does not exist$/m],
    ['a FIFO', 'pipe.idl', /^pipe\.idl:1:1: error: the IDL file is a FIFO \(named pipe\), not a regular file$/m],
    ['a folder', 'folder.idl', /^folder\.idl:1:1: error: the IDL file is a directory, not a regular file$/m],
    ['a device', '/dev/zero', /^\/dev\/zero:1:1: error: the IDL file is a device, not a regular file$/m],
    ['a path through a file', 'lib.idl/x.idl', /^lib\.idl\/x\.idl:1:1: error: the IDL file does not exist \(a folder in its path is a file\)$/m],
  ])('%s is a located error (exit 1), nothing written', (_what, file, message) => {
    expectOneLine(idl(file), message);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('system errors writing the output', () => {
  const dir = tempDir('env-write', (d) => writeFiles(d, { 'idl/base.idl': BASE_IDL, 'idl/lib.idl': LIB, 'idl/comidl.config.json': CONFIG, 'a-file': 'x\n' }));

  it.each([
    ['ENOTDIR: --out below a file', 'a-file/out', /^comidl: cannot write a-file\/out: a folder in its path is a file \(ENOTDIR\); nothing was changed$/m],
    ['ENAMETOOLONG: a folder name of 300 characters', `out/${'n'.repeat(300)}`, /^comidl: cannot write .*: the name is too long \(ENAMETOOLONG\); nothing was changed$/m],
  ])('%s: one line, exit 1, nothing written', (_what, out, message) => {
    const before = snapshot(dir);
    const r = cliIn(dir, 'generate', '--config', 'idl', '--out', out);
    expectOneLine(r, message);
    expect(snapshot(dir)).toEqual(before);
  });

  itBuilt.each([
    ['ENOSPC', 'no space left on device'],
    ['EACCES', 'permission denied'],
    ['EROFS', 'read-only file system'],
  ])('%s at a file event (injected): one line, exit 1, nothing changed, no temporary file', (code, text) => {
    // Event 3 writes the first temporary file (1: the output lock, 2: the staging journal).
    const r = bin(dir, ['generate', '--config', 'idl', '--out', 'out'], { COMIDL_TEST_FAULT: `${code}@4` });
    expectOneLine({ code: r.status, stderr: r.stderr }, new RegExp(`^comidl: cannot write out/.*: ${text} \\(${code}\\); nothing was changed$`, 'm'));
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
  });

  itBuilt('after the commit point, a failing rename says the next run completes it; the next check does, and finds the output whole', () => {
    const counted = bin(dir, ['generate', '--config', 'idl', '--out', 'counted'], { COMIDL_TEST_FAULT: 'count' });
    expect(counted.status).toBe(0);
    const events = counted.stderr.split('\n').filter((l) => l.startsWith('comidl-test-fault: event '));
    const firstRename = events.findIndex((l) => / rename .*\.comidl-\d+\.tmp to .*\/counted\/small-/.test(l)) + 1;
    expect(firstRename).toBeGreaterThan(0);
    const r = bin(dir, ['generate', '--config', 'idl', '--out', 'late'], { COMIDL_TEST_FAULT: `ENOSPC@${firstRename}` });
    expectOneLine({ code: r.status, stderr: r.stderr }, /no space left on device \(ENOSPC\); the new output is committed but not complete; the next comidl generate or check completes it$/m);
    const check = bin(dir, ['check', '--config', 'idl', '--out', 'late']);
    expect(check.stderr).not.toMatch(STACK_TRACE);
    expect({ status: check.status, recovered: /completed/.test(check.stdout + check.stderr) }).toEqual({ status: 0, recovered: true });
  });
});

describe('module names that clash with generated files or that Windows reserves', () => {
  const module = (name: string, n: number) =>
    `import "base.idl";\n[object, uuid(22222222-0000-0000-0000-0000000000${String(n).padStart(2, '0')})]\ninterface I${name.replace(/\W/g, '')}${n} : IUnknown\n{\n    HRESULT Go(void);\n}\n`;
  const names = ['fakes', 'index', 'vtables', 'structs', 'proxy-stubs', 'protocols', 'aux', 'CON', 'nul', 'com1', 'Lpt9'];
  const dir = tempDir('env-names', (d) =>
    writeFiles(d, {
      'idl/base.idl': BASE_IDL,
      ...Object.fromEntries(names.map((n, i) => [`idl/${n}.idl`, module(n, i)])),
      'idl/all.idl': `${names.map((n) => `import "${n}.idl";`).join('\n')}\n`,
      'idl/comidl.config.json': JSON.stringify({ name: 'names', scope: '@names', files: ['all.idl'] }),
    }),
  );

  it('are renamed predictably (a trailing _), generate twice gives the same files, and check passes', () => {
    const first = cliIn(dir, 'generate', '--config', 'idl', '--out', 'out');
    expect(first.stderr).not.toMatch(STACK_TRACE);
    expect(first.code).toBe(0);
    const sources = readdirSync(path.join(dir, 'out/names-interfaces/src')).sort();
    for (const n of ['fakes', 'aux', 'CON', 'nul', 'com1', 'Lpt9']) expect(sources).toContain(`${n}_.ts`);
    for (const n of ['aux', 'con', 'nul', 'com1', 'lpt9']) expect(sources).not.toContain(`${n}.ts`);
    const second = cliIn(dir, 'generate', '--config', 'idl', '--out', 'out');
    expect(second.stdout).toMatch(/generate: 0 written, \d+ unchanged, 0 removed/);
    expect(cliIn(dir, 'check', '--config', 'idl', '--out', 'out').code).toBe(0);
  });

  it('a hand-written file named like a generated one is in the way, not overwritten', () => {
    writeFileSync(path.join(dir, 'out/names-mocks/src/mine.ts'), 'export const mine = 1;\n');
    const r = cliIn(dir, 'generate', '--config', 'idl', '--out', 'out');
    expectOneLine(r, /^comidl: out\/names-mocks\/src\/mine\.ts was not generated by comidl; src\/ holds generated files only: move it out of src\/$/m);
  });
});
