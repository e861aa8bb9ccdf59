/**
 * Command-line arguments: options in any order, `-I DIR` or `-IDIR`, `-D NAME[=VALUE]`, `--key value` or
 * `--key=value` (`--protocol FILE` may be repeated); `--` ends the options (what follows is a file even if it starts with `-`); `-` names
 * standard input.
 */
// The subpath entry: `comidl --help` and `--version` load no front end.
import { didYouMean } from '@comidl/parser/suggest';

export interface ParsedArgs {
  command: string | null;
  files: string[];
  includeDirs: string[];
  /**
   * Searched after includeDirs: the base IDL comidl ships. Not the user's choice, so a generated package's
   * regenerate command does not name it (the comidl that runs the command brings its own).
   */
  baseIncludeDirs: string[];
  defines: Record<string, string>;
  /** `--protocol FILE`, in order (repeatable). */
  protocols: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

export class UsageError extends Error {}

/** Every folder searched for imports and #include, in order: the user's, then the base IDL. */
export function searchPath(args: ParsedArgs): string[] {
  return [...args.includeDirs, ...args.baseIncludeDirs];
}

/** Options that take one value. */
const valued = new Set(['--docs', '--config', '--idl', '--out', '--scope', '--name', '--module-format', '--form']);
/** Options that take none. */
const switches = new Set(['--json', '--help', '-h', '--version', '--watch', '--update-lock', '--lenient']);
/** Every option, for suggestions. */
export const knownOptions: readonly string[] = [...valued, ...switches, '-I', '-D', '--protocol'];

const quote = (s: string) => `'${s}'`;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { command: null, files: [], includeDirs: [], baseIncludeDirs: [], defines: {}, protocols: [], flags: new Set(), values: new Map() };
  let optionsEnded = false;
  const positional = (a: string) => {
    if (out.command === null) out.command = a;
    else out.files.push(a);
  };
  const setValue = (option: string, value: string) => {
    if (value === '') throw new UsageError(`option ${option} needs a value, and it was given an empty one`);
    const earlier = out.values.get(option);
    if (earlier !== undefined) throw new UsageError(`option ${option} takes one value and was given twice ('${earlier}', then '${value}')`);
    out.values.set(option, value);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new UsageError(`option ${a} needs a value`);
      return argv[++i];
    };
    if (optionsEnded || a === '-' || !a.startsWith('-')) positional(a);
    else if (a === '--') optionsEnded = true;
    else if (a === '-I' || a.startsWith('-I')) {
      const dir = a === '-I' ? next() : a.slice(2);
      if (dir === '') throw new UsageError('option -I needs a folder, and it was given an empty one');
      out.includeDirs.push(dir);
    } else if (a === '-D' || a.startsWith('-D')) {
      const def = a === '-D' ? next() : a.slice(2);
      const eq = def.indexOf('=');
      const name = eq < 0 ? def : def.slice(0, eq);
      if (!/^[A-Za-z_]\w*$/.test(name)) throw new UsageError(`invalid macro name in -D ${def}`);
      out.defines[name] = eq < 0 ? '1' : def.slice(eq + 1);
    } else if (a === '--protocol' || a.startsWith('--protocol=')) {
      const file = a === '--protocol' ? next() : a.slice('--protocol='.length);
      if (file === '') throw new UsageError('option --protocol needs a file, and it was given an empty one');
      out.protocols.push(file);
    } else if (a.startsWith('--') && a.includes('=')) {
      const [k, v] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
      if (switches.has(k)) throw new UsageError(`option ${k} takes no value`);
      if (!valued.has(k)) throw new UsageError(`unknown option ${k}${didYouMean(k, knownOptions, quote)}`);
      setValue(k, v);
    } else if (valued.has(a)) setValue(a, next());
    else if (switches.has(a)) out.flags.add(a === '-h' ? '--help' : a);
    else throw new UsageError(`unknown option ${a}${didYouMean(a, knownOptions, quote)}`);
  }
  return out;
}
