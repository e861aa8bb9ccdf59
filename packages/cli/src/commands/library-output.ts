/** What `generate`, `generate --watch` and `check` print about a run: its problems, a summary, what was written. */
import * as path from 'node:path';
import { formatRunProblems, OutputError, outputTarget, shownPath, writeLibrary, type LibraryRun, type Recovery } from '@comidl/codegen';
import { colored, plain } from '@comidl/parser';
import { colorEnabled } from '../color';
import type { CliIo } from '../io';

/** Exit statuses: input or environment errors (and a stale check) 1, wrong usage 2, a bug 3. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * Prints a run's recovery of an interrupted earlier write, its diagnostics (warnings too) and problems; true
 * when it generated and may be written.
 */
export function reportRun(run: LibraryRun, io: CliIo): boolean {
  io.stderr(recoveryLine(run, run.recovery));
  if (run.environmentProblem !== null) {
    io.stderr(`comidl: ${run.environmentProblem}\n`);
    return false;
  }
  io.stderr(formatRunProblems(run, colorEnabled() ? colored : plain));
  return run.packages.length > 0;
}

/** `name: 9 IDL files, 6 interfaces -> @scope/interfaces, ... (35 files)`. */
export function librarySummary(run: LibraryRun): string {
  const result = run.result!;
  const files = run.packages.reduce((n, p) => n + p.files.length, 0);
  return `${run.name}: ${result.moduleCount} IDL files, ${result.interfaceCount} interfaces -> ${run.packages.map((p) => p.name).join(', ')} (${files} files)`;
}

export function elapsed(run: LibraryRun): string {
  return `${Math.round(performance.now() - run.startedAt)} ms`;
}

/** The line saying that an interrupted earlier write was recovered first. */
export function recoveryLine(run: LibraryRun, recovery: Recovery | null): string {
  if (!recovery) return '';
  const what = recovery.action === 'completed' ? 'completed (the new output was put in place)' : 'rolled back (the old output was kept)';
  return `comidl: an interrupted generation of ${run.name} was ${what}: ${recovery.files} files\n`;
}

/**
 * Writes a successful run's packages and lock; prints the summary, each file written or removed and the
 * counts. False (with the reason printed) when the output could not be written.
 */
export function writeRun(run: LibraryRun, io: CliIo): boolean {
  const root = run.request.root;
  io.stdout(`${librarySummary(run)}\n`);
  let report;
  try {
    report = writeLibrary(run);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    io.stderr(`${e.lines.join('\n')}\n`);
    return false;
  }
  io.stderr(recoveryLine(run, report.recovery));
  const lines = [
    ...report.written.map((f) => `wrote ${shownPath(root, f)}`),
    ...report.removed.map((f) => `removed ${shownPath(root, f)}`),
  ];
  if (lines.length) io.stdout(`${lines.join('\n')}\n`);
  io.stdout(`generate: ${report.written.length} written, ${report.unchanged} unchanged, ${report.removed.length} removed in ${elapsed(run)}\n`);
  io.stdout(sourcesDependencyLine(run));
  return true;
}

/**
 * In the sources form, what the files import that the project must install (no package.json of the output
 * says so): `@comidl/runtime` and the rest, with the command that installs them; empty otherwise.
 */
export function sourcesDependencyLine(run: LibraryRun): string {
  const dependencies = Object.entries(run.result?.sourcesDependencies ?? {});
  if (!dependencies.length) return '';
  const root = run.request.root;
  // A used library's package generated in the project: its folder, relative to the output folder there.
  const install = ([name, spec]: [string, string]) => {
    if (!spec.startsWith('file:')) return { shown: `${name}@${spec}`, word: `'${name}@${spec}'` };
    const folder = shownPath(root, path.resolve(outputTarget(run).outDir, spec.slice('file:'.length)));
    const local = path.isAbsolute(folder) || folder.startsWith('../') ? folder : `./${folder}`;
    return { shown: `${name} (${local})`, word: `'${local}'` };
  };
  const specs = dependencies.map(install);
  return `generate: the generated sources import ${specs.map((s) => s.shown).join(', ')}: install them in the project (npm install ${specs.map((s) => s.word).join(' ')})\n`;
}

/** The output folder as messages show it. */
export function shownOut(run: LibraryRun): string {
  return shownPath(run.request.root, outputTarget(run).outDir) || '.';
}

/** One generation and its write, printed; true when the output is the run's. */
export function generateOnce(run: LibraryRun, io: CliIo): boolean {
  return reportRun(run, io) && writeRun(run, io);
}
