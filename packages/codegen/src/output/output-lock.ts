/**
 * One writer at a time per library and output folder: `<out>/.comidl-<name>.lock`, created exclusively
 * (O_EXCL) and holding the writer's pid, host and start time, removed when it is done. A run that finds the
 * lock held waits for it (every 25 ms, up to COMIDL_LOCK_WAIT_MS, 30 s by default), so concurrent runs are
 * serialized; after that it stops, naming the holder. A lock whose process is gone (same host, no such pid),
 * left by a run that was killed, is stale: it is taken over, and the interrupted run's journal is then
 * recovered by the taker (`transaction.ts`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRegularFile, RegularFileError, systemErrorCode } from '@comidl/model';
import { fileEvent, sleepSync } from './fault';

export class OutputBusyError extends Error {
  override readonly name = 'OutputBusyError';
}

interface LockHolder {
  pid: number;
  host: string;
  started: string;
}

export interface OutputLock {
  file: string;
  /** The pid of a dead run whose stale lock was taken over, or null. */
  tookOverFrom: number | null;
  release(): void;
}

const held = new Set<string>();
const POLL_MS = 25;
const DEFAULT_WAIT_MS = 30_000;
/** A lock file without a readable holder (its writer was killed between creating and filling it) is stale after this. */
const UNREADABLE_STALE_MS = 5_000;

export function lockFileOf(outDir: string, name: string): string {
  return path.join(outDir, `.comidl-${name}.lock`);
}

function waitLimit(): number {
  const v = Number(process.env['COMIDL_LOCK_WAIT_MS']);
  return Number.isFinite(v) && v >= 0 ? v : DEFAULT_WAIT_MS;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return systemErrorCode(e) === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null | 'gone' {
  let text: string | null;
  try {
    text = readRegularFile(file);
  } catch (e) {
    if (e instanceof RegularFileError && e.code === null) throw new OutputBusyError(`${file} ${e.reason}; it is where comidl keeps its lock: remove it`);
    throw e;
  }
  if (text === null) return 'gone';
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, started: String(h.started ?? '') } : null;
  } catch {
    return null;
  }
}

/** Takes the lock of `name`'s output in `outDir` (which must exist), waiting for another holder to finish. */
export function acquireOutputLock(outDir: string, name: string, shown: (file: string) => string = (f) => f): OutputLock {
  const file = lockFileOf(outDir, name);
  const deadline = Date.now() + waitLimit();
  let tookOverFrom: number | null = null;
  for (;;) {
    const me: LockHolder = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
    try {
      fileEvent(`create lock ${file}`);
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, `${JSON.stringify(me)}\n`);
      } finally {
        fs.closeSync(fd);
      }
      held.add(file);
      return { file, tookOverFrom, release: () => release(file) };
    } catch (e) {
      if (systemErrorCode(e) !== 'EEXIST') throw e;
    }
    const holder = readHolder(file);
    if (holder === 'gone') continue;
    const stale =
      holder === null
        ? Date.now() - mtimeOf(file) > UNREADABLE_STALE_MS
        : holder.host === os.hostname() && (!alive(holder.pid) || (holder.pid === process.pid && !held.has(file)));
    if (stale) {
      if (takeOver(file, holder)) tookOverFrom = holder === null ? 0 : holder.pid;
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder === null ? 'another comidl' : `another comidl (pid ${holder.pid} on ${holder.host}, since ${holder.started})`;
      throw new OutputBusyError(
        `${who} is writing into ${shown(outDir) || '.'}; waited ${Math.round(waitLimit() / 1000)} s for it. ` +
          `If no comidl is running, remove ${shown(file)}`,
      );
    }
    sleepSync(POLL_MS);
  }
}

/**
 * Removes the lock of `name`'s output when it is stale (its run is gone), without taking it; true when it
 * did. A live lock is left alone.
 */
export function clearStaleLock(outDir: string, name: string): boolean {
  const file = lockFileOf(outDir, name);
  const holder = readHolder(file);
  if (holder === 'gone') return false;
  const stale =
    holder === null
      ? Date.now() - mtimeOf(file) > UNREADABLE_STALE_MS
      : holder.host === os.hostname() && (!alive(holder.pid) || (holder.pid === process.pid && !held.has(file)));
  return stale && takeOver(file, holder);
}

function mtimeOf(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Moves a stale lock aside and removes it; true when the lock moved was the stale one. Two runs that find the
 * same stale lock both try; only one rename succeeds. If the lock moved turns out to be a live one (taken
 * between the read and the rename), it is put back.
 */
function takeOver(file: string, stale: LockHolder | null): boolean {
  const aside = `${file}.${process.pid}.stale`;
  try {
    fileEvent(`move stale lock ${file}`);
    fs.renameSync(file, aside);
  } catch (e) {
    if (systemErrorCode(e) === 'ENOENT') return false;
    throw e;
  }
  const moved = readHolder(aside);
  if (moved !== 'gone' && moved !== null && stale !== null && (moved.pid !== stale.pid || moved.started !== stale.started) && alive(moved.pid)) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // Someone took the free lock meanwhile: theirs stands.
    }
    fs.rmSync(aside, { force: true });
    return false;
  }
  fileEvent(`remove stale lock ${aside}`);
  fs.rmSync(aside, { force: true });
  return true;
}

function release(file: string): void {
  if (!held.delete(file)) return;
  const holder = readHolder(file);
  if (holder !== 'gone' && holder !== null && holder.pid !== process.pid) return;
  fileEvent(`remove lock ${file}`);
  fs.rmSync(file, { force: true });
}
