/**
 * Protocol descriptions are checked at generation by the runtime's check, against the model: every name
 * they use must exist in the IDL, and each problem is reported at its line and column in the file.
 */
import { ComWorkspace } from '@comidl/model';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildLibrary, checkProtocol, formatProtocolProblem, type ProtocolProblem } from '../src';
import { ConstantTable } from '../src/constants';
import { TypeMapper } from '../src/type-mapper';
import { REPO_ROOT } from './helpers';

const MAPI_SYNC = path.join(REPO_ROOT, 'idl/mapi-sync/mapi-sync.idl');
const library = buildLibrary(new ComWorkspace(), [MAPI_SYNC], { root: REPO_ROOT });
const types = new TypeMapper(library);
const constants = new ConstantTable(library);
const constant = (name: string) => constants.value(name);
const checkText = (text: string, file = 'x.protocol.json') => checkProtocol({ file, text }, library, types, constant);
const check = (description: unknown) => checkText(JSON.stringify(description, null, 2));

const valid = {
  interface: 'IOSTX',
  initial: 'LR_SYNC_IDLE',
  violation: 'E_UNEXPECTED',
  states: [
    {
      name: 'LR_SYNC',
      structure: 'SYNC',
      parents: ['LR_SYNC_IDLE'],
      ok: { flag: 'UPS_OK' },
    },
  ],
  methods: { SyncBeg: { role: 'enter', stateParameter: 'uiSync', structureParameter: 'ppv', pairedWith: 'SyncEnd' }, SyncEnd: { role: 'leave' } },
};

/** The position of the `n`th occurrence of `needle` in `text`, 1-based. */
function positionOf(text: string, needle: string, n = 1): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < n; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} is not in the text`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

describe('checkProtocol', () => {
  it('accepts a description that matches the IDL and gives the values of the names it uses', () => {
    const { protocol, problems } = check(valid);
    expect(problems).toEqual([]);
    expect(protocol!.description['constants']).toEqual({ LR_SYNC_IDLE: 0, LR_SYNC: 1, UPS_OK: 0x10000 });
    expect(protocol!.description['states']).toEqual(valid.states);
  });

  it('accepts the committed descriptions of idl/mapi-sync', () => {
    for (const f of ['iostx', 'imapiprogress', 'imapisyncprogresscallback']) {
      const file = path.join(REPO_ROOT, 'idl/mapi-sync', `${f}.protocol.json`);
      const text = readFileSync(file, 'utf8');
      expect(checkProtocol({ file, text }, library, types, constant).problems).toEqual([]);
    }
  });

  it.each([
    [{ ...valid, interface: 'IMissing' }, 'interface', 'no interface with a vtable named "IMissing" in this library'],
    [{ ...valid, methods: { ...valid.methods, SyncBegin: { role: 'enter' } } }, 'methods.SyncBegin', "IOSTX has no method 'SyncBegin'"],
    [
      { ...valid, methods: { ...valid.methods, SyncBeg: { ...valid.methods.SyncBeg, stateParameter: 'uiState' } } },
      'methods.SyncBeg.stateParameter',
      "IOSTX::SyncBeg has no parameter 'uiState' (its parameters: uiSync, ppv)",
    ],
    [{ ...valid, states: [{ name: 'LR_SYNC', structure: 'NOSUCH', parents: ['LR_SYNC_IDLE'] }] }, 'states[0].structure', 'no structure named "NOSUCH" in the type library'],
    [{ ...valid, states: [{ name: 'LR_NOPE', parents: ['LR_SYNC_IDLE'] }] }, 'states[0].name', 'LR_NOPE is not a constant or enum member of the IDL, and the state gives no value'],
    [{ ...valid, states: [{ name: 'LR_SYNC', parents: ['LR_ELSEWHERE'] }] }, 'states[0].parents[0]', 'unknown state "LR_ELSEWHERE"'],
    [
      { ...valid, states: [{ ...valid.states[0], ok: { flag: 'UPS_FINE' } }] },
      'states[0].ok.flag',
      'UPS_FINE is not a constant or enum member of the IDL',
    ],
    [
      { ...valid, states: [{ ...valid.states[0], ok: { flag: 'UPS_OK', member: 'ulFlagz' } }] },
      'states[0].ok.member',
      "SYNC has no member 'ulFlagz' (its members: ulFlags, pwzPath, Reserved1, Reserved2, pel, pulFolderOptions)",
    ],
    [
      { ...valid, methods: { ...valid.methods, SyncBeg: { ...valid.methods.SyncBeg, pairedWith: 'SyncStop' } } },
      'methods.SyncBeg.pairedWith',
      "IOSTX has no method 'SyncStop'",
    ],
    [{ ...valid, properties: { flags: 'MAPI_NOPE' } }, 'properties.flags', 'MAPI_NOPE is not a constant or enum member of the IDL'],
  ])('reports %#: %s', (description, at, message) => {
    const { protocol, problems } = check(description);
    expect(protocol).toBeNull();
    expect(problems).toContainEqual(expect.objectContaining({ file: 'x.protocol.json', path: at, message }));
  });

  it('locates each problem at its line and column in the file', () => {
    const file = path.join(REPO_ROOT, 'idl/mapi-sync/iostx.protocol.json');
    const text = readFileSync(file, 'utf8')
      .replace('"UPS_ONE_FOLDER"', '"UPS_ONE_FOLDERS"')
      .replace('"requiresResult": true', '"requiresResult": true, "needsResult": true');
    const { problems } = checkText(text, 'idl/mapi-sync/iostx.protocol.json');
    const flag = positionOf(text, '"UPS_ONE_FOLDERS"');
    const member = positionOf(text, '"needsResult"');
    expect(problems).toEqual<ProtocolProblem[]>([
      {
        file: 'idl/mapi-sync/iostx.protocol.json',
        ...flag,
        path: 'states[3].parents[1].when.hasAll[1]',
        message: 'UPS_ONE_FOLDERS is not a constant or enum member of the IDL',
      },
      {
        file: 'idl/mapi-sync/iostx.protocol.json',
        ...member,
        path: 'methods.SyncEnd.needsResult',
        message: "unknown member of role 'leave' (known: role, flags, source, requiresResult)",
      },
    ]);
    expect(formatProtocolProblem(problems[0]!)).toBe(
      `idl/mapi-sync/iostx.protocol.json:${flag.line}:${flag.column}: error: states[3].parents[1].when.hasAll[1]: ` +
        'UPS_ONE_FOLDERS is not a constant or enum member of the IDL',
    );
  });

  it('leaves property values that name IDL constants as they are, and gives their values in constants', () => {
    const { protocol, problems } = check({ ...valid, properties: { flags: 'MAPI_TOP_LEVEL', label: 'a b', n: 3 } });
    expect(problems).toEqual([]);
    expect(protocol!.description['properties']).toEqual({ flags: 'MAPI_TOP_LEVEL', label: 'a b', n: 3 });
    expect(protocol!.description['constants']).toMatchObject({ MAPI_TOP_LEVEL: 1 });
  });

  it('reports text that is not JSON at the place it goes wrong', () => {
    const { problems } = checkText('{\n  "interface": "IOSTX",\n  "states": [1 2]\n}');
    expect(problems).toEqual([{ file: 'x.protocol.json', line: 3, column: 16, path: '', message: 'not valid JSON: CommaExpected' }]);
  });

  it('refuses nesting far deeper than a description has, at its place, before the JSON parser recurses into it', () => {
    const deep = '{"interface": "IOSTX", "states": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const { problems } = checkText(deep);
    // The object is level 1; the bracket opening level 65 is the 64th.
    expect(problems).toEqual([{ file: 'x.protocol.json', line: 1, column: 33 + 64, path: '', message: 'not valid JSON: nested deeper than 64 levels' }]);
  });
});
