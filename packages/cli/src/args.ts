/** Command-line arguments: options in any order, `-I DIR` or `-IDIR`, `-D NAME[=VALUE]`, `--key value`. */

export interface ParsedArgs {
  command: string | null;
  files: string[];
  includeDirs: string[];
  defines: Record<string, string>;
  flags: Set<string>;
  values: Map<string, string>;
}

export class UsageError extends Error {}

/** Options that take a value, by command. */
const valued = new Set(['--docs', '--config', '--idl', '--out', '--scope', '--name']);
const known = new Set(['--json', '--help', '-h', '--docs', '--watch', '--update-lock', '--lenient', '--config', '--idl', '--out', '--scope', '--name']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { command: null, files: [], includeDirs: [], defines: {}, flags: new Set(), values: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new UsageError(`option ${a} needs a value`);
      return argv[++i];
    };
    if (a === '-I') out.includeDirs.push(next());
    else if (a.startsWith('-I')) out.includeDirs.push(a.slice(2));
    else if (a === '-D' || a.startsWith('-D')) {
      const def = a === '-D' ? next() : a.slice(2);
      const eq = def.indexOf('=');
      const name = eq < 0 ? def : def.slice(0, eq);
      if (!/^[A-Za-z_]\w*$/.test(name)) throw new UsageError(`invalid macro name in -D ${def}`);
      out.defines[name] = eq < 0 ? '1' : def.slice(eq + 1);
    } else if (a.startsWith('--') && a.includes('=')) {
      const [k, v] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
      if (!valued.has(k)) throw new UsageError(`unknown option ${k}`);
      out.values.set(k, v);
    } else if (valued.has(a)) out.values.set(a, next());
    else if (a.startsWith('-') && a !== '-') {
      if (!known.has(a)) throw new UsageError(`unknown option ${a}`);
      out.flags.add(a === '-h' ? '--help' : a);
    } else if (out.command === null) out.command = a;
    else out.files.push(a);
  }
  return out;
}
