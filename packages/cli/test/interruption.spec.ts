/**
 * All or nothing, with real processes (the compiled `comidl`): a generation is killed with SIGKILL at each
 * of its file events in turn (COMIDL_TEST_FAULT=kill@N, a test-only hook), then `comidl check` runs; the
 * output must then be the whole old output or the whole new one, byte for byte, with no temporary file,
 * journal or lock left, and check's status must say which. Then concurrent runs on one output: two
 * generates of one library (serialized by the output lock: one writes, the other finds it done), and two
 * generates of two versions into one folder (the output is one of them whole, never a mix).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from '../src/args';
import { checkCommand } from '../src/commands/check';
import { generateCommand } from '../src/commands/generate';
import { BASE_IDL, type CliResult, REPO_ROOT, tempDir, writeFiles } from './helpers';

jest.setTimeout(600_000);

const BIN = path.join(REPO_ROOT, 'packages/cli/bin/comidl.cjs');
const built = existsSync(path.join(REPO_ROOT, 'packages/cli/dist/main.js'));
if (!built) console.warn('skipped: no compiled CLI; run npm run build at the repository root');
const describeBuilt = built ? describe : describe.skip;

const itf = (name: string, uuid: string, methods: string[]) =>
  [`[object, uuid(${uuid})]`, `interface ${name} : IUnknown`, '{', ...methods.map((m) => `    ${m}`), '}', ''].join('\n');

/** A small library: v1 imports other.idl; v2 changes lib.idl, imports third.idl instead, and adds an IID to the lock. */
const V1 = {
  'idl/base.idl': BASE_IDL,
  'idl/other.idl': `import "base.idl";\n${itf('IOther', '22222222-0000-0000-0000-000000000001', ['HRESULT Ping(void);'])}`,
  'idl/lib.idl': `import "base.idl";\nimport "other.idl";\n${itf('ILib', '11111111-0000-0000-0000-000000000001', ['HRESULT Open([in] ULONG flags);'])}`,
  'idl/comidl.config.json': JSON.stringify({ name: 'small', scope: '@small', files: ['lib.idl'] }),
};
const V2 = {
  'idl/third.idl': `import "base.idl";\n${itf('IThird', '33333333-0000-0000-0000-000000000001', ['HRESULT Go([out] ULONG *result);'])}`,
  'idl/lib.idl': `import "base.idl";\nimport "third.idl";\n${itf('ILib', '11111111-0000-0000-0000-000000000001', ['HRESULT Open([in] ULONG flags);', 'HRESULT Close(void);'])}`,
};
/** v1 of the library in the sources form. */
const SOURCES_V1 = { ...V1, 'idl/comidl.config.json': JSON.stringify({ name: 'small', scope: '@small', files: ['lib.idl'], form: 'sources' }) };
const GENERATE = ['generate', '--config', 'idl', '--out', 'out'];
/** v2 changes locked layouts (a method appended to ILib, IOther gone): accepted, so the lock is rewritten. */
const GENERATE_V2 = [...GENERATE, '--update-lock'];

function inProcess(dir: string, argv: string[]): CliResult {
  const before = process.cwd();
  let stdout = '';
  let stderr = '';
  process.chdir(dir);
  try {
    const args = parseArgs(argv);
    const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t) };
    const code = args.command === 'check' ? checkCommand(args, io) : generateCommand(args, io);
    if (typeof code !== 'number') throw new Error('unexpected promise');
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}

/** The output (out/ and the vtable lock) of `dir`, path -> text; anything else in out/ (temporary files, journals, locks) counts. */
function output(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else out.set(r, readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  if (existsSync(path.join(dir, 'out'))) walk('out');
  const lock = path.join(dir, 'idl/vtable.lock.json');
  if (existsSync(lock)) out.set('idl/vtable.lock.json', readFileSync(lock, 'utf8'));
  for (const e of readdirSync(path.join(dir, 'idl'))) if (e.includes('.comidl-')) out.set(`idl/${e}`, 'leftover');
  return out;
}

const same = (a: Map<string, string>, b: Map<string, string>) => JSON.stringify([...a]) === JSON.stringify([...b]);

function spawnComidl(dir: string, argv: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...argv], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
}

// The sources form (`<out>/<name>/<kind>/*.ts`) writes through the same transaction: the same trials.
for (const form of ['packages', 'sources'] as const) {
  describeBuilt(`kill -9 at each file event of a generation, then comidl check (the ${form} form)`, () => {
    const root = tempDir(`interruption-${form}`);
    /** v1 generated, v2 in place: what every trial starts from. */
    const base = () => path.join(root, 'base');
    let oldOutput: Map<string, string>;
    let newOutput: Map<string, string>;
    let events: string[];

    beforeAll(() => {
      writeFiles(base(), form === 'sources' ? SOURCES_V1 : V1);
      const first = inProcess(base(), GENERATE);
      expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: "" });
      oldOutput = output(base());
      writeFiles(base(), V2);
      rmSync(path.join(base(), 'idl/other.idl'));
      const fresh = path.join(root, 'new');
      cpSync(base(), fresh, { recursive: true });
      const counted = spawnComidl(fresh, GENERATE_V2, { COMIDL_TEST_FAULT: 'count' });
      expect(counted.status).toBe(0);
      events = counted.stderr.split('\n').filter((l) => l.startsWith('comidl-test-fault: event '));
      newOutput = output(fresh);
    });

    it('leaves the whole old or the whole new output, never a mix, and no temporary file', () => {
      // A new IID (IThird) in the lock, files replaced, created (third.ts) and removed (other.ts).
      expect([...newOutput.keys()].filter((f) => f.endsWith('/third.ts'))).toHaveLength(4);
      expect([...oldOutput.keys()].filter((f) => f.endsWith('/other.ts'))).toHaveLength(4);
      expect(newOutput.get('idl/vtable.lock.json')).not.toBe(oldOutput.get('idl/vtable.lock.json'));
      expect(events.length).toBeGreaterThan(30);
      const outcomes = { old: 0, new: 0 };
      // The packages form is killed at every event; the sources form, which writes through the same
      // transaction, at the first and the last event of each run of one kind (create, write, rename...).
      const kindOf = (n: number) => /^comidl-test-fault: event \d+: (\w+( folder| lock)?)/.exec(events[n - 1] ?? '')?.[1];
      const trials = [...events.keys()].map((i) => i + 1).filter((n) => form === 'packages' || kindOf(n) !== kindOf(n - 1) || kindOf(n) !== kindOf(n + 1));
      for (const n of trials) {
        const trial = path.join(root, `trial-${n}`);
        cpSync(base(), trial, { recursive: true });
        const killed = spawnComidl(trial, GENERATE_V2, { COMIDL_TEST_FAULT: `kill@${n}` });
        expect({ n, signal: killed.signal }).toEqual({ n, signal: 'SIGKILL' });
        // check accepts no --update-lock: it compares with the lock as on disk, which is the new one only if
        // the new output is whole.
        const check = inProcess(trial, ['check', '--config', 'idl', '--out', 'out']);
        const now = output(trial);
        if (same(now, oldOutput)) {
          outcomes.old++;
          expect({ n, code: check.code }).toEqual({ n, code: 1 });
        } else {
          expect({ n, event: events[n - 1], output: [...now] }).toEqual({ n, event: events[n - 1], output: [...newOutput] });
          outcomes.new++;
          expect({ n, code: check.code, stderr: check.stderr.replace(/^comidl: an interrupted generation.*\n/, '') }).toEqual({ n, code: 0, stderr: '' });
        }
        rmSync(trial, { recursive: true, force: true });
      }
      console.log(`${form} form: kill -9 at ${trials.length} of ${events.length} file events, then comidl check: ${outcomes.old} whole old outputs, ${outcomes.new} whole new outputs, 0 mixed`);
      expect(outcomes.old).toBeGreaterThan(0);
      expect(outcomes.new).toBeGreaterThan(0);
    });

    it('generate and --watch recover first too: after a kill past the commit point, the next generate finds the new output complete', () => {
      // The event that renames the first temporary file is past the commit point.
      const n = events.findIndex((e) => / rename .*\.comidl-\d+\.tmp to /.test(e)) + 1;
      expect(n).toBeGreaterThan(0);
      const trial = path.join(root, 'generate-after-kill');
      cpSync(base(), trial, { recursive: true });
      expect(spawnComidl(trial, GENERATE_V2, { COMIDL_TEST_FAULT: `kill@${n}` }).signal).toBe('SIGKILL');
      const r = inProcess(trial, GENERATE_V2);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^comidl: an interrupted generation of small was completed \(the new output was put in place\): \d+ files$/m);
      expect(r.stdout).toMatch(form === 'packages' ? /\ngenerate: 0 written, \d+ unchanged, 0 removed in \d+ ms\n$/ : /\ngenerate: 0 written, \d+ unchanged, 0 removed in \d+ ms\ngenerate: the generated sources import .*\n$/);
      expect(same(output(trial), newOutput)).toBe(true);
    });
  });
}

describeBuilt('concurrent generates on one output', () => {
  const root = tempDir('concurrent');

  /** Starts `comidl ARGV` in `dir`; resolves with its status and output. */
  function start(dir: string, argv: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...argv], { cwd: dir, env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('two generates of one library: serialized by the lock, one writes, the other finds it done; nothing left over', async () => {
    const dir = writeFiles(path.join(root, 'same'), V1);
    // The first holds the lock for a while after taking it (event 1: creating it; 2: the first event under it).
    const [a, b] = await Promise.all([start(dir, GENERATE, { COMIDL_TEST_FAULT: 'pause@2:1500' }), start(dir, GENERATE)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const wrote = [a, b].map((r) => /\ngenerate: (\d+) written/.exec(r.stdout)![1]);
    expect(wrote.filter((w) => w === '0')).toHaveLength(1);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['small-interfaces', 'small-mocks', 'small-native', 'small-proxies']);
    expect(inProcess(dir, ['check', '--config', 'idl', '--out', 'out']).code).toBe(0);
  });

  it('two generates into a folder that does not exist yet: the one pausing before creating it finds it created by the other, and goes on', async () => {
    const dir = writeFiles(path.join(root, 'new-folder'), V1);
    // Event 1 of the first is creating out/; the second creates it meanwhile.
    const [a, b] = await Promise.all([start(dir, GENERATE, { COMIDL_TEST_FAULT: 'pause@1:2500' }), start(dir, GENERATE)]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['small-interfaces', 'small-mocks', 'small-native', 'small-proxies']);
    expect(inProcess(dir, ['check', '--config', 'idl', '--out', 'out']).code).toBe(0);
  });

  it('two versions into one folder at once, in several trials: the output is always one of them whole', async () => {
    const a = writeFiles(path.join(root, 'a'), V1);
    const b = writeFiles(path.join(root, 'b'), V1);
    writeFiles(b, V2);
    rmSync(path.join(b, 'idl/other.idl'));
    const shared = path.join(root, 'shared');
    // Each version alone, into the same folder (the READMEs name it, relative to the config).
    const wholeOf = (dir: string) => {
      rmSync(shared, { recursive: true, force: true });
      const r = inProcess(dir, ['generate', '--config', 'idl', '--out', shared]);
      expect(r.code).toBe(0);
      return output2(shared);
    };
    const [wholeA, wholeB] = [wholeOf(a), wholeOf(b)];
    const seen = { a: 0, b: 0 };
    const trials = 6;
    for (let t = 0; t < trials; t++) {
      rmSync(shared, { recursive: true, force: true });
      mkdirSync(shared);
      const pause = `pause@${2 + (t % 3) * 10}:${200 + t * 100}`;
      const runs = await Promise.all([
        start(a, ['generate', '--config', 'idl', '--out', shared], t % 2 ? { COMIDL_TEST_FAULT: pause } : {}),
        start(b, ['generate', '--config', 'idl', '--out', shared], t % 2 ? {} : { COMIDL_TEST_FAULT: pause }),
      ]);
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      const now = output2(shared);
      if (same(now, wholeA)) seen.a++;
      else {
        expect([...now]).toEqual([...wholeB]);
        seen.b++;
      }
    }
    console.log(`two versions generated into one folder at once, ${trials} trials: ${seen.a} ended as the first whole, ${seen.b} as the second whole, 0 mixed`);
  });
});

/** Every file of an output folder (relative), path -> text. */
function output2(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.set(r, readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return out;
}
