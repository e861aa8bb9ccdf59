/**
 * Test-only fault injection into the file events of writing generated output. Every change the writer makes
 * to the file system (creating or removing the output lock, writing or removing the journal, creating a
 * folder, writing a temporary file, renaming one into place, removing a file) is one numbered event; the
 * environment variable COMIDL_TEST_FAULT makes one of them fail, so that tests can interrupt a generation at
 * each point and check what the next run restores. Never set it outside tests.
 *
 *   COMIDL_TEST_FAULT=count          print "comidl-test-fault: event N: WHAT" to stderr at every event
 *   COMIDL_TEST_FAULT=kill@N         kill this process with SIGKILL at event N (before it happens)
 *   COMIDL_TEST_FAULT=ENOSPC@N       fail event N with that system error code (any E... code)
 *   COMIDL_TEST_FAULT=pause@N:MS     block for MS milliseconds before event N (to overlap two runs)
 *
 * Events are counted per process from 1.
 */

let count = 0;
let parsed: { kind: 'none' } | { kind: 'count' } | { kind: 'kill' | 'pause' | 'errno'; at: number; code?: string; ms?: number } | undefined;

function fault(): NonNullable<typeof parsed> {
  if (parsed) return parsed;
  const spec = process.env['COMIDL_TEST_FAULT'] ?? '';
  let m: RegExpExecArray | null;
  if (spec === 'count') parsed = { kind: 'count' };
  else if ((m = /^kill@(\d+)$/.exec(spec))) parsed = { kind: 'kill', at: Number(m[1]) };
  else if ((m = /^pause@(\d+):(\d+)$/.exec(spec))) parsed = { kind: 'pause', at: Number(m[1]), ms: Number(m[2]) };
  else if ((m = /^(E[A-Z0-9]+)@(\d+)$/.exec(spec))) parsed = { kind: 'errno', at: Number(m[2]), code: m[1] };
  else parsed = { kind: 'none' };
  return parsed;
}

/** Blocks the thread for `ms` milliseconds. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Called before each file event of the writer, with what it is about to do. */
export function fileEvent(what: string): void {
  const f = fault();
  if (f.kind === 'none') return;
  count++;
  if (f.kind === 'count') {
    process.stderr.write(`comidl-test-fault: event ${count}: ${what}\n`);
    return;
  }
  if (count !== f.at) return;
  if (f.kind === 'kill') {
    process.kill(process.pid, 'SIGKILL');
    // The signal is on its way: nothing after this point may run.
    for (;;) sleepSync(1000);
  }
  if (f.kind === 'pause') sleepSync(f.ms!);
  if (f.kind === 'errno') {
    const e = new Error(`${f.code}: injected by COMIDL_TEST_FAULT, ${what}`) as NodeJS.ErrnoException;
    e.code = f.code;
    e.syscall = 'test';
    throw e;
  }
}

/** For tests that change COMIDL_TEST_FAULT within one process: read it again, and count from 1 again. */
export function resetFileEvents(): void {
  parsed = undefined;
  count = 0;
}
