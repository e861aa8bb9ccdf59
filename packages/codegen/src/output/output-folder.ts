/**
 * Which folders `--out` may name. Generation creates package folders (`<name>-interfaces`, ...) in the output
 * folder; it refuses an empty name, the current directory, a file system root, the home folder itself and
 * system folders (those of the operating system, and everything under `/proc`, `/sys`, `/dev`, `/etc`, ...),
 * as given and as its symbolic links resolve. Checked on the path, before anything is read or written.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface OutputFolderContext {
  /** The current directory (absolute). */
  cwd: string;
  /** The user's home folder (os.homedir()). */
  home?: string;
  /** Path rules and the system folders of this platform (default process.platform). */
  platform?: NodeJS.Platform;
  /** Resolves symbolic links of an existing path (fs.realpathSync.native); a test may give another. */
  realpath?: (p: string) => string;
  /** Environment for Windows' folders (SystemRoot, ProgramFiles...). */
  env?: Record<string, string | undefined>;
}

/** Folders that may not be the output folder, but whose subfolders may (`/usr/src/app` is a common project folder). */
const POSIX_EXACT = ['/', '/home', '/Users', '/root', '/usr', '/usr/local', '/var', '/var/lib', '/opt', '/mnt', '/media', '/srv', '/tmp', '/var/tmp', '/private', '/private/tmp', '/private/var', '/Volumes', '/Applications', '/snap', '/nix'];
/** Folders that may not be the output folder nor hold it: the system's own. */
const POSIX_TREES = [
  '/proc', '/sys', '/dev', '/etc', '/boot', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/run', '/usr/bin',
  '/usr/sbin', '/usr/lib', '/usr/lib32', '/usr/lib64', '/usr/libx32', '/usr/libexec', '/usr/include', '/usr/share',
  '/usr/local/bin', '/usr/local/sbin', '/usr/local/lib', '/var/run', '/var/lock', '/var/log', '/var/cache', '/var/spool',
  '/System', '/Library', '/private/etc', '/cores', '/nix/store',
];

/** Why `out` (as the user gave it) may not be the output folder; null when it may. */
export function outputFolderProblem(out: string, context: OutputFolderContext): string | null {
  if (out.trim() === '') return 'the output folder is empty; name a folder for the packages';
  const platform = context.platform ?? process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const resolved = p.resolve(context.cwd, out);
  const candidates = [resolved];
  const real = realPathOf(resolved, p, context.realpath ?? ((x) => fs.realpathSync.native(x)));
  if (real !== null && real !== resolved) candidates.push(real);
  for (const candidate of candidates) {
    const why = forbiddenFolder(candidate, context, platform, p);
    if (why !== null) return real !== null && candidate === real && real !== resolved ? `${why} (through a symbolic link)` : why;
  }
  return null;
}

function forbiddenFolder(folder: string, context: OutputFolderContext, platform: NodeJS.Platform, p: path.PlatformPath): string | null {
  const caseless = platform === 'win32' || platform === 'darwin';
  const key = (x: string) => {
    let k = p.normalize(x);
    if (k.length > p.parse(k).root.length) k = k.replace(/[\\/]+$/, '');
    return caseless ? k.toLowerCase() : k;
  };
  const target = key(folder);
  const same = (other: string) => key(other) === target;
  const within = (tree: string) => {
    const t = key(tree);
    const sep = platform === 'win32' ? '\\' : '/';
    return target === t || target.startsWith(t.endsWith(sep) ? t : t + sep);
  };
  if (same(context.cwd)) return 'the output folder is the current directory; generation writes package folders into a folder of their own (such as packages/generated)';
  if (target === key(p.parse(folder).root)) return `the output folder ${folder} is the root of a file system`;
  const home = context.home ?? os.homedir();
  if (home && same(home)) return `the output folder ${folder} is the home folder; name a folder of its own`;
  if (platform === 'win32') {
    const env = context.env ?? process.env;
    const root = p.parse(folder).root;
    const trees = [env['SystemRoot'] ?? `${root}Windows`, env['ProgramFiles'] ?? `${root}Program Files`, env['ProgramFiles(x86)'] ?? `${root}Program Files (x86)`];
    const exact = [env['ProgramData'] ?? `${root}ProgramData`, `${root}Users`, env['PUBLIC'] ?? `${root}Users\\Public`];
    if (trees.some(within)) return `the output folder ${folder} is a system folder`;
    if (exact.some(same)) return `the output folder ${folder} is a system folder`;
    return null;
  }
  if (POSIX_TREES.some(within)) return `the output folder ${folder} is a system folder`;
  if (POSIX_EXACT.some(same)) return `the output folder ${folder} is a system folder; name a folder of its own below it`;
  return null;
}

/** The real path of `folder`: of its nearest existing ancestor, with the rest appended; null when none resolves. */
function realPathOf(folder: string, p: path.PlatformPath, realpath: (x: string) => string): string | null {
  let existing = folder;
  const rest: string[] = [];
  for (;;) {
    try {
      return p.join(realpath(existing), ...rest.reverse());
    } catch {
      const parent = p.dirname(existing);
      if (parent === existing) return null;
      rest.push(p.basename(existing));
      existing = parent;
    }
  }
}
