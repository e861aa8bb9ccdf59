import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ComWorkspace } from '@comidl/model';
import {
  checkAgainstSpec,
  formatDifference,
  formatProblem,
  loadProtocolStates,
  loadSpecCheckConfig,
  readSpec,
  SPEC_CHECK_CONFIG,
  SpecConfigError,
  type CheckedCounts,
  type ProtocolStateView,
  type SpecCheckConfig,
} from '@comidl/learn';
import { errorCount, formatDiagnostics } from '../diagnostic-output';
import { idlViews } from '../spec-views';
import { searchPath, type ParsedArgs } from '../args';
import type { CliIo } from '../io';

export const specCheckHelp = `Usage: comidl spec-check FILE.idl --docs DIR [-I DIR]... [-D NAME[=VALUE]]... [--json]

Compares what the Microsoft Learn reference pages in DIR describe (English, translated, or bilingual
"sxs" Markdown sources), read at run time, with what FILE.idl and its imports declare: each interface's
vtable (slot names and order, placeholders included), parameters (names, types, directions) and IID;
each structure's members (names, C types, order); each enumeration's members and values; each constant's
value; the IIDs of the constants page; and the state machine's states (their structures and the states
they are entered from, against the library's protocol description).

The pages to read, the protocol description and the documented departures (differences the IDL makes
on purpose, each with its reason and page) come from ${SPEC_CHECK_CONFIG} beside FILE.idl; without it,
every interface page ("<name>iunknown.md") of DIR and the IIDs of its constants page are checked.

Prints each difference as "IDL file:line:col: message (doc page URL)" and exits with status 1 if there
is any, or if a page it needs is missing, cannot be read or lacks what it is read for (each is named,
and nothing is compared); --json prints one object:
  {"file","docs","source","checked":{...},"departures":[...],"differences":[...]}
A DIR without any interface page is wrong usage (status 2).

Options:
  --docs DIR         the folder of reference pages, one language variant (e.g. en-US, de-DE-sxs); required
  --json             print one JSON object instead of text lines
  -I DIR             add DIR to the import and #include search path (after the file's own directory)
  -D NAME[=VALUE]    define a preprocessor macro (VALUE defaults to 1)
  --help, -h         show this help
`;

function countsText(c: CheckedCounts): string {
  return [
    `${c.interfaces} interfaces`,
    `${c.slots} slots`,
    `${c.parameters} parameters`,
    `${c.structures} structures`,
    `${c.fields} members`,
    `${c.enumMembers} enum members`,
    `${c.constants} constants`,
    `${c.iids} IIDs`,
    `${c.states} states`,
  ].join(', ');
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
  const file = args.files[0];
  const workspace = new ComWorkspace({ includeDirs: searchPath(args), defines: args.defines });
  const models = workspace.loadWithImports(file);
  const diagnostics = models[0].diagnostics;
  if (diagnostics.length) io.stderr(formatDiagnostics(diagnostics));
  if (errorCount(diagnostics)) return 1;

  const configFile = path.join(path.dirname(file), SPEC_CHECK_CONFIG);
  let config: SpecCheckConfig | null = null;
  let states: ProtocolStateView[] | null = null;
  try {
    if (existsSync(configFile)) config = loadSpecCheckConfig(configFile);
    if (config?.protocol) states = loadProtocolStates(config.protocol);
  } catch (e) {
    if (!(e instanceof SpecConfigError)) throw e;
    io.stderr(`comidl spec-check: ${e.message}\n`);
    return 1;
  }

  const { spec, problems } = readSpec(docs, config?.pages ?? {});
  if (!spec.interfaces.length && problems.every((p) => p.reason === 'missing')) {
    // A wrong folder (the parent of the variants, say) must not pass as "matches".
    io.stderr(`comidl spec-check: no interface reference pages in '${docs}'\n`);
    return 2;
  }
  if (problems.length) {
    io.stderr(problems.map((p) => `comidl spec-check: ${formatProblem(p)}\n`).join(''));
    io.stderr(`comidl spec-check: ${problems.length} page(s) the check needs cannot be read from ${docs}; nothing was compared\n`);
    return 1;
  }

  const views = { ...idlViews(workspace, models), states };
  const result = checkAgainstSpec(spec, views, { departures: config?.departures ?? [], protocolFile: config?.protocol ?? null });
  const { differences, accepted, checked } = result;
  if (args.flags.has('--json')) {
    const departures = accepted.map(({ difference: d, departure: p }) => ({
      kind: d.kind,
      declaration: d.declaration,
      docs: d.docs,
      idl: d.idl,
      location: d.location,
      url: d.url,
      reason: p.reason,
      spec: p.spec,
    }));
    io.stdout(JSON.stringify({ file, docs, source: spec.source, checked, departures, differences }) + '\n');
  } else if (differences.length) {
    io.stdout(differences.map((d) => formatDifference(d) + '\n').join(''));
    io.stdout(`spec-check: ${differences.length} difference(s) between ${file} and ${docs}\n`);
  } else {
    const departed = accepted.length ? `; ${accepted.length} documented departure(s) (${configFile})` : '';
    io.stdout(`spec-check: ${file} matches ${docs} (${spec.source}): ${countsText(checked)}${departed}\n`);
  }
  return differences.length ? 1 : 0;
}
