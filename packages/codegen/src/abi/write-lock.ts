/**
 * Writing the vtable lock: through a temporary file and a rename (a reader never sees half a lock), and not
 * at all when the file already holds the text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the lock file must contain; `path` as generation shows it (relative to the library root). */
export interface LockFile {
  path: string;
  text: string;
}

/** Writes the lock (its path resolved against `root`); true when written, false when unchanged. */
export function writeLockFile(lockFile: LockFile, root: string = process.cwd()): boolean {
  const target = path.resolve(root, lockFile.path);
  if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === lockFile.text) return false;
  const temp = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, lockFile.text);
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
  return true;
}
