/**
 * `comidl generate --watch` on a temporary copy of idl/mapi-sync: run in-process (stopped through its
 * abort signal), an edit regenerates naming the file, a syntax error prints diagnostics and leaves the
 * output untouched, the fix recovers, a new import is watched from the next good run on. Then once as a
 * child process on the compiled package, stopped with a real SIGINT. Nothing sleeps a fixed time: each
 * step waits for the output line it expects, with a generous timeout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ParsedArgs } from '../src/args';
import { generateCommand } from '../src/commands/generate';
import { copyMapiSync, editOnce, expectCompilerDiagnostics, REPO_ROOT, snapshot, tempDir } from './helpers';

jest.setTimeout(120_000);

/** How long one step may take to show its output: generous, it only matters when something is wrong. */
const STEP_MS = 60_000;
const CONFIG = 'idl/mapi-sync/comidl.config.json';


/** `comidl generate --config CONFIG --watch`, as `comidl` parses it. */
function watchArgs(): ParsedArgs {
  return { command: 'generate', files: [], includeDirs: [], baseIncludeDirs: [], defines: {}, protocols: [], flags: new Set(['--watch']), values: new Map([['--config', CONFIG]]) };
}

/** Output captured as it comes. */
class Output {
  stdout = '';
  stderr = '';
  readonly io = { stdout: (t: string) => void (this.stdout += t), stderr: (t: string) => void (this.stderr += t) };

  /** Where both streams are now: `after(mark)` is what came since. */
  mark(): { stdout: number; stderr: number } {
    return { stdout: this.stdout.length, stderr: this.stderr.length };
  }

  after(mark: { stdout: number; stderr: number }): { stdout: string; stderr: string } {
    return { stdout: this.stdout.slice(mark.stdout), stderr: this.stderr.slice(mark.stderr) };
  }

  /** Resolves once `stream` (since `mark`) matches `pattern`; fails with both streams after STEP_MS. */
  async waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, mark = { stdout: 0, stderr: 0 }): Promise<void> {
    const deadline = Date.now() + STEP_MS;
    while (!pattern.test(this.after(mark)[stream])) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} on ${stream} after ${STEP_MS} ms\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}


describe('comidl generate --watch, in-process', () => {
  const dir = tempDir('watch', copyMapiSync);
  const out = new Output();
  const stop = new AbortController();
  const cwd = process.cwd();
  let watching: Promise<number> | undefined;
  const ostx = () => path.join(dir, 'idl/mapi-sync/ostx.idl');
  const generated = () => path.join(dir, 'packages/generated');

  beforeAll(async () => {
    // Paths are resolved from the current directory for the whole watch.
    process.chdir(dir);
    const r = generateCommand(watchArgs(), out.io, stop.signal);
    if (typeof r === 'number') throw new Error(`generate --watch returned ${r} at once\n${out.stderr}`);
    watching = r;
    await out.waitFor('stdout', /^watch: watching \d+ files/m);
  });

  afterAll(async () => {
    stop.abort();
    try {
      await watching;
    } finally {
      process.chdir(cwd);
    }
  });

  it('generates first, then watches the config, its protocols, the lock and the IDL files of the closure', () => {
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/^wrote idl\/mapi-sync\/vtable\.lock\.json$/m);
    expect(out.stdout).toMatch(/\ngenerate: 54 written, 0 unchanged, 0 removed in \d+ ms\n/);
    // 9 IDL files (mapi-sync.idl and what it imports), the config, 3 protocol descriptions, the lock.
    expect(out.stdout).toMatch(/\nwatch: watching 14 files in 3 folders \(Ctrl-C to stop\)\n$/);
  });

  it('an edit regenerates, naming the file, what was written and the time', async () => {
    const mark = out.mark();
    editOnce(ostx(), 'before any SyncBeg. Does not change state.', 'before any SyncBeg; the state stays as it is.');
    await out.waitFor('stdout', /\ngenerate: \d+ written/, mark);
    const { stdout, stderr } = out.after(mark);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^watch: idl\/mapi-sync\/ostx\.idl changed\nmapi-sync: 9 IDL files/);
    expect(stdout).toMatch(/^wrote packages\/generated\/mapi-sync-interfaces\/src\/ostx\.ts$/m);
    expect(stdout).toMatch(/\ngenerate: [1-9]\d* written, \d+ unchanged, 0 removed in \d+ ms\n$/);
    expect(readFileSync(path.join(generated(), 'mapi-sync-interfaces/src/ostx.ts'), 'utf8')).toContain('the state stays as it is.');
  });

  it('a syntax error prints located diagnostics and leaves the last good output untouched', async () => {
    const before = snapshot(generated());
    const mark = out.mark();
    editOnce(ostx(), 'HRESULT InitSync(', 'HRESULT InitSync(,');
    await out.waitFor('stderr', /^watch: generation failed after \d+ ms; the last good output in packages\/generated is left as it was/m, mark);
    const { stdout, stderr } = out.after(mark);
    expect(stdout).toBe('watch: idl/mapi-sync/ostx.idl changed\n');
    expect(expectCompilerDiagnostics(stderr, dir)[0]).toMatch(/^idl\/mapi-sync\/ostx\.idl:\d+:\d+: error /);
    expect(snapshot(generated())).toEqual(before);
  });

  it('the fix recovers: generated again, nothing to write since the output is the last good one', async () => {
    const before = snapshot(generated());
    const mark = out.mark();
    editOnce(ostx(), 'HRESULT InitSync(,', 'HRESULT InitSync(');
    await out.waitFor('stdout', /^watch: recovered$/m, mark);
    const { stdout, stderr } = out.after(mark);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^watch: idl\/mapi-sync\/ostx\.idl changed\n/);
    expect(stdout).toMatch(/\ngenerate: 0 written, 54 unchanged, 0 removed in \d+ ms\n/);
    expect(snapshot(generated())).toEqual(before);
  });

  it('a new import is watched after the next good run (the lock takes its IID); editing it regenerates', async () => {
    const extra = path.join(dir, 'idl/mapi-sync/replnote.idl');
    writeFileSync(
      extra,
      [
        'import "../com/unknwn.idl";',
        '',
        '/** A note attached to a replication run. */',
        '[object, local, uuid(6f1d2c1e-1111-4a5b-9c3d-0123456789ab), pointer_default(unique)]',
        'interface IReplNote : IUnknown',
        '{',
        '    HRESULT Touch(void);',
        '}',
        '',
      ].join('\n'),
    );
    let mark = out.mark();
    editOnce(path.join(dir, 'idl/mapi-sync/mapi-sync.idl'), 'import "mapisync.idl";', 'import "mapisync.idl";\nimport "replnote.idl";');
    await out.waitFor('stdout', /^watch: watching 15 files in 3 folders/m, mark);
    expect(out.after(mark).stderr).toBe('');
    expect(out.after(mark).stdout).toMatch(/^wrote packages\/generated\/mapi-sync-interfaces\/src\/replnote\.ts$/m);
    expect(out.after(mark).stdout).toMatch(/^wrote idl\/mapi-sync\/vtable\.lock\.json$/m);

    // The lock written by the run is not a change: the next run is for the edit, and only for it.
    mark = out.mark();
    editOnce(extra, '    HRESULT Touch(void);', '    /** Marks the note as read. */\n    HRESULT Touch(void);');
    await out.waitFor('stdout', /\ngenerate: \d+ written/, mark);
    expect(out.after(mark).stdout).toMatch(/^watch: idl\/mapi-sync\/replnote\.idl changed\n/);
    expect(out.after(mark).stderr).toBe('');
    expect(readFileSync(path.join(generated(), 'mapi-sync-interfaces/src/replnote.ts'), 'utf8')).toContain('Marks the note as read.');
  });

  it('stops when asked, exit 0', async () => {
    const mark = out.mark();
    stop.abort();
    await expect(watching).resolves.toBe(0);
    expect(out.after(mark).stdout).toBe('watch: stopped\n');
  });
});

const BUILT = path.join(REPO_ROOT, 'packages/cli/dist/commands/generate.js');

if (!existsSync(BUILT)) {
  console.warn(`skipped: no compiled CLI at ${path.dirname(BUILT)}; run npm run build at the repository root`);
  it.skip('comidl generate --watch stops on SIGINT', () => undefined);
} else {
  describe('comidl generate --watch as a process', () => {
    const dir = tempDir('watch-sigint', copyMapiSync);
    let child: ChildProcess | undefined;

    afterAll(() => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });

    it('stops cleanly on SIGINT: watchers closed, exit status 0', async () => {
      // The compiled command, run as `comidl` runs it once it awaits a command's promise.
      const script = `
        const { generateCommand } = require(${JSON.stringify(BUILT)});
        const args = { command: 'generate', files: [], includeDirs: [], baseIncludeDirs: [], defines: {}, protocols: [], flags: new Set(['--watch']), values: new Map([['--config', ${JSON.stringify(CONFIG)}]]) };
        const io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
        Promise.resolve(generateCommand(args, io)).then((code) => { process.exitCode = code; });
      `;
      const proc = spawn(process.execPath, ['-e', script], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      const output = new Output();
      proc.stdout!.on('data', (d: Buffer) => output.io.stdout(d.toString()));
      proc.stderr!.on('data', (d: Buffer) => output.io.stderr(d.toString()));
      const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
      await output.waitFor('stdout', /^watch: watching 14 files/m);
      proc.kill('SIGINT');
      await expect(exited).resolves.toBe(0);
      expect(output.stdout).toMatch(/\nwatch: stopped\n$/);
      expect(output.stderr).toBe('');
    });
  });
}
