import { existsSync, statSync } from 'node:fs';
import { ComWorkspace, type InterfaceModel } from '@comidl/model';
import { compareWithSpec, extractSpec, formatDifference, type IdlInterfaceView } from '@comidl/learn';
import { errorCount, formatDiagnostics } from '../diagnostic-output';
import type { ParsedArgs } from '../args';
import type { CliIo } from '../io';

export const specCheckHelp = `Usage: comidl spec-check FILE.idl --docs DIR [-I DIR]... [-D NAME[=VALUE]]... [--json]

Compares every interface that the Microsoft Learn reference pages in DIR describe (English, translated,
or bilingual "sxs" Markdown sources) with the vtables FILE.idl and its imports declare: slot names and
order (placeholder slots included), then each method's parameters (names, types, directions), then the
IID. Prints each difference as "IDL file:line:col: message (doc page URL)" and exits with status 1 if
there is any; --json prints the differences and counts as one JSON object instead:
  {"file","docs","source","checked":{"interfaces","slots","parameters"},"differences":[...]}
A DIR without any interface page ("<name>iunknown.md") is wrong usage (status 2).

Options:
  --docs DIR         the folder of reference pages, one language variant (e.g. en-US, de-DE-sxs); required
  --json             print one JSON object instead of text lines
  -I DIR             add DIR to the import and #include search path (after the file's own directory)
  -D NAME[=VALUE]    define a preprocessor macro (VALUE defaults to 1)
  --help, -h         show this help
`;

function view(i: InterfaceModel): IdlInterfaceView {
  return {
    name: i.name,
    iid: i.iid,
    file: i.span.file,
    line: i.span.line,
    column: i.span.column,
    slots: i.vtable
      .filter((s) => s.declaredIn === i.name)
      .map((s) => ({
        name: s.name,
        placeholder: s.method.placeholder,
        file: s.method.span.file,
        line: s.method.span.line,
        column: s.method.span.column,
        params: s.method.parameters.map((p) => ({ name: p.name, type: p.type, direction: p.direction })),
      })),
  };
}

export function specCheckCommand(args: ParsedArgs, io: CliIo): number {
  const docs = args.values.get('--docs');
  if (args.files.length !== 1 || !docs) {
    io.stderr(`comidl spec-check: expected one FILE.idl and --docs DIR\n\n${specCheckHelp}`);
    return 2;
  }
  if (!existsSync(docs) || !statSync(docs).isDirectory()) {
    io.stderr(`comidl spec-check: docs folder '${docs}' does not exist\n`);
    return 2;
  }
  const models = new ComWorkspace({ includeDirs: args.includeDirs, defines: args.defines }).loadWithImports(args.files[0]);
  const diagnostics = models[0].diagnostics;
  if (diagnostics.length) io.stderr(formatDiagnostics(diagnostics));
  if (errorCount(diagnostics)) return 1;
  const spec = extractSpec(docs);
  if (!spec.interfaces.length) {
    // A wrong folder (the parent of the variants, say) must not pass as "matches".
    io.stderr(`comidl spec-check: no interface reference pages in '${docs}'\n`);
    return 2;
  }
  const views = models.flatMap((m) => m.interfaces.filter((i) => i.object).map(view));
  const differences = compareWithSpec(spec, views);
  const described = new Set(spec.interfaces.map((i) => i.name));
  const checked = views.filter((v) => described.has(v.name));
  const counts = {
    interfaces: checked.length,
    slots: checked.reduce((n, v) => n + v.slots.length, 0),
    parameters: checked.reduce((n, v) => n + v.slots.reduce((m, s) => m + s.params.length, 0), 0),
  };
  if (args.flags.has('--json')) {
    io.stdout(JSON.stringify({ file: args.files[0], docs, source: spec.source, checked: counts, differences }) + '\n');
  } else if (differences.length) {
    io.stdout(differences.map((d) => formatDifference(d) + '\n').join(''));
    io.stdout(`spec-check: ${differences.length} difference(s) between ${args.files[0]} and ${docs}\n`);
  } else {
    io.stdout(
      `spec-check: ${args.files[0]} matches ${docs} (${spec.source}): ${counts.interfaces} interfaces, ${counts.slots} slots, ${counts.parameters} parameters\n`,
    );
  }
  return differences.length ? 1 : 0;
}
