import type { Diagnostic } from '@comidl/parser';
import { errorCount, formatDiagnostics, summaryLine } from '../diagnostic-output';
import { searchPath, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { vtableReports } from '../vtable-report';
import { withStandardInput } from '../standard-input';

export const vtableHelp = `Usage: comidl vtable [-I DIR]... [-D NAME[=VALUE]]... [--lenient] FILE...

Prints one JSON line per FILE: every COM interface, dispinterface and delegate the file defines, and every
instantiation its WinRT declare blocks name (not the interfaces it only imports; not RPC interfaces or
uninstantiated templates, which have no vtable), in order, with its base, IID (lowercase, no braces, or
null) and vtable slots, base slots first:
  {"file":"a.idl","interfaces":[{"name":"IFoo","kind":"interface","base":"IUnknown","iid":"...","slots":["QueryInterface",...]}],"diagnostics":[]}
An interface with [async_uuid] is followed by its asynchronous twin, as widl makes it: "AsyncIFoo", with
"asyncOf":"IFoo", the async_uuid as its IID, and a Begin_ and a Finish_ slot per method. Each diagnostic
in "diagnostics" has its "severity", "error" or "warning".
Diagnostics also go to standard error with their source line, then "Found N errors and M warnings.".
Exit status 1 if any file has errors (warnings alone: 0); the other files are still reported. All files
share one run, so common imports are parsed once.

MIDL rules that widl does not enforce (M002-M006, M009, M011) are errors unless --lenient makes them
warnings.

Options:
  --lenient          report the MIDL rules widl does not enforce as warnings
  -I DIR             add DIR to the import and #include search path (after the file's own directory)
  -D NAME[=VALUE]    define a preprocessor macro (VALUE defaults to 1)
  --help, -h         show this help
`;

export function vtableCommand(args: ParsedArgs, io: CliIo): number {
  if (!args.files.length) {
    io.stderr(`comidl vtable: no input files\n\n${vtableHelp}`);
    return 2;
  }
  let failed = false;
  const all: Diagnostic[] = [];
  const { files, sources } = withStandardInput(args.files, io.readStdin);
  const options = { includeDirs: searchPath(args), defines: args.defines, lenient: args.flags.has('--lenient'), sources };
  for (const report of vtableReports(files, options)) {
    io.stdout(JSON.stringify(report) + '\n');
    if (report.diagnostics.length) io.stderr(formatDiagnostics(report.diagnostics, { summary: false }));
    all.push(...report.diagnostics);
    if (errorCount(report.diagnostics)) failed = true;
  }
  if (all.length) io.stderr(summaryLine(all));
  return failed ? 1 : 0;
}
