/**
 * `comidl generate`: a library from its comidl.config.json (a temporary copy of idl/mapi-sync with the
 * libraries it imports) and from --idl/--scope/--name/--out (Wine's ocidl.idl, outside idl/). Checks what
 * is written and printed, that a second run writes nothing, that an error leaves every file as it was, and
 * wrong usage. The command is called directly, with its arguments as `comidl` parses them.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { runLibrary } from '@comidl/codegen';
import { parseArgs } from '../src/args';
import { generateCommand } from '../src/commands/generate';
import { type CliResult, copyMapiSync, editOnce, expectCompilerDiagnostics, lineOf, REPO_ROOT, snapshot, STACK_TRACE, tempDir } from './helpers';


/** Runs `comidl generate ARGV` in `dir`, synchronously (no --watch). */
function generateIn(dir: string, ...argv: string[]): CliResult {
  const before = process.cwd();
  let stdout = '';
  let stderr = '';
  process.chdir(dir);
  try {
    const code = generateCommand(parseArgs(['generate', ...argv]), { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    if (typeof code !== 'number') throw new Error('generate without --watch returned a promise');
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}



const CONFIG = 'idl/mapi-sync/comidl.config.json';
const LOCK = 'idl/mapi-sync/vtable.lock.json';
const PACKAGES = ['mapi-sync-interfaces', 'mapi-sync-proxies', 'mapi-sync-mocks', 'mapi-sync-native'];

describe('comidl generate --config', () => {
  const dir = tempDir('generate', copyMapiSync);
  const out = () => path.join(dir, 'packages/generated');
  let first: CliResult;

  beforeAll(() => {
    first = generateIn(dir, '--config', CONFIG);
  });

  it('writes the four packages into packages/generated and the vtable lock, exit 0, naming every file it wrote', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(readdirSync(out()).sort()).toEqual([...PACKAGES].sort());
    const onDisk = [...[...snapshot(out()).keys()].map((f) => `packages/generated/${f}`), LOCK];
    expect(readFileSync(path.join(dir, LOCK), 'utf8')).toMatch(/"IOSTX"/);
    const wrote = first.stdout
      .split('\n')
      .filter((l) => l.startsWith('wrote '))
      .map((l) => l.slice('wrote '.length));
    expect(wrote.sort()).toEqual(onDisk.sort());
    expect(first.stdout).toMatch(/^mapi-sync: 9 IDL files, \d+ interfaces -> @mapi-sync\/interfaces, @mapi-sync\/proxies, @mapi-sync\/mocks, @mapi-sync\/native \(\d+ files\)\n/);
    expect(first.stdout).toMatch(new RegExp(`\\ngenerate: ${onDisk.length} written, 0 unchanged, 0 removed in \\d+ ms\\n$`));
  });

  it('writes what the library generates, byte for byte', () => {
    const before = process.cwd();
    process.chdir(dir);
    try {
      const run = runLibrary({ library: { kind: 'config', file: path.join(dir, CONFIG) }, outDir: out(), root: dir });
      expect(run.packages.length).toBe(4);
      for (const pkg of run.packages) {
        for (const f of pkg.files) expect(readFileSync(path.join(out(), pkg.directory, f.path), 'utf8')).toBe(f.text);
      }
    } finally {
      process.chdir(before);
    }
  });

  it('writes nothing on a second run: every file unchanged, byte for byte and by modification time', () => {
    const before = snapshot(dir);
    const again = generateIn(dir, '--config', CONFIG);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/^wrote /m);
    // The packages' files and the lock.
    expect(again.stdout).toMatch(new RegExp(`\\ngenerate: 0 written, ${snapshot(out()).size + 1} unchanged, 0 removed in \\d+ ms\\n$`));
    expect(snapshot(dir)).toEqual(before);
  });

  it('finds comidl.config.json in the current directory; --out names the output folder (shown absolute outside it)', () => {
    const r = generateIn(path.join(dir, 'idl/mapi-sync'), '--out', '../../elsewhere');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote \/\S+\/elsewhere\/mapi-sync-interfaces\/package\.json$/m);
    expect(readdirSync(path.join(dir, 'elsewhere')).sort()).toEqual([...PACKAGES].sort());
  });

  it("without --out, writes into the config's out (relative to its folder); --out overrides it", () => {
    const config = JSON.parse(readFileSync(path.join(dir, CONFIG), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'idl/mapi-sync/own.config.json'), JSON.stringify({ ...config, $schema: undefined, out: '../../own-out' }));
    try {
      const r = generateIn(dir, '--config', 'idl/mapi-sync/own.config.json');
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toMatch(/^wrote own-out\/mapi-sync-interfaces\/package\.json$/m);
      expect(readdirSync(path.join(dir, 'own-out')).sort()).toEqual([...PACKAGES].sort());
      const over = generateIn(dir, '--config', 'idl/mapi-sync/own.config.json', '--out', 'over-out');
      expect(over.code).toBe(0);
      expect(readdirSync(path.join(dir, 'over-out')).sort()).toEqual([...PACKAGES].sort());
    } finally {
      rmSync(path.join(dir, 'idl/mapi-sync/own.config.json'));
    }
  });

  it('removes a generated source that is no longer produced, and says so', () => {
    // Generation's own: it carries the header (the manifest lists the files of the last generation).
    const stale = path.join(out(), 'mapi-sync-proxies/src/gone.ts');
    writeFileSync(stale, '// @generated by comidl from idl/mapi-sync. DO NOT EDIT.\nexport {};\n');
    const r = generateIn(dir, '--config', CONFIG);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^removed packages\/generated\/mapi-sync-proxies\/src\/gone\.ts$/m);
    expect(existsSync(stale)).toBe(false);
  });

  it('a hand-written file under src/ stops it before anything is written, naming the file (exit 1)', () => {
    const mine = path.join(out(), 'mapi-sync-proxies/src/mine.ts');
    writeFileSync(mine, 'export const mine = 1;\n');
    const ostx = path.join(dir, 'idl/mapi-sync/ostx.idl');
    const original = readFileSync(ostx, 'utf8');
    editOnce(ostx, 'before any SyncBeg. Does not change state.', 'before any SyncBeg; the state stays.');
    const before = snapshot(dir);
    try {
      const r = generateIn(dir, '--config', CONFIG);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^comidl: packages\/generated\/mapi-sync-proxies\/src\/mine\.ts was not generated by comidl; src\/ holds generated files only: move it out of src\/$/m);
      expect(r.stderr).toMatch(/\ngenerate: failed after \d+ ms; nothing was written\n$/);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(snapshot(dir)).toEqual(before);
    } finally {
      rmSync(mine);
      writeFileSync(ostx, original);
    }
  });

  it('on a syntax error: located diagnostic with the source line, exit 1, every existing file as it was', () => {
    const ostx = path.join(dir, 'idl/mapi-sync/ostx.idl');
    const original = readFileSync(ostx, 'utf8');
    const before = snapshot(out());
    expect(before.size).toBeGreaterThan(20);
    editOnce(ostx, 'HRESULT InitSync(', 'HRESULT InitSync(,');
    try {
      const r = generateIn(dir, '--config', CONFIG);
      expect(r.code).toBe(1);
      const heads = expectCompilerDiagnostics(r.stderr, dir);
      expect(heads[0]).toMatch(new RegExp(`^idl/mapi-sync/ostx\\.idl:${lineOf(ostx, 'HRESULT InitSync(,')}:\\d+: error `));
      expect(r.stderr).toMatch(/\ngenerate: failed after \d+ ms; nothing was written\n$/);
      expect(r.stdout).toBe('');
      expect(snapshot(out())).toEqual(before);
    } finally {
      writeFileSync(ostx, original);
    }
  });

  it('a protocol description naming what the IDL lacks: located at its line and column, exit 1, nothing written', () => {
    const protocol = path.join(dir, 'idl/mapi-sync/iostx.protocol.json');
    const original = readFileSync(protocol, 'utf8');
    const before = snapshot(out());
    editOnce(protocol, '"hasAll": ["UPS_UPLOAD_ONLY", "UPS_ONE_FOLDER"]', '"hasAll": ["UPS_UPLOAD_ONLY", "UPS_ONE_FOLDERS"]');
    try {
      const r = generateIn(dir, '--config', CONFIG);
      expect(r.code).toBe(1);
      const line = lineOf(protocol, '"UPS_ONE_FOLDERS"');
      const column = readFileSync(protocol, 'utf8').split('\n')[line - 1]!.indexOf('"UPS_ONE_FOLDERS"') + 1;
      expect(r.stderr).toMatch(
        new RegExp(`^idl/mapi-sync/iostx\\.protocol\\.json:${line}:${column}: error: states\\[3\\]\\.parents\\[1\\]\\.when\\.hasAll\\[1\\]: UPS_ONE_FOLDERS is not a constant or enum member of the IDL$`, 'm'),
      );
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.stdout).toBe('');
      expect(snapshot(out())).toEqual(before);
    } finally {
      writeFileSync(protocol, original);
    }
  });

  it('a changed layout behind a locked IID stops generation; --update-lock accepts it and rewrites the lock', () => {
    const ostx = path.join(dir, 'idl/mapi-sync/ostx.idl');
    const original = readFileSync(ostx, 'utf8');
    const before = snapshot(dir);
    editOnce(ostx, 'HRESULT InitSync(\n        [in] ULONG ulFlags);', 'HRESULT InitSync(\n        [in] USHORT ulFlags);');
    try {
      const refused = generateIn(dir, '--config', CONFIG);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^idl\/mapi-sync\/vtable\.lock\.json: error: .*InitSync.*unsigned long.*unsigned short/m);
      expect(refused.stderr).toMatch(/\nmapi-sync: the vtable layouts behind locked IIDs changed\. .* accept the change with --update-lock\.\n/);
      expect(refused.stdout).toBe('');
      expect(snapshot(dir)).toEqual(new Map([...before, ['idl/mapi-sync/ostx.idl', snapshot(dir).get('idl/mapi-sync/ostx.idl')!]]));

      const accepted = generateIn(dir, '--config', CONFIG, '--update-lock');
      expect(accepted.code).toBe(0);
      expect(accepted.stderr).toMatch(/^idl\/mapi-sync\/vtable\.lock\.json: warning: .*InitSync.* \(accepted: --update-lock\)$/m);
      expect(accepted.stdout).toMatch(/^wrote idl\/mapi-sync\/vtable\.lock\.json$/m);
      expect(readFileSync(path.join(dir, LOCK), 'utf8')).toContain('unsigned short');
    } finally {
      writeFileSync(ostx, original);
      expect(generateIn(dir, '--config', CONFIG, '--update-lock').code).toBe(0);
    }
  });

  it('a bad config is an input error (exit 1), nothing written', () => {
    const config = path.join(dir, 'bad/comidl.config.json');
    cpSync(path.join(dir, CONFIG), config);
    writeFileSync(config, JSON.stringify({ name: 'Bad Name', scope: '@bad', files: ['x.idl'] }));
    const r = generateIn(dir, '--config', 'bad', '--out', 'bad-out');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bad\/comidl\.config\.json:1:9: error: name: must be a lowercase package name/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(path.join(dir, 'bad-out'))).toBe(false);
  });

  it.each([
    ['a FILE argument', ['idl/mapi-sync/mapi-sync.idl'], /unexpected argument 'idl\/mapi-sync\/mapi-sync\.idl'/],
    ['--config and --idl', ['--config', CONFIG, '--idl', 'x.idl', '--scope', '@x', '--name', 'x', '--out', 'o'], /either --config or --idl/],
    ['--idl without --out', ['--idl', 'x.idl', '--scope', '@x', '--name', 'x'], /--idl needs --scope @SCOPE, --name NAME and --out DIR/],
    ['a scope without @', ['--idl', 'x.idl', '--scope', 'x', '--name', 'x', '--out', 'o'], /--scope x: an npm scope/],
    ['an uppercase name', ['--idl', 'x.idl', '--scope', '@x', '--name', 'X', '--out', 'o'], /--name X: a lowercase package name/],
    ['--name with a config', ['--config', CONFIG, '--name', 'x'], /--name applies to --idl/],
    ['a config that does not exist', ['--config', 'idl/none/comidl.config.json'], /library config 'idl\/none\/comidl\.config\.json' does not exist/],
    ['no config in the current directory', [], /no comidl\.config\.json in the current directory/],
    ['an --out of white space', ['--config', CONFIG, '--out', '  '], /--out "  ": the output folder is empty/],
    ['--out the current directory', ['--config', CONFIG, '--out', '.'], /--out "\.": the output folder is the current directory/],
    ['--out the current directory, spelt otherwise', ['--config', CONFIG, '--out', 'idl/../'], /is the current directory/],
    ['--out /', ['--config', CONFIG, '--out', '/'], /the output folder \/ is the root of a file system/],
    ['--out /proc', ['--config', CONFIG, '--out', '/proc'], /the output folder \/proc is a system folder/],
    ['--out below /sys', ['--config', CONFIG, '--out', '/sys/kernel/x'], /is a system folder/],
    ['--out /etc', ['--config', CONFIG, '--out', '/etc/'], /the output folder \/etc is a system folder/],
    ['--out /usr', ['--config', CONFIG, '--out', '/usr'], /the output folder \/usr is a system folder/],
    ['--out the home folder', ['--config', CONFIG, '--out', homedir()], /is the home folder/],
    ['--out of white space for an --idl library', ['--idl', 'x.idl', '--scope', '@x', '--name', 'x', '--out', ' '], /the output folder is empty/],
  ])('%s is wrong usage (exit 2), nothing written', (_what, argv, message) => {
    const before = snapshot(dir);
    const r = generateIn(dir, ...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^comidl generate: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/\nRun 'comidl generate --help' for usage\.\n$/);
    expect(r.stdout).toBe('');
    expect(snapshot(dir)).toEqual(before);
  });
});

const WINE = path.join(REPO_ROOT, '.cache/wine/root/usr/include/wine/wine/windows');
const OCIDL = path.join(WINE, 'ocidl.idl');

if (!existsSync(OCIDL) && process.env['CI']) {
  it('comidl generate --idl on Wine ocidl.idl needs the corpus', () => {
    throw new Error(`no ${OCIDL}: CI must fetch the Wine corpus (npm run wine:fetch)`);
  });
} else if (!existsSync(OCIDL)) {
  console.warn('skipped: Wine corpus not fetched; run npm run wine:fetch');
  it.skip('comidl generate --idl on Wine ocidl.idl', () => undefined);
} else {
  describe('comidl generate --idl (Wine ocidl.idl, outside idl/)', () => {
    const dir = tempDir('generate-wine');
    let r: CliResult;
    const argv = ['--idl', OCIDL, '-I', WINE, '-D', '__WIDL__=0x80000', '-D', '_WIN32=1', '--out', 'out', '--scope', '@wine-ole', '--name', 'ocidl'];

    beforeAll(() => {
      r = generateIn(dir, ...argv);
    });

    it('produces the four packages, exit 0', () => {
      // Warnings (the native bindings' N00x name IErrorLog and the like) but no error diagnostic.
      expect(r.stderr).not.toMatch(/: error [A-Z]+\d+:/);
      expect(r.stderr).toMatch(/: warning N001: /);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^ocidl: \d+ IDL files, \d+ interfaces -> @wine-ole\/interfaces, @wine-ole\/proxies, @wine-ole\/mocks, @wine-ole\/native/);
      expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['ocidl-interfaces', 'ocidl-mocks', 'ocidl-native', 'ocidl-proxies']);
      for (const kind of ['interfaces', 'proxies', 'mocks', 'native']) {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'out', `ocidl-${kind}`, 'package.json'), 'utf8')) as { name: string };
        expect(pkg.name).toBe(`@wine-ole/${kind}`);
        expect(existsSync(path.join(dir, 'out', `ocidl-${kind}`, 'src/index.ts'))).toBe(true);
      }
      const vtables = readFileSync(path.join(dir, 'out/ocidl-interfaces/src/vtables.ts'), 'utf8');
      for (const name of ['IConnectionPoint', 'IOleControl', 'IClassFactory2']) expect(vtables).toContain(`'${name}': {`);
    });

    it('writes nothing on a second run', () => {
      const before = snapshot(path.join(dir, 'out'));
      const again = generateIn(dir, ...argv);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/\ngenerate: 0 written, \d+ unchanged, 0 removed in \d+ ms\n$/);
      expect(snapshot(path.join(dir, 'out'))).toEqual(before);
    });
  });
}
