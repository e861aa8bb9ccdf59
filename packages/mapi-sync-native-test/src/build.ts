/**
 * Builds the native test objects: widl generates C headers from idl/mapi-sync and idl/marshal-test, and
 * the system's C compiler builds native/*.c against them and Wine's headers (the Windows data model as Wine
 * defines it: LONG and ULONG 32-bit, WCHAR 16-bit with -fshort-wchar). Wine's windef.h makes __stdcall the
 * Windows x64 convention (ms_abi) whatever the command line says; native/test-objects.h makes it empty after
 * windef.h, so that the vtables use the platform convention koffi calls with. The repository's own idl/com is only read by widl
 * for the imports; its C headers are never generated: Wine's wtypes.h, unknwn.h and objidl.h stand in.
 *
 * The result is cached in <repo>/.cache/native-test/<hash of every input>/ (git-ignored), built in a
 * temporary folder and renamed into place. A missing tool is an error that says what to do, never a skip.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface NativeBuild {
  /** The shared library. */
  readonly library: string;
  /** Where the widl headers were written. */
  readonly headers: string;
}

export interface BuildOptions {
  /** Further C sources to compile into the library (name -> text), e.g. a generated layout table. */
  readonly extraSources?: Readonly<Record<string, string>>;
}

/** The repository root: the nearest folder above the working directory with nx.json and idl/. */
export function repoRoot(): string {
  if (process.env.COMIDL_REPO_ROOT) return process.env.COMIDL_REPO_ROOT;
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json')) && fs.existsSync(path.join(dir, 'idl'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root (a folder with nx.json and idl/) above ${process.cwd()}`);
  }
}

/** The IDL files widl makes headers of, relative to idl/: the libraries' import closures without idl/com. */
export const IDL_FILES = [
  'mapi/mapidefs.idl',
  'mapi-sync/replconst.idl',
  'mapi-sync/repltypes.idl',
  'mapi-sync/ostx.idl',
  'mapi-sync/mapisync.idl',
  'mapi-sync/mapi-sync.idl',
  'marshal-test/marshal-test.idl',
];

const FLAGS = ['-shared', '-fPIC', '-O2', '-Wall', '-Werror=implicit-function-declaration', '-fshort-wchar', '-D_OLE32_', '-D_OLEAUT32_'];

export function buildTestObjects(options: BuildOptions = {}): NativeBuild {
  const root = repoRoot();
  const native = path.join(root, 'packages/mapi-sync-native-test/native');
  const wine = path.join(root, '.cache/wine/root');
  const widl = path.join(wine, 'usr/lib/wine/widl');
  const wineInclude = path.join(wine, 'usr/include/wine/wine/windows');
  if (!fs.existsSync(widl) || !fs.existsSync(wineInclude)) {
    throw new Error(`The native test objects need Wine's widl and headers (${path.relative(root, widl)}): run \`npm run wine:fetch\` first (it fetches Debian's wine64-tools and libwine-dev into .cache/wine).`);
  }
  const cc = process.env.CC ?? 'cc';
  const version = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    throw new Error(`The native test objects need a C compiler, and \`${cc} --version\` failed (${version.error?.message ?? version.stderr}). Install one (Debian: apt-get install gcc) or set CC.`);
  }
  const sources = fs.readdirSync(native).filter((f) => f.endsWith('.c')).sort();
  const hash = createHash('sha256');
  for (const f of [...IDL_FILES.map((f) => path.join(root, 'idl', f)), ...['com/wtypes.idl', 'com/unknwn.idl', 'com/objidl.idl'].map((f) => path.join(root, 'idl', f))]) hash.update(f).update(fs.readFileSync(f));
  for (const f of fs.readdirSync(native).sort()) hash.update(f).update(fs.readFileSync(path.join(native, f)));
  for (const [name, text] of Object.entries(options.extraSources ?? {})) hash.update(name).update(text);
  hash.update(version.stdout).update(FLAGS.join(' ')).update(process.arch);
  const out = path.join(root, '.cache/native-test', hash.digest('hex').slice(0, 16));
  const library = path.join(out, 'libtest-objects.so');
  if (fs.existsSync(library)) return { library, headers: out };

  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = fs.mkdtempSync(`${out}.tmp-`);
  try {
    const run = (cmd: string, args: string[], cwd: string) => {
      const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
      if (r.error || r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} (in ${path.relative(root, cwd) || '.'}) failed:\n${r.error?.message ?? ''}${r.stderr}${r.stdout}`);
    };
    for (const f of IDL_FILES) {
      const file = path.join(root, 'idl', f);
      run(widl, ['-h', '-o', path.join(tmp, path.basename(f, '.idl') + '.h'), path.basename(file)], path.dirname(file));
    }
    const extra = Object.entries(options.extraSources ?? {}).map(([name, text]) => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, text);
      return file;
    });
    run(cc, [...FLAGS, '-I', tmp, '-I', native, '-I', wineInclude, '-I', path.dirname(wineInclude), '-o', path.join(tmp, 'libtest-objects.so'), ...sources.map((s) => path.join(native, s)), ...extra, '-lpthread'], tmp);
    try {
      fs.renameSync(tmp, out);
    } catch (e) {
      // Another process built the same inputs first.
      if (!fs.existsSync(library)) throw e;
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { library, headers: out };
}
