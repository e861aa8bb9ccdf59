/**
 * Writing a library's generated output: its package folders in the output folder and its vtable lock, as
 * one all-or-nothing change. Under the output lock (one writer at a time), an interrupted earlier run is
 * recovered first; then the folders are scanned (nothing followed through a link) and anything in the way
 * that generation does not own stops the write before a byte is written; then the changed files, the files
 * that are no longer generated and the lock go through one journaled transaction. Files that are
 * byte-identical are left untouched (their modification times too).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile, RegularFileError, systemErrorCode, systemErrorText } from '@comidl/model';
import type { GeneratedPackage, LockFile } from './generate';
import type { OutputForm } from './sources-form';
import { fileEvent } from './output/fault';
import { acquireOutputLock, clearStaleLock, lockFileOf, OutputBusyError, type OutputLock } from './output/output-lock';
import { scanPackage, type PackageScan } from './output/plan';
import { commitTransaction, journalFileOf, recoverTransaction, TransactionError, type Recovery } from './output/transaction';

/** Where a library's output goes. */
export interface OutputTarget {
  /** The output folder (absolute). */
  outDir: string;
  /** The library's name: its package folders are `<name>-<kind>` (in the sources form, `<name>/<kind>`). */
  name: string;
  /** The output form (default `packages`). */
  form?: OutputForm;
  /** The vtable lock file (absolute), or null when the library has none. */
  lockFile: string | null;
  /** A path as messages show it. */
  shown: (file: string) => string;
}

export interface WriteReport {
  /** Absolute paths, the packages' files first, then the lock. */
  written: string[];
  removed: string[];
  unchanged: number;
  /** An interrupted earlier run that was recovered first. */
  recovery: Recovery | null;
  /** The pid of a killed run whose stale output lock was taken over. */
  staleLockOf: number | null;
}

/**
 * A write or check that cannot be done: something in the way that generation does not own (`conflicts`), the
 * output lock held by another run, or a system error (EACCES, ENOSPC, EROFS...), as lines to print.
 */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** Whether `file` belongs to the output of `target`: inside one of its package folders (or the sources form's library folder), or its vtable lock (or a temporary file of it). */
export function partOfOutput(target: OutputTarget, file: string): boolean {
  const rel = path.relative(target.outDir, file);
  const top = rel.split(path.sep)[0];
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel) && (target.form === 'sources' ? top === target.name : top.startsWith(`${target.name}-`))) return true;
  if (target.lockFile === null) return false;
  return file === target.lockFile || (file.startsWith(`${target.lockFile}.comidl-`) && path.dirname(file) === path.dirname(target.lockFile));
}

/** Turns what the output's file operations throw into an OutputError; anything else is a bug and passes. */
function outputError(e: unknown, target: OutputTarget): unknown {
  if (e instanceof OutputError) return e;
  if (e instanceof OutputBusyError) return new OutputError([`comidl: ${e.message}`]);
  if (e instanceof RegularFileError) return new OutputError([`comidl: ${e.message}`]);
  if (e instanceof TransactionError) {
    const what = systemErrorCode(e.cause) ? systemErrorText(e.cause) : (e.cause as Error)?.message ?? String(e.cause);
    const state = e.pending
      ? `the new output is committed but not complete; the next comidl generate or check completes it`
      : 'nothing was changed';
    return new OutputError([`comidl: cannot write ${target.shown(e.file)}: ${what}; ${state}`]);
  }
  if (systemErrorCode(e)) {
    const file = (e as NodeJS.ErrnoException).path;
    return new OutputError([`comidl: cannot write ${file ? target.shown(file) : target.shown(target.outDir)}: ${systemErrorText(e)}; nothing was changed`]);
  }
  return e;
}

/** Creates the output folder and its missing parents; returns those it created (deepest last). */
function createOutputFolder(outDir: string): string[] {
  const created: string[] = [];
  for (let d = outDir; ; d = path.dirname(d)) {
    try {
      const stat = fs.statSync(d);
      if (!stat.isDirectory()) {
        const e = new Error(`not a folder`) as NodeJS.ErrnoException;
        e.code = 'ENOTDIR';
        e.path = d;
        throw e;
      }
      break;
    } catch (e) {
      if (systemErrorCode(e) !== 'ENOENT' || path.dirname(d) === d) throw e;
      created.unshift(d);
    }
  }
  const made: string[] = [];
  for (const d of created) {
    fileEvent(`create folder ${d}`);
    try {
      fs.mkdirSync(d);
      made.push(d);
    } catch (e) {
      // Another run (generating into the same new folder at the same moment) created it first: it is theirs.
      if (systemErrorCode(e) !== 'EEXIST' || !isFolder(d)) throw e;
    }
  }
  return made;
}

function removeCreated(created: readonly string[]): void {
  for (const d of [...created].reverse()) {
    try {
      fs.rmdirSync(d);
    } catch {
      // Not empty (someone else's file) or gone: left as it is.
    }
  }
}

/** What writing the lock file would do: its text when it must be written, null when it holds it already. */
function lockChange(target: OutputTarget, lockFile: LockFile | null): string | null {
  if (!target.lockFile || !lockFile) return null;
  return readRegularFile(target.lockFile, target.shown(target.lockFile)) === lockFile.text ? null : lockFile.text;
}

/** Runs `body` holding the output lock of `target`, after recovering an interrupted run. */
function underLock<T>(target: OutputTarget, body: (recovery: Recovery | null, lock: OutputLock) => T): T {
  const lock = acquireOutputLock(target.outDir, target.name, target.shown);
  try {
    const recovery = recoverTransaction(target.outDir, target.name, (f) => partOfOutput(target, f));
    return body(recovery, lock);
  } finally {
    try {
      lock.release();
    } catch {
      // The work is done; the lock left behind is stale (its process gone, or this one no longer holding it)
      // and the next run takes it over.
    }
  }
}

/** Writes `packages` (each with its manifest) and the vtable lock; an OutputError when it cannot. */
export function writeOutput(target: OutputTarget, packages: readonly GeneratedPackage[], lockFile: LockFile | null): WriteReport {
  let created: string[] = [];
  let wrote = false;
  try {
    created = createOutputFolder(target.outDir);
    return underLock(target, (recovery, lock) => {
      const scans = packages.map((pkg) => scanPackage(target.outDir, pkg));
      const conflicts = scans.flatMap((s) => s.conflicts.map((c) => `${target.shown(path.join(target.outDir, c.rel))} ${c.message}`));
      if (conflicts.length) {
        throw new OutputError([...conflicts.map((c) => `comidl: ${c}`), `comidl: nothing was written into ${target.shown(target.outDir) || '.'}`]);
      }
      const lockText = lockChange(target, lockFile);
      const writes = [...scans.flatMap((s: PackageScan) => s.writes.map((w) => ({ file: w.file, text: w.text })))];
      if (lockText !== null) writes.push({ file: target.lockFile!, text: lockText });
      const removes = scans.flatMap((s) => s.removes.map((r) => r.file));
      const report: WriteReport = {
        written: writes.map((w) => w.file),
        removed: removes,
        unchanged: scans.reduce((n, s) => n + s.unchanged, 0) + (target.lockFile && lockFile && lockText === null ? 1 : 0),
        recovery,
        staleLockOf: lock.tookOverFrom,
      };
      if (writes.length || removes.length) {
        wrote = true;
        commitTransaction(target.outDir, target.name, { writes, removes });
      }
      return report;
    });
  } catch (e) {
    if (!wrote) removeCreated(created);
    throw outputError(e, target);
  }
}

/**
 * Recovers an interrupted write of `target` (under its lock) when its journal is there; null otherwise,
 * without taking the lock (a stale lock is removed). For runs that do not write (a generation that failed):
 * the output is then whole.
 */
export function recoverOutput(target: OutputTarget): Recovery | null {
  const journal = journalFileOf(target.outDir, target.name);
  const pending = (() => {
    try {
      return fs.readdirSync(target.outDir).some((e) => e === path.basename(journal) || e.startsWith(`${path.basename(journal)}.`));
    } catch {
      return false;
    }
  })();
  // No output folder (absent, or a file in its path): nothing to recover; writing reports why it cannot.
  if (!isFolder(target.outDir)) return null;
  try {
    // A lock left by a run that was killed before it wrote its journal: nothing to recover but the lock.
    if (!pending) {
      clearStaleLock(target.outDir, target.name);
      return null;
    }
    return underLock(target, (recovery) => recovery);
  } catch (e) {
    throw outputError(e, target);
  }
}

/** Runs a read of the output under its lock when the folder can hold one; without it on a read-only folder with nothing to recover. */
export function readOutput<T>(target: OutputTarget, body: (recovery: Recovery | null) => T): T {
  try {
    if (!fs.existsSync(target.outDir)) return body(null);
    try {
      return underLock(target, body);
    } catch (e) {
      const code = systemErrorCode(e);
      const readOnly = (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') && (e as NodeJS.ErrnoException).path === lockFileOf(target.outDir, target.name);
      if (!readOnly || fs.existsSync(journalFileOf(target.outDir, target.name))) throw e;
      return body(null);
    }
  } catch (e) {
    throw outputError(e, target);
  }
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
