/**
 * `comidl diff OLD.idl NEW.idl`: what changed, for binaries, between two versions of the COM interfaces a
 * file defines; each change classified breaking, additive or harmless by the rules of COM (a published
 * interface is immutable: a changed layout needs a new IID).
 */
import { abiOf, compareAbi, ComWorkspace, type AbiChange, type AbiSeverity, type AbiSnapshot, type WorkspaceOptions } from '@comidl/model';
import type { Diagnostic } from '@comidl/parser';
import * as path from 'node:path';
import { errorCount, formatDiagnostics } from '../diagnostic-output';
import { searchPath, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { withStandardInput } from '../standard-input';

export const diffHelp = `Usage: comidl diff [-I DIR]... [-D NAME[=VALUE]]... OLD.idl NEW.idl [--json] [--lenient]

Compares the COM interfaces, structures, unions and enums that OLD.idl and NEW.idl define (each file read
with its imports, on its own; what it only imports is not compared) as binaries see them: IID, base, vtable
slots in order, and each method's return type and parameters as C types with typedefs expanded, then names
and doc comments; each structure's fields (names, C types, order) and packing, each enum's members and
values. Interfaces and structures are matched by name, slots by method name. Every change is classified:
  breaking   binaries built against OLD misbehave: a slot removed, moved or inserted before the end; a
             return type, parameter type, direction or count changed; a base or IID changed; an IID
             reused for another interface or layout; an interface removed; a structure field renamed,
             moved, retyped, added or removed, its packing changed; an enum member renamed, removed or
             given another value; a structure or enum removed
  additive   binaries built against OLD keep working: a new interface, structure or enum; a method
             appended at the end (which by COM rules still needs a new IID); an enum member added
  harmless   the layout is the same: a parameter renamed, a doc comment changed
Prints one line per change, grouped by class, then a summary:
  IOSTX slot 5: SyncBeg parameter 2 (ppv) direction in,out -> out
--json prints one JSON object instead:
  {"old":"a.idl","new":"b.idl","changes":[{"code":"ABI001","severity":"breaking","interface":"IOSTX","slot":5,"method":"SyncBeg","message":"...","location":{"file":"b.idl","line":12,"column":5}}],"counts":{"breaking":1,"additive":0,"harmless":0}}
Each change has a code (ABI001 a slot, ABI002 an interface, ABI003 a structure, union or enum) and, where
the newer file has it, the location of the changed slot, field or member (else of its interface or
structure).
Exit status 1 if any change is breaking, or if either file has errors (diagnostics go to standard error
with their source line, and nothing is compared); 0 otherwise.

Either FILE may be -, standard input, read as a file of the current folder:
  git show HEAD:x.idl | comidl diff - x.idl

Options:
  --json             print one JSON object instead of text lines
  --lenient          let MIDL rules that widl does not enforce (M002-M006, M009, M011) through as warnings
  -I DIR             add DIR to the import and #include search path (after the file's own directory)
  -D NAME[=VALUE]    define a preprocessor macro (VALUE defaults to 1)
  --help, -h         show this help
`;

interface FileSnapshot {
  snapshot: AbiSnapshot | null;
  diagnostics: Diagnostic[];
}

/** The ABI of the interfaces with a vtable that `file` defines, read in a workspace of its own. */
function snapshotOf(file: string, options: WorkspaceOptions): FileSnapshot {
  const workspace = new ComWorkspace(options);
  const model = workspace.load(file);
  if (errorCount(model.diagnostics)) return { snapshot: null, diagnostics: model.diagnostics };
  const own = model.interfaces.filter((i) => i.object && !i.templateParameters && i.vtable.length);
  return { snapshot: abiOf(workspace, own, [workspace.unit(path.resolve(file), file)]), diagnostics: model.diagnostics };
}

const severities: readonly AbiSeverity[] = ['breaking', 'additive', 'harmless'];

export function diffCommand(args: ParsedArgs, io: CliIo): number {
  if (args.files.length !== 2) {
    io.stderr(`comidl diff: expected two files, OLD.idl and NEW.idl\n\n${diffHelp}`);
    return 2;
  }
  const { files, sources } = withStandardInput(args.files, io.readStdin);
  const [oldFile, newFile] = files;
  const options = { includeDirs: searchPath(args), defines: args.defines, lenient: args.flags.has('--lenient'), sources };
  const older = snapshotOf(oldFile, options);
  const newer = snapshotOf(newFile, options);
  const diagnostics = [...older.diagnostics, ...newer.diagnostics];
  if (diagnostics.length) io.stderr(formatDiagnostics(diagnostics));
  if (!older.snapshot || !newer.snapshot) return 1;

  const changes: AbiChange[] = compareAbi(older.snapshot, newer.snapshot);
  const counts = Object.fromEntries(severities.map((s) => [s, changes.filter((c) => c.severity === s).length])) as Record<AbiSeverity, number>;
  if (args.flags.has('--json')) {
    io.stdout(JSON.stringify({ old: oldFile, new: newFile, changes, counts }) + '\n');
  } else if (!changes.length) {
    const slots = newer.snapshot.interfaces.reduce((n, i) => n + i.slots.length, 0);
    io.stdout(`diff: no changes between ${oldFile} and ${newFile} (${newer.snapshot.interfaces.length} interfaces, ${slots} slots, ${newer.snapshot.structures.length} structures)\n`);
  } else {
    let text = '';
    for (const severity of severities) {
      const group = changes.filter((c) => c.severity === severity);
      if (group.length) text += `${severity} (${group.length}):\n${group.map((c) => `  ${c.message}\n`).join('')}`;
    }
    const summary = severities.map((s) => `${counts[s]} ${s}`).join(', ');
    const verdict = counts.breaking ? 'binaries built against the old file break' : 'binaries built against the old file keep working';
    io.stdout(`${text}diff: ${changes.length} change(s) from ${oldFile} to ${newFile}: ${summary}; ${verdict}\n`);
  }
  return counts.breaking ? 1 : 0;
}
