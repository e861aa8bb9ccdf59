import { printIdlFile } from '@comidl/parser';
import { errorCount, formatDiagnostics } from '../diagnostic-output';
import { searchPath, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { parseGivenFile, withStandardInput } from '../standard-input';

export const printHelp = `Usage: comidl print FILE [-I DIR]... [-D NAME[=VALUE]]...

Parses one IDL file and prints it back as canonical IDL: preprocessed, 4-space indentation, one
declaration per line, doc comments kept. Parsing the output gives the same syntax tree. On errors,
prints the diagnostics to standard error, nothing to standard output, and exits with status 1.

Options:
  -I DIR             add DIR to the import and #include search path (after the file's own directory)
  -D NAME[=VALUE]    define a preprocessor macro (VALUE defaults to 1)
  --help, -h         show this help
`;

export function printCommand(args: ParsedArgs, io: CliIo): number {
  if (args.files.length !== 1) {
    io.stderr(`comidl print: expected one FILE\n\n${printHelp}`);
    return 2;
  }
  const { files, sources } = withStandardInput(args.files, io.readStdin);
  const result = parseGivenFile(files[0], sources, { includeDirs: searchPath(args), defines: args.defines });
  if (result.diagnostics.length) io.stderr(formatDiagnostics(result.diagnostics));
  if (errorCount(result.diagnostics)) return 1;
  io.stdout(printIdlFile(result.ast));
  return 0;
}
