/** Protocol descriptions are checked against the model: every name they use must exist in the IDL. */
import { ComWorkspace } from '@comidl/model';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildLibrary, checkProtocol } from '../src';
import { evaluate } from '@comidl/model';
import { REPO_ROOT } from './helpers';

const MAPI_SYNC = path.join(REPO_ROOT, 'idl/mapi-sync/mapi-sync.idl');
const library = buildLibrary(new ComWorkspace(), [MAPI_SYNC], { root: REPO_ROOT });
const constant = (name: string) => {
  const d = library.symbols.get(name)?.declaration;
  if (d?.kind === 'const') return evaluate(d.node.value, () => undefined);
  return library.enumMembers.has(name) ? 1n : undefined;
};
const check = (description: unknown) => checkProtocol({ file: 'x.protocol.json', text: JSON.stringify(description) }, library, constant);

const valid = {
  interface: 'IOSTX',
  initial: 'LR_SYNC_IDLE',
  states: [{ name: 'LR_SYNC', structure: 'SYNC', parents: ['LR_SYNC_IDLE'] }],
  methods: { SyncBeg: { role: 'enter', stateParameter: 'uiSync', structureParameter: 'ppv', pairedWith: 'SyncEnd' }, SyncEnd: { role: 'leave' } },
};

describe('checkProtocol', () => {
  it('accepts a description that matches the IDL and fills in state values', () => {
    const { protocol, problems } = check(valid);
    expect(problems).toEqual([]);
    expect((protocol!.description['states'] as { value: number }[])[0].value).toBe(1);
  });

  it('accepts the committed descriptions of idl/mapi-sync', () => {
    for (const f of ['iostx', 'imapiprogress', 'imapisyncprogresscallback']) {
      const file = path.join(REPO_ROOT, 'idl/mapi-sync', `${f}.protocol.json`);
      const text = readFileSync(file, 'utf8');
      expect(checkProtocol({ file, text }, library, constant).problems).toEqual([]);
    }
  });

  it.each([
    [{ ...valid, interface: 'IMissing' }, 'interface', 'no interface with a vtable named "IMissing" in this library'],
    [{ ...valid, methods: { SyncBegin: { role: 'enter' } } }, 'methods.SyncBegin', 'IOSTX has no method SyncBegin'],
    [{ ...valid, methods: { SyncBeg: { role: 'enter', stateParameter: 'uiState' } } }, 'methods.SyncBeg.stateParameter', 'IOSTX::SyncBeg has no parameter "uiState"'],
    [{ ...valid, methods: { SyncBeg: { role: 'begin' } } }, 'methods.SyncBeg.role', 'expected one of init, enter, leave, result, last-error, set, get, record'],
    [{ ...valid, states: [{ name: 'LR_SYNC', structure: 'NOSUCH', parents: ['LR_SYNC_IDLE'] }] }, 'states[0].structure', '"NOSUCH" is not a structure of the IDL'],
    [{ ...valid, states: [{ name: 'LR_NOPE', parents: ['LR_SYNC_IDLE'] }] }, 'states[0].name', 'LR_NOPE is not a constant or enum member of the IDL'],
    [{ ...valid, states: [{ name: 'LR_SYNC', parents: ['LR_ELSEWHERE'] }] }, 'states[0].parents[0]', '"LR_ELSEWHERE" is not a state of this protocol'],
    [{ ...valid, methods: { SyncBeg: { role: 'enter', pairedWith: 'SyncStop' } } }, 'methods.SyncBeg.pairedWith', 'IOSTX has no method "SyncStop"'],
  ])('reports %#: %s', (description, at, message) => {
    const { protocol, problems } = check(description);
    expect(protocol).toBeNull();
    expect(problems).toContainEqual({ file: 'x.protocol.json', path: at, message });
  });

  it('turns property values that name IDL constants into their values', () => {
    const { protocol, problems } = check({ ...valid, properties: { flags: 'MAPI_TOP_LEVEL', label: 'a b', n: 3 } });
    expect(problems).toEqual([]);
    expect(protocol!.description['properties']).toEqual({ flags: 1, label: 'a b', n: 3 });
    expect(check({ ...valid, properties: { flags: 'MAPI_NOPE' } }).problems).toContainEqual({
      file: 'x.protocol.json',
      path: 'properties.flags',
      message: 'MAPI_NOPE is not a constant or enum member of the IDL',
    });
  });

  it('reports text that is not JSON', () => {
    const { problems } = checkProtocol({ file: 'x.protocol.json', text: '{ "interface": ' }, library, constant);
    expect(problems[0].path).toBe('');
    expect(problems[0].message).toMatch(/^not valid JSON/);
  });
});
