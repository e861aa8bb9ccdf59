/** The `comidl` command: argument parsing, dispatch, and printing. The work happens in the libraries. */
import { parseArgs, UsageError, type ParsedArgs } from './args';
import { useColor } from './color';
import { didYouMean } from '@comidl/parser/suggest';
import { processIo, type CliIo } from './io';
import { BASE_IDL_DIR } from './scaffold';

interface CommandImplementation {
  /** The exit status; a promise of it for a command that keeps running (generate --watch). */
  run: (args: ParsedArgs, io: CliIo) => number | Promise<number>;
  help: string;
}

interface Command {
  /**
   * Loads the command's module on first use: a run loads only what its command needs (`vtable` does not load
   * the code generator; only a generation with files to print loads ts-morph, about half a second at start).
   */
  load: () => CommandImplementation;
  summary: string;
  /** The options the command takes besides -I, -D and --help. */
  options: readonly string[];
}

const commands: Record<string, Command> = {
  init: {
    load: () => {
      const m = require('./commands/init') as typeof import('./commands/init');
      return { run: m.initCommand, help: m.initHelp };
    },
    summary: 'write a new library into DIR: comidl.config.json and a starter IDL file',
    options: ['--name', '--scope'],
  },
  vtable: {
    load: () => {
      const m = require('./commands/vtable') as typeof import('./commands/vtable');
      return { run: m.vtableCommand, help: m.vtableHelp };
    },
    summary: 'print every interface of each FILE with its vtable slots, as JSON lines',
    options: ['--lenient'],
  },
  parse: {
    load: () => {
      const m = require('./commands/parse') as typeof import('./commands/parse');
      return { run: m.parseCommand, help: m.parseHelp };
    },
    summary: 'print the syntax tree of FILE as JSON',
    options: ['--json'],
  },
  print: {
    load: () => {
      const m = require('./commands/print') as typeof import('./commands/print');
      return { run: m.printCommand, help: m.printHelp };
    },
    summary: 'print FILE back as canonical IDL',
    options: [],
  },
  'spec-check': {
    load: () => {
      const m = require('./commands/spec-check') as typeof import('./commands/spec-check');
      return { run: m.specCheckCommand, help: m.specCheckHelp };
    },
    summary: 'compare FILE with Microsoft Learn reference pages',
    options: ['--docs', '--json'],
  },
  diff: {
    load: () => {
      const m = require('./commands/diff') as typeof import('./commands/diff');
      return { run: m.diffCommand, help: m.diffHelp };
    },
    summary: 'compare the vtables of two versions of FILE: every change, breaking, additive or harmless',
    options: ['--json', '--lenient'],
  },
  generate: {
    load: () => {
      const m = require('./commands/generate') as typeof import('./commands/generate');
      return { run: m.generateCommand, help: m.generateHelp };
    },
    summary: "write a library's interfaces, proxies, mocks and native packages (--watch: on every change)",
    options: ['--config', '--idl', '--out', '--scope', '--name', '--protocol', '--module-format', '--form', '--watch', '--update-lock', '--lenient'],
  },
  check: {
    load: () => {
      const m = require('./commands/check') as typeof import('./commands/check');
      return { run: m.checkCommand, help: m.checkHelp };
    },
    summary: "check that a library's generated packages match its IDL",
    options: ['--config', '--idl', '--out', '--scope', '--name', '--protocol', '--module-format', '--form', '--lenient'],
  },
};

export const mainHelp = `Usage: comidl <command> [options] FILE...

comidl reads Microsoft COM IDL (the MIDL dialect) and turns it into typed TypeScript packages.

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join('\n')}
  ${'help'.padEnd(12)} show this help, or with a COMMAND that command's help

Common options:
  -I DIR             add DIR to the import and #include search path
  -D NAME[=VALUE]    define a preprocessor macro
  --help, -h         show help (comidl <command> --help for a command)
  --version          print comidl's version
  --                 end of options: what follows is a FILE even if it starts with -
comidl's own base IDL (unknwn.idl, wtypes.idl, objidl.idl) is searched after every other folder.
A FILE named - is standard input (vtable, parse, print, diff), read as a file of the current folder.

Diagnostics are printed as "file:line:col: error CODE: message" with the source line, and the chain of
#includes and imports that reached the file; a run ends with "Found N errors and M warnings.". Colour
when standard error is a terminal (none when NO_COLOR is set). Exit status (warnings alone give 0):
0 success; 1 errors in the input, stale generated files, or an environment error (a file that cannot be
read or written, no space, a read-only folder, ts-morph or the CLI's build missing), said in one line;
2 wrong usage; 3 an internal error (a bug in comidl).
`;

export function run(argv: readonly string[], io: CliIo = processIo): number | Promise<number> {
  useColor(io.color ?? false);
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`comidl: ${e.message}\nRun 'comidl --help' for usage.\n`);
      return 2;
    }
    throw e;
  }
  // The base IDL comidl ships is the last folder searched, so `import "unknwn.idl";` works in any project.
  if (args.command !== 'init') args.baseIncludeDirs.push(BASE_IDL_DIR);
  if (args.flags.has('--version')) {
    io.stdout(`comidl ${comidlVersion()}\n`);
    return 0;
  }
  if (args.command === null || args.command === 'help') {
    const topic = args.command === 'help' ? args.files[0] : undefined;
    if (topic !== undefined && !Object.hasOwn(commands, topic)) {
      io.stderr(`comidl help: unknown command '${topic}'${suggestCommand(topic)}\nRun 'comidl --help' for usage.\n`);
      return 2;
    }
    io.stdout(topic ? commands[topic].load().help : mainHelp);
    return args.command === null && !args.flags.has('--help') ? 2 : 0;
  }
  const command = Object.hasOwn(commands, args.command) ? commands[args.command] : undefined;
  if (!command) {
    io.stderr(`comidl: unknown command '${args.command}'${suggestCommand(args.command)}\nRun 'comidl --help' for usage.\n`);
    return 2;
  }
  if (args.flags.has('--help')) {
    io.stdout(command.load().help);
    return 0;
  }
  const misplaced = [...args.flags, ...args.values.keys(), ...(args.protocols.length ? ['--protocol'] : [])].find((o) => !command.options.includes(o));
  if (misplaced) {
    io.stderr(`comidl ${args.command}: option ${misplaced} does not apply to this command\nRun 'comidl ${args.command} --help' for usage.\n`);
    return 2;
  }
  try {
    return command.load().run(args, io);
  } catch (e) {
    // A usage problem only a command can see (standard input named twice).
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`comidl ${args.command}: ${e.message}\nRun 'comidl ${args.command} --help' for usage.\n`);
    return 2;
  }
}

/** The version of this package, as its package.json gives it (the same from `src` and from `dist`). */
export function comidlVersion(): string {
  return (require('../package.json') as { version: string }).version;
}

function suggestCommand(word: string): string {
  return didYouMean(word, [...Object.keys(commands), 'help'], (s) => `'${s}'`);
}

/**
 * Entry point of the bin. An error of the system (a file that cannot be read or written) that a command did
 * not report is one line and status 1, as every environment error; anything else is a bug in comidl: one
 * line, never a stack trace, and status 3.
 */
export function main(argv: readonly string[]): void {
  // A reader that goes away early (`comidl parse --json x.idl | head`) ends the output quietly, never with
  // a stack trace from the unhandled write error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      process.exit(e.code === 'EPIPE' ? (typeof process.exitCode === 'number' ? process.exitCode : 0) : 1);
    });
  }
  const unexpected = (e: unknown) => {
    if (isSystemError(e)) {
      // Loaded here: `comidl --help` loads no front end.
      const { systemErrorText } = require('./system-error') as typeof import('./system-error');
      const where = e.path ? ` ${e.path}` : '';
      process.stderr.write(`comidl: cannot ${e.syscall}${where}: ${systemErrorText(e)}\n`);
      return 1;
    }
    process.stderr.write(`comidl: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 3;
  };
  let code: number | Promise<number>;
  try {
    code = run(argv);
  } catch (e) {
    code = unexpected(e);
  }
  if (typeof code === 'number') process.exitCode = code;
  else code.then((c) => (process.exitCode = c), (e: unknown) => (process.exitCode = unexpected(e)));
}

/** An error Node raises for a system call that failed (`EACCES`, `ENOSPC`...), with the call it made. */
function isSystemError(e: unknown): e is NodeJS.ErrnoException & { syscall: string } {
  const { code, syscall } = (e ?? {}) as NodeJS.ErrnoException;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && typeof syscall === 'string';
}
