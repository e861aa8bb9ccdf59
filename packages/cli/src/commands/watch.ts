/**
 * `comidl generate --watch`: the folders of the library's inputs are watched (a folder, not the file, so
 * editors that save by renaming a new file into place are seen too); after events settle, the inputs whose
 * text differs from what the last run read are named and the library is generated again with a fresh
 * workspace. A failed run leaves the output as it was and keeps watching what it and the last good run
 * read; a good run replaces the watched set (imports may have changed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { libraryInputs, readInput, runLibrary, shownPath, type LibraryRequest, type LibraryRun } from '@comidl/codegen';
import type { CliIo } from '../io';
import { elapsed, generateOnce, shownOut } from './library-output';

/** How long a burst of file events (an editor's save) is let settle before the inputs are compared. */
const WATCH_SETTLE_MS = 100;

export function watchLibrary(request: LibraryRequest, io: CliIo, first: LibraryRun, firstOk: boolean, stop?: AbortSignal): Promise<number> {
  const shown = (f: string) => shownPath(request.root, f);
  return new Promise((resolve) => {
    const watchers = new Map<string, fs.FSWatcher>();
    let inputs = new Map<string, string | null>();
    let timer: NodeJS.Timeout | undefined;
    let failing = !firstOk;
    let stopped = false;

    const settle = () => {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(regenerate, WATCH_SETTLE_MS);
    };

    const track = (next: Map<string, string | null>) => {
      const before = [...inputs.keys()].sort().join('\n');
      inputs = next;
      const folders = new Set([...inputs.keys()].map((f) => path.dirname(f)));
      for (const [folder, watcher] of watchers) {
        if (!folders.has(folder)) {
          watcher.close();
          watchers.delete(folder);
        }
      }
      for (const folder of folders) {
        if (watchers.has(folder)) continue;
        try {
          const watcher = fs.watch(folder, settle);
          // A folder that goes away: forget it; the next run watches it again if it is still read.
          watcher.on('error', () => {
            watcher.close();
            watchers.delete(folder);
          });
          watchers.set(folder, watcher);
        } catch {
          // The folder does not exist (an import not found yet): nothing there to watch.
        }
      }
      if ([...inputs.keys()].sort().join('\n') !== before) {
        io.stdout(`watch: watching ${inputs.size} files in ${watchers.size} folders (Ctrl-C to stop)\n`);
      }
    };

    function regenerate(): void {
      timer = undefined;
      if (stopped) return;
      const changed = [...inputs].filter(([file, text]) => readInput(file) !== text).map(([file]) => file);
      if (!changed.length) return;
      io.stdout(`watch: ${changed.map(shown).join(', ')} changed\n`);
      let run: LibraryRun | null = null;
      let ok = false;
      try {
        run = runLibrary(request);
        ok = generateOnce(run, io);
      } catch (e) {
        io.stderr(`comidl generate: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      }
      if (ok) {
        if (failing) io.stdout('watch: recovered\n');
        failing = false;
        track(libraryInputs(run!, true));
        return;
      }
      failing = true;
      io.stderr(
        `watch: generation failed${run ? ` after ${elapsed(run)}` : ''}; the last good output in ${shownOut(first)} is left as it was; waiting for the next change\n`,
      );
      // Keep watching what the last good run read, and what this one read.
      const seen = new Map(inputs);
      if (run) for (const [file, text] of libraryInputs(run)) seen.set(file, text);
      else for (const file of changed) seen.set(file, readInput(file));
      track(seen);
    }

    const finish = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      stop?.removeEventListener('abort', finish);
      io.stdout('watch: stopped\n');
      resolve(0);
    };

    // The handlers first: once "watching" is printed, a Ctrl-C must find them, even if this process is
    // descheduled right after the write.
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    stop?.addEventListener('abort', finish);
    track(libraryInputs(first, firstOk));
    if (stop?.aborted) finish();
  });
}
