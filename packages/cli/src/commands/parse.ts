import { errorCount, formatDiagnostics } from '../diagnostic-output';
import { searchPath, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { parseGivenFile, withStandardInput } from '../standard-input';

export const parseHelp = `Usage: comidl parse FILE --json [-I DIR]... [-D NAME[=VALUE]]...

Parses one IDL file (after preprocessing) and prints its syntax tree as JSON, on one line (its size grows
with the input, never with how deep the tree is); every node carries its span (file, line, column,
endLine, endColumn) in the original sources. On errors, prints the diagnostics to standard error,
nothing to standard output, and exits with status 1.

Options:
  --json             print the syntax tree as JSON (required: JSON is the only output format)
  -I DIR             add DIR to the import and #include search path (after the file's own directory)
  -D NAME[=VALUE]    define a preprocessor macro (VALUE defaults to 1)
  --help, -h         show this help
`;

export function parseCommand(args: ParsedArgs, io: CliIo): number {
  if (args.files.length !== 1 || !args.flags.has('--json')) {
    io.stderr(`comidl parse: expected one FILE and --json\n\n${parseHelp}`);
    return 2;
  }
  const { files, sources } = withStandardInput(args.files, io.readStdin);
  const result = parseGivenFile(files[0], sources, { includeDirs: searchPath(args), defines: args.defines });
  if (result.diagnostics.length) io.stderr(formatDiagnostics(result.diagnostics));
  if (errorCount(result.diagnostics)) return 1;
  // Compact: indentation would make the output grow with the square of an expression's depth.
  io.stdout(JSON.stringify(result.ast) + '\n');
  return 0;
}
