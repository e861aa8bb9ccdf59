/**
 * All-or-nothing writes of a library's output: a redo journal. Files are never written in place and no
 * folder is ever renamed (Windows cannot rename a folder with an open file in it); each changed file is
 * written to a temporary file beside its target, and renamed over it only once every temporary file is
 * written and the journal says so.
 *
 *  1. The journal `<out>/.comidl-<name>.journal.json` is written in state "staging", listing the folders to
 *     create, every temporary file and its target, and the files to remove.
 *  2. The folders are created and the temporary files written (`<target>.comidl-<pid>.tmp`).
 *  3. The journal is rewritten in state "committed": the commit point (a journal is replaced by a rename, so
 *     it is always whole).
 *  4. Each temporary file is renamed over its target; the files to remove are removed; the journal is removed.
 *
 * After an interruption at any point (kill -9 included) the next run, holding the output lock, recovers
 * before anything else: a "staging" journal is rolled back (its temporary files and new folders removed: the
 * old output is whole), a "committed" one is rolled forward (the remaining renames and removals done: the new
 * output is whole). Either way no temporary file is left. Every step is idempotent, so an interrupted
 * recovery is recovered again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile, systemErrorCode } from '@comidl/model';
import { fileEvent } from './fault';

export interface TransactionFile {
  /** Absolute. */
  file: string;
  text: string;
}

export interface Transaction {
  writes: TransactionFile[];
  /** Absolute paths of files to remove. */
  removes: string[];
}

interface Journal {
  journal: 1;
  library: string;
  state: 'staging' | 'committed';
  /** Folders this transaction creates, parents first. */
  folders: string[];
  writes: { temp: string; target: string }[];
  removes: string[];
}

export interface Recovery {
  /** `rolled back`: the old output was kept; `completed`: the new output was put in place. */
  action: 'rolled back' | 'completed';
  /** Temporary files removed (rolled back) or renamed into place (completed), and files removed. */
  files: number;
  journal: string;
}

/** A failure to write, as one line naming the path and the system's reason; `pending` when a journal is left. */
export class TransactionError extends Error {
  override readonly name = 'TransactionError';
  constructor(
    readonly file: string,
    override readonly cause: unknown,
    /** True when the change is committed but not complete: the next run completes it. */
    readonly pending: boolean,
  ) {
    super(`${file}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

export function journalFileOf(outDir: string, name: string): string {
  return path.join(outDir, `.comidl-${name}.journal.json`);
}

/** Writes the journal through a temporary file and a rename, so that it is always whole. */
function writeJournal(file: string, journal: Journal): void {
  const temp = `${file}.${process.pid}.tmp`;
  fileEvent(`write ${temp}`);
  fs.writeFileSync(temp, `${JSON.stringify(journal, null, 1)}\n`);
  fileEvent(`rename ${temp} to ${file}`);
  fs.renameSync(temp, file);
}

function removeFile(file: string): void {
  fileEvent(`remove ${file}`);
  fs.rmSync(file, { force: true });
}

/**
 * Commits `tx` into the output of library `name` in `outDir`, whose lock the caller holds and which has been
 * recovered. Throws a TransactionError: before the commit point everything is rolled back first; after it,
 * the journal stays for the next run to complete.
 */
export function commitTransaction(outDir: string, name: string, tx: Transaction): void {
  const journalFile = journalFileOf(outDir, name);
  const folders: string[] = [];
  const planned = new Set<string>();
  for (const w of tx.writes) {
    const missing: string[] = [];
    for (let d = path.dirname(w.file); !planned.has(d) && !exists(d); d = path.dirname(d)) {
      if (path.dirname(d) === d) break;
      missing.push(d);
    }
    for (const d of missing.reverse()) {
      planned.add(d);
      folders.push(d);
    }
  }
  const journal: Journal = {
    journal: 1,
    library: name,
    state: 'staging',
    folders,
    writes: tx.writes.map((w) => ({ temp: `${w.file}.comidl-${process.pid}.tmp`, target: w.file })),
    removes: tx.removes,
  };
  let current = journalFile;
  try {
    writeJournal(journalFile, journal);
    for (const d of folders) {
      current = d;
      fileEvent(`create folder ${d}`);
      fs.mkdirSync(d);
    }
    tx.writes.forEach((w, i) => {
      current = w.file;
      const temp = journal.writes[i].temp;
      fileEvent(`write ${temp}`);
      fs.writeFileSync(temp, w.text, { flag: 'wx' });
    });
    current = journalFile;
    writeJournal(journalFile, { ...journal, state: 'committed' });
  } catch (e) {
    try {
      rollBack(journal);
      removeFile(journalFile);
    } catch {
      // Left for the next run, which rolls the journal back.
    }
    throw new TransactionError(current, e, false);
  }
  try {
    rollForward(journal, (file) => (current = file));
    removeFile(journalFile);
  } catch (e) {
    throw new TransactionError(current, e, true);
  }
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function rollBack(journal: Journal): number {
  let n = 0;
  for (const w of journal.writes) {
    if (exists(w.temp)) n++;
    removeFile(w.temp);
  }
  for (const d of [...journal.folders].reverse()) {
    try {
      fileEvent(`remove folder ${d}`);
      fs.rmdirSync(d);
    } catch (e) {
      // Not created (the run stopped before it), or not empty (someone else's file): left as it is.
      if (!['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(systemErrorCode(e) ?? '')) throw e;
    }
  }
  return n;
}

function rollForward(journal: Journal, at: (file: string) => void = () => {}): number {
  let n = 0;
  for (const w of journal.writes) {
    at(w.target);
    if (!exists(w.temp)) continue; // renamed before the interruption
    fileEvent(`rename ${w.temp} to ${w.target}`);
    fs.renameSync(w.temp, w.target);
    n++;
  }
  for (const file of journal.removes) {
    at(file);
    if (!exists(file)) continue;
    removeFile(file);
    n++;
  }
  return n;
}

/**
 * Recovers an interrupted transaction of library `name` in `outDir` (the caller holds the lock): rolls a
 * staging journal back, a committed one forward, and removes the journal's own leftover temporary files.
 * `allowed` says which paths the journal may name (the library's package folders, its vtable lock): a journal
 * naming anything else is refused. Null when there was nothing to recover.
 */
export function recoverTransaction(outDir: string, name: string, allowed: (file: string) => boolean): Recovery | null {
  const journalFile = journalFileOf(outDir, name);
  const prefix = `${path.basename(journalFile)}.`;
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(outDir);
  } catch (e) {
    if (systemErrorCode(e) === 'ENOENT') return null;
    throw e;
  }
  // A journal being written when the run stopped: the previous journal (or none) still holds.
  for (const e of entries) if (e.startsWith(prefix) && e.endsWith('.tmp')) removeFile(path.join(outDir, e));
  const text = readRegularFile(journalFile);
  if (text === null) return null;
  const journal = parseJournal(text, name);
  const paths = journal ? [...journal.folders, ...journal.writes.flatMap((w) => [w.temp, w.target]), ...journal.removes] : [];
  const outside = paths.find((p) => !allowed(p));
  if (!journal || outside !== undefined) {
    const why = journal ? `it names ${outside}, which is not part of this library's output` : 'it is not a journal comidl wrote';
    throw new TransactionError(journalFile, new Error(`cannot recover the interrupted generation: ${why}; remove the journal and generate again`), true);
  }
  let files: number;
  try {
    files = journal.state === 'committed' ? rollForward(journal) : rollBack(journal);
    removeFile(journalFile);
  } catch (e) {
    throw new TransactionError(journalFile, e, true);
  }
  return { action: journal.state === 'committed' ? 'completed' : 'rolled back', files, journal: journalFile };
}

function parseJournal(text: string, name: string): Journal | null {
  try {
    const j = JSON.parse(text) as Partial<Journal>;
    const strings = (a: unknown) => Array.isArray(a) && a.every((x) => typeof x === 'string' && path.isAbsolute(x));
    if (j.journal !== 1 || j.library !== name || (j.state !== 'staging' && j.state !== 'committed')) return null;
    if (!strings(j.folders) || !strings(j.removes) || !Array.isArray(j.writes)) return null;
    if (!j.writes.every((w) => strings([w?.temp, w?.target]) && w.temp === `${w.target}${w.temp.slice(w.target.length)}` && /^\.comidl-\d+\.tmp$/.test(w.temp.slice(w.target.length)))) return null;
    return j as Journal;
  } catch {
    return null;
  }
}
