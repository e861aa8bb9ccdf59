/**
 * Which folders --out may name (`outputFolderProblem`): property tests over families of paths, each spelt in
 * several ways (trailing separators, `.` and `..` segments, doubled separators, case on Windows), for the
 * folders refused (empty, the current directory, roots, the home folder, system folders and everything
 * under /proc, /sys, /dev, /etc...) and for ordinary project folders, which must be accepted.
 */
import fc from 'fast-check';
import { outputFolderProblem, type OutputFolderContext } from '../src';

const posix: OutputFolderContext = { cwd: '/work/project', home: '/home/me', platform: 'linux', realpath: (p) => p };
const win: OutputFolderContext = {
  cwd: 'C:\\work\\project',
  home: 'C:\\Users\\me',
  platform: 'win32',
  realpath: (p) => p,
  env: { SystemRoot: 'C:\\Windows', ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', ProgramData: 'C:\\ProgramData' },
};

const segment = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,11}$/).filter((s) => !s.endsWith('.') && !s.endsWith(' '));

/** `folder` spelt the `how`-th way: as is, a trailing separator, `/.`, doubled separators, `x/..`, `/./`. */
function spelt(folder: string, how: number, sep = '/'): string {
  const doubled = folder.split(sep).join(sep + sep);
  return [folder, `${folder}${sep}`, `${folder}${sep}.`, doubled, `${folder}${sep}x${sep}..`, `${folder}${sep}.${sep}`][how % 6];
}

let tried = 0;
let worstMs = 0;
let worstHeap = 0;
afterAll(() => console.log(`outputFolderProblem: ${tried} paths tried; worst ${worstMs.toFixed(2)} ms for one, heap at most ${(worstHeap / 2 ** 20).toFixed(0)} MB`));

/** Checks every path of `arbitrary` with `check`, counting them. */
function forAll<T>(arbitrary: fc.Arbitrary<T>, check: (v: T) => void, numRuns = 200): void {
  fc.assert(
    fc.property(arbitrary, (v) => {
      tried++;
      const started = performance.now();
      check(v);
      worstMs = Math.max(worstMs, performance.now() - started);
      worstHeap = Math.max(worstHeap, process.memoryUsage().heapUsed);
    }),
    { numRuns },
  );
}

describe('refused (wrong usage)', () => {
  it('an empty --out, however much white space', () => {
    forAll(fc.stringMatching(/^[ \t]{0,4}$/), (s) => expect(outputFolderProblem(s, posix)).toMatch(/is empty/), 20);
  });

  it('the current directory, spelt any way, relative or absolute', () => {
    forAll(fc.tuple(fc.constantFrom('/work/project', '.', '../project', 'idl/..', './'), fc.nat(5)), ([f, how]) =>
      expect(outputFolderProblem(spelt(f, how), posix)).toMatch(/is the current directory/),
    );
  });

  it('every folder in the system trees (/proc, /sys, /dev, /etc, /usr/bin...), spelt any way', () => {
    const trees = ['/proc', '/sys', '/dev', '/etc', '/boot', '/bin', '/sbin', '/lib', '/lib64', '/run', '/usr/bin', '/usr/lib', '/usr/share', '/usr/include'];
    forAll(fc.tuple(fc.constantFrom(...trees), fc.array(segment, { maxLength: 3 }), fc.nat(5)), ([tree, rest, how]) =>
      expect(outputFolderProblem(spelt([tree, ...rest].join('/'), how), posix)).toMatch(/is a system folder/),
      400,
    );
  });

  it('the file system root, the home folder and the system folders that hold projects (/usr, /var, /tmp, /home), exactly', () => {
    forAll(fc.tuple(fc.constantFrom('/', '/usr', '/var', '/tmp', '/home', '/opt', '/usr/local', '/home/me'), fc.nat(5)), ([f, how]) =>
      expect(outputFolderProblem(f === '/' ? ['/', '//', '/.', '/x/..', '/./', '///'][how] : spelt(f, how), posix)).toMatch(/root of a file system|home folder|system folder/),
    );
  });

  it('a folder whose symbolic links lead into a system folder', () => {
    const linked: OutputFolderContext = { ...posix, realpath: (p) => p.replace(/^\/work\/project\/link/, '/etc') };
    forAll(fc.array(segment, { maxLength: 2 }), (rest) =>
      expect(outputFolderProblem(['link', ...rest].join('/'), linked)).toMatch(/is a system folder \(through a symbolic link\)$/),
      50,
    );
  });

  it('on Windows: drive roots, the Windows and Program Files trees, the Users folder and the home folder, in any case', () => {
    const folders = ['C:\\', 'D:\\', 'C:\\Windows', 'C:\\Windows\\System32\\x', 'C:\\Program Files\\app', 'C:\\Program Files (x86)', 'C:\\Users', 'C:\\ProgramData', 'C:\\Users\\me'];
    forAll(fc.tuple(fc.constantFrom(...folders), fc.boolean(), fc.boolean()), ([f, lower, slash]) => {
      let p = lower ? f.toLowerCase() : f;
      if (slash) p = p.replace(/\\/g, '/');
      expect(outputFolderProblem(p, win)).toMatch(/root of a file system|system folder|home folder/);
    }, 100);
  });
});

describe('accepted', () => {
  it('folders of a project, relative or absolute, below the home folder, /usr/src, /var/lib, /tmp', () => {
    const bases = ['packages/generated', 'out', '../elsewhere', '/work/project/out', '/home/me/proj/gen', '/usr/src/app/gen', '/var/lib/ci/ws/out', '/tmp/build-1', '/opt/app/gen'];
    forAll(fc.tuple(fc.constantFrom(...bases), fc.array(segment, { maxLength: 2 }), fc.nat(5)), ([base, rest, how]) =>
      expect(outputFolderProblem(spelt([base, ...rest].join('/'), how), posix)).toBeNull(),
      300,
    );
  });

  it('on Windows: folders of a project, below the home folder or on another drive', () => {
    forAll(fc.tuple(fc.constantFrom('C:\\Users\\me\\proj\\out', 'D:\\work\\gen', 'out', '..\\gen'), fc.boolean()), ([f, lower]) =>
      expect(outputFolderProblem(lower ? f.toLowerCase() : f, win)).toBeNull(),
      50,
    );
  });
});
