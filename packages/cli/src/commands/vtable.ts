import { errorCount, formatDiagnostics } from '../diagnostic-output';
import type { ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { vtableReports } from '../vtable-report';

export const vtableHelp = `Usage: comidl vtable [-I DIR]... [-D NAME[=VALUE]]... FILE...

Prints one JSON line per FILE: every COM interface, dispinterface and delegate the file defines, and every
instantiation its WinRT declare blocks name (not the interfaces it only imports; not RPC interfaces or
uninstantiated templates, which have no vtable), in order, with its base, IID (lowercase, no braces, or
null) and vtable slots, base slots first:
  {"file":"a.idl","interfaces":[{"name":"IFoo","kind":"interface","base":"IUnknown","iid":"...","slots":["QueryInterface",...]}],"diagnostics":[]}
Diagnostics also go to standard error with their source line. Exit status 1 if any file has errors; the
other files are still reported. All files share one run, so common imports are parsed once.

Options:
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
  for (const report of vtableReports(args.files, { includeDirs: args.includeDirs, defines: args.defines })) {
    io.stdout(JSON.stringify(report) + '\n');
    if (report.diagnostics.length) io.stderr(formatDiagnostics(report.diagnostics));
    if (errorCount(report.diagnostics)) failed = true;
  }
  return failed ? 1 : 0;
}
