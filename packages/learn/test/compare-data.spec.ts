/**
 * The comparison of structures, enumerations, constants, IIDs and states with IDL views, and the
 * documented departures, on the committed spec.json and views built to match it.
 */
import { readFileSync } from 'node:fs';
import {
  applyDepartures,
  checkAgainstSpec,
  formatDifference,
  learnUrl,
  parseSpec,
  parseSpecCheckConfig,
  type IdlViews,
  type SpecDocument,
} from '../src';
import { idlViewsFromSpec, SPEC_CHECK_JSON, SPEC_JSON } from './helpers';

const spec: SpecDocument = parseSpec(readFileSync(SPEC_JSON, 'utf8'));
const url = (page: string): string => learnUrl(page);

/** Views equal to the spec, where the members a page declares without a name get the member list's. */
function views(): IdlViews {
  const v = idlViewsFromSpec(spec);
  for (const f of v.structures.find((s) => s.name === 'UPTBLE')!.fields) {
    f.name = f.type.slice(4);
    f.type = 'UINT';
  }
  v.structures.find((s) => s.name === 'SYNC')!.fields[5]!.type = 'const ULONG*';
  v.states!.find((s) => s.name === 'LR_SYNC_UPLOAD_FOLDER')!.parents.push('LR_SYNC');
  return v;
}

const lines = (v: IdlViews): string[] => checkAgainstSpec(spec, v).differences.map(formatDifference);
const config = parseSpecCheckConfig(readFileSync(SPEC_CHECK_JSON, 'utf8'), 'spec-check.json');

describe('checkAgainstSpec', () => {
  it('finds only the differences the pages cannot avoid without departures, none with them', () => {
    expect(checkAgainstSpec(spec, views()).differences.map((d) => [d.kind, d.declaration])).toEqual([
      ['field-name', 'UPTBLE'],
      ['field-name', 'UPTBLE'],
      ['field-name', 'UPTBLE'],
      ['field-name', 'UPTBLE'],
      ['field-name', 'UPTBLE'],
      ['field-name', 'UPTBLE'],
      ['field-type', 'SYNC'],
      ['missing-constant', 'g_muidProvPrvNST'],
      ['missing-iid', 'IID_IPSTX2'],
      ['missing-iid', 'IID_IPSTX3'],
      ['missing-iid', 'IID_IPSTX4'],
      ['missing-iid', 'IID_IPSTX5'],
      ['missing-iid', 'IID_IPSTX6'],
      ['missing-iid', 'IID_IMAPIFolderNoProvChk'],
      ['missing-iid', 'IID_IMessageNoProvChk'],
      ['state-parents', 'LR_SYNC_UPLOAD_FOLDER'],
    ]);
    const result = checkAgainstSpec(spec, views(), { departures: config.departures });
    expect(result.differences).toEqual([]);
    expect(result.accepted).toHaveLength(16);
    expect(result.checked).toEqual({ interfaces: 5, slots: 29, parameters: 33, structures: 23, fields: 130, enumMembers: 12, constants: 63, iids: 11, states: 12 });
  });

  it('reports a renamed, a retyped, a missing and an extra member', () => {
    const v = views();
    const hdr = v.structures.find((s) => s.name === 'HDRSYNC')!;
    hdr.fields[1]!.name = 'feidParent';
    hdr.fields[3]!.type = 'UINT';
    const sync = v.structures.find((s) => s.name === 'UPREAD')!;
    sync.fields.splice(1, 1);
    v.structures.find((s) => s.name === 'DNTBLE')!.fields.push({ name: 'cEntExtra', type: 'UINT', file: 'idl/DNTBLE.idl', line: 6, column: 5 });
    const out = checkAgainstSpec(spec, v, { departures: config.departures }).differences.map(formatDifference);
    expect(out).toEqual([
      `idl/DNTBLE.idl:1:1: DNTBLE has 5 members, docs have 4 (${url('dntble')})`,
      `idl/DNTBLE.idl:6:5: DNTBLE member 5 UINT cEntExtra is not in the docs (${url('dntble')})`,
      `idl/UPREAD.idl:1:1: UPREAD has 1 members, docs have 2 (${url('upread')})`,
      `idl/UPREAD.idl:2:5: UPREAD has no member UINT cEnt, docs have it as member 2 (${url('upread')})`,
      `idl/HDRSYNC.idl:3:5: HDRSYNC member 2 is FEID feidParent, docs have FEID feidPar (${url('hdrsync')})`,
      `idl/HDRSYNC.idl:5:5: HDRSYNC member 4 ulFlags has type UINT, docs have ULONG (${url('hdrsync')})`,
    ]);
  });

  it('reports a missing structure, enumeration and constant without a location, by name', () => {
    const v = views();
    v.structures = v.structures.filter((s) => s.name !== 'SKEY');
    v.enums = [];
    v.constants = v.constants.filter((c) => c.name !== 'UPV_DIRTY');
    const out = lines(v).filter((l) => !/UPTBLE|SYNC member 6|g_muid|IID_|LR_SYNC_UPLOAD_FOLDER is entered/.test(l));
    expect(out.slice(0, 3)).toEqual([
      `SKEY: structure SKEY is not declared, docs declare it with 2 members (${url('skey')})`,
      `SYNCSTATE: enumeration SYNCSTATE is not declared, docs declare it with 12 members (${url('syncstate')})`,
      `UPV_DIRTY: constant UPV_DIRTY is not declared, docs define it as 0x00020000 (${url('mapi-constants')})`,
    ]);
    // With SYNCSTATE gone, every state is no member of an IDL enumeration.
    expect(out.slice(3)).toHaveLength(12);
  });

  it('reports enumeration values, missing and extra members', () => {
    const v = views();
    const e = v.enums[0]!;
    e.members.splice(1, 1); // LR_SYNC
    e.members.find((m) => m.name === 'LR_SYNC_UPLOAD_FOLDER')!.value = 2;
    e.members.find((m) => m.name === 'LR_SYNC_DOWNLOAD_HEADER')!.value = null;
    e.members.push({ name: 'LR_SYNC_EXTRA', value: 18, file: 'idl/SYNCSTATE.idl', line: 14, column: 5 });
    expect(lines(v).filter((l) => l.includes('SYNCSTATE'))).toEqual([
      `idl/SYNCSTATE.idl:1:1: SYNCSTATE has no member LR_SYNC, docs have LR_SYNC = 1 (${url('syncstate')})`,
      `idl/SYNCSTATE.idl:5:5: SYNCSTATE.LR_SYNC_UPLOAD_FOLDER is 2, docs have 3 (${url('syncstate')})`,
      `idl/SYNCSTATE.idl:13:5: SYNCSTATE.LR_SYNC_DOWNLOAD_HEADER is not an integer, docs have 17 (${url('syncstate')})`,
      `idl/SYNCSTATE.idl:14:5: SYNCSTATE.LR_SYNC_EXTRA is not in the docs (${url('syncstate')})`,
      `idl/SYNCSTATE.idl:1:1: state LR_SYNC is no member of SYNCSTATE (${url('synchronize-state')})`,
    ]);
  });

  it('compares constant values as the model gives them, showing the IDL text', () => {
    const v = views();
    const c = (name: string) => v.constants.find((x) => x.name === name)!;
    Object.assign(c('UPD_UPDATE'), { value: null, text: '"x"' });
    Object.assign(c('UPD_COMMIT'), { value: 0x80001, text: '0x80000 + 1' });
    Object.assign(c('SS_SUSPENDED'), { value: 2, text: 'SS_ACTIVE + 2' });
    expect(lines(v).filter((l) => /UPD_|SS_/.test(l))).toEqual([
      `idl/constants.idl:${c('SS_SUSPENDED').line}:1: SS_SUSPENDED is 2, docs have 1 (${url('mapi-constants')})`,
      `idl/constants.idl:${c('UPD_UPDATE').line}:1: UPD_UPDATE is "x" (not an integer), docs have 0x00040000 (${url('mapi-constants')})`,
      `idl/constants.idl:${c('UPD_COMMIT').line}:1: UPD_COMMIT is 0x00080001, docs have 0x00080000 (${url('mapi-constants')})`,
    ]);
  });

  it('reports an IID whose interface the IDL declares with another IID', () => {
    const v = views();
    v.interfaces.push({ name: 'IPSTX2', iid: '{2067A790-2A45-11D1-EB86-00A0C90DCA6E}', file: 'idl/IPSTX2.idl', line: 1, column: 1, slots: [] });
    expect(lines(v).filter((l) => l.includes('IPSTX2'))).toEqual([
      `idl/IPSTX2.idl:1:1: IPSTX2 has IID 2067a790-2a45-11d1-eb86-00a0c90dca6e, docs define IID_IPSTX2 as 2067a790-2a45-11d1-eb86-00a0c90dca6d (${url('mapi-constants')})`,
    ]);
  });

  it('reports states: a structure, parents, a missing and an extra state, and no protocol description', () => {
    const v = views();
    const states = v.states!;
    states.find((s) => s.name === 'LR_SYNC_UPLOAD_TABLE')!.structure = 'UPMSG';
    states.find((s) => s.name === 'LR_SYNC_DOWNLOAD_TABLE')!.parents = ['LR_SYNC'];
    v.states = states.filter((s) => s.name !== 'LR_SYNC_DOWNLOAD_HEADER');
    v.states.push({ name: 'LR_SYNC_EXTRA', structure: null, parents: [], file: 'idl/protocol.json', line: 20, column: 5 });
    const out = checkAgainstSpec(spec, v, { departures: config.departures, protocolFile: 'idl/protocol.json' }).differences.map(formatDifference);
    expect(out).toEqual([
      `idl/protocol.json:7:5: state LR_SYNC_UPLOAD_TABLE hands out UPMSG, docs have UPTBL (${url('upload-table-state')})`,
      `idl/protocol.json:12:5: state LR_SYNC_DOWNLOAD_TABLE is entered from LR_SYNC, docs have LR_SYNC_CONTENTS (${url('download-table-state')})`,
      `idl/protocol.json:1:1: the protocol description has no state LR_SYNC_DOWNLOAD_HEADER (${url('download-message-header-state')})`,
      `idl/protocol.json:20:5: state LR_SYNC_EXTRA of the protocol description is not in the docs' state table (${url('idle-state')})`,
    ]);
    const none = views();
    none.states = null;
    expect(checkAgainstSpec(spec, none, { departures: config.departures }).differences.map((d) => [d.kind, d.message])).toEqual([
      ['no-protocol', 'the docs give a state machine of 12 states; no protocol description states it (spec-check.json "protocol")'],
      ['stale-departure', 'documented departure state-parents of LR_SYNC_UPLOAD_FOLDER (docs "LR_SYNC_UPLOAD_HIERARCHY", IDL "LR_SYNC_UPLOAD_HIERARCHY, LR_SYNC") does not occur'],
    ]);
  });
});

describe('documented departures', () => {
  it('accept exactly the differences they list and report the ones that no longer occur, at their place in the file', () => {
    const all = checkAgainstSpec(spec, views()).differences;
    const { differences, accepted } = applyDepartures(all.slice(1), config.departures, 'de-DE');
    expect(accepted).toHaveLength(15);
    expect(differences.map((d) => [d.kind, d.declaration, d.location, d.url])).toEqual([
      ['stale-departure', 'UPTBLE', { file: 'spec-check.json', line: 23, column: 9 }, learnUrl('uptble', 'de-DE')],
    ]);
    // A difference with other texts than the departure's is not accepted.
    const other = { ...all[0]!, idl: 'UINT iEntModified' };
    expect(applyDepartures([other, ...all.slice(1)], config.departures, null).differences.map((d) => d.kind)).toEqual(['field-name', 'stale-departure']);
  });

  it('are read from a config that says what is wrong, where', () => {
    const bad = (text: string) => () => parseSpecCheckConfig(text, 'c.json');
    expect(bad('{"pages": {}, "departures": [{"page": "p", "reason": "r", "differences": []}]}')).toThrow('c.json:1:74: departures/0/differences must be a non-empty list');
    expect(bad('{"pages": {"interfaces": "iostxiunknown"}}')).toThrow('c.json:1:26: pages/interfaces must be a list of page names');
    expect(bad('{"pages": {}, "departures": [{"page": "p", "reason": "r", "differences": [{"declaration": "X", "kind": "k", "docs": 1, "idl": ""}]}]}')).toThrow(
      'c.json:1:117: departures/0/differences/0/docs must be a string',
    );
    expect(bad('[')).toThrow("c.json:1:2: expected ',' or ']'");
    expect(bad('{"pages": }')).toThrow('c.json:1:11: expected a value');
    expect(bad(`${'['.repeat(100)}${']'.repeat(100)}`)).toThrow('c.json:1:65: nested deeper than 64 levels');
    // Far deeper than a parser's recursion could go: refused before parsing, at the bracket that goes too deep.
    expect(bad(`{"a": "[[[", "b": ${'['.repeat(100_000)}`)).toThrow('c.json:1:82: nested deeper than 64 levels');
    expect(parseSpecCheckConfig('{"pages": {}}', 'dir/c.json')).toEqual({ file: 'dir/c.json', pages: {}, protocol: null, departures: [] });
    expect(parseSpecCheckConfig('{"pages": {"states": "x"}, "protocol": "p.json"}', 'dir/c.json').protocol).toBe('dir/p.json');
  });
});
