/**
 * The severity policy: MIDL rules widl does not enforce are errors by default, warnings under `lenient` or per
 * code; nothing else changes severity. And what a lenient run lets through is marked for the emitters:
 * duplicate slots and parameters say which earlier one they repeat.
 */
import * as path from 'node:path';
import {
  aggregateFields,
  aggregateMembers,
  ComWorkspace,
  CTypes,
  DEMOTABLE_CODES,
  duplicateIndexes,
  severityOf,
  severityProblems,
  type Aggregate,
  type WorkspaceOptions,
} from '../src';
import { countingHost, ERROR_FIXTURES } from './helpers';

function diagnostics(name: string, options: WorkspaceOptions = {}) {
  const { host } = countingHost();
  return new ComWorkspace({ ...options, host }).load(path.join(ERROR_FIXTURES, name, 'input.idl')).diagnostics;
}

const demotable = Object.keys(DEMOTABLE_CODES);

describe('severity policy', () => {
  it('the demotable codes are the MIDL rules widl does not enforce', () => {
    expect(demotable).toEqual(['M002', 'M003', 'M004', 'M005', 'M006', 'M009', 'M011']);
  });

  it('by default every rule is an error, and a demotable one says that widl accepts it and names the switch', () => {
    const found = diagnostics('mixed');
    expect(found.every((d) => d.severity === 'error')).toBe(true);
    for (const d of found) {
      if (demotable.includes(d.code)) expect(d.message).toMatch(new RegExp(`widl accepts this; --lenient or "severity": \\{"${d.code}": "warning"\\}`));
      else expect(d.message).not.toMatch(/widl accepts/);
    }
    expect(new Set(found.map((d) => d.code))).toEqual(new Set(['M001', 'M002', 'M003', 'M004', 'M005', 'M009']));
  });

  it('lenient: the demotable ones become warnings with their code and place; the others stay errors', () => {
    const strict = diagnostics('mixed');
    const lenient = diagnostics('mixed', { lenient: true });
    expect(lenient.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(strict.map((d) => `${d.line}:${d.column} ${d.code}`));
    for (const d of lenient) {
      expect(d.severity).toBe(demotable.includes(d.code) ? 'warning' : 'error');
      expect(d.message).not.toMatch(/widl accepts/);
    }
    expect(lenient.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['M001', 'M001', 'M001']);
  });

  it('per code: "warning" demotes that code only; "error" keeps it an error under lenient', () => {
    const one = diagnostics('mixed', { severity: { M005: 'warning' } });
    expect(one.filter((d) => d.severity === 'warning').map((d) => d.code)).toEqual(['M005']);
    const all = diagnostics('mixed', { lenient: true, severity: { M002: 'error' } });
    expect(all.filter((d) => d.severity === 'error').map((d) => d.code).sort()).toEqual(['M001', 'M001', 'M001', 'M002', 'M002', 'M002']);
  });

  it('a code that is not demotable keeps its severity whatever the settings', () => {
    expect(severityOf('M001', { lenient: true, severity: { M001: 'warning' } })).toBe('error');
    expect(diagnostics('M007-cyclic-base', { lenient: true }).every((d) => d.severity === 'error')).toBe(true);
  });

  it('severityProblems names what a config cannot set', () => {
    expect(severityProblems({ M005: 'warning', M002: 'error' })).toEqual([]);
    expect(severityProblems({ M001: 'warning' })).toEqual([expect.stringMatching(/^"M001": only these codes can change severity: M002, M003/)]);
    expect(severityProblems({ M005: 'info' })).toEqual(['"M005": "info" is not "error" or "warning"']);
    expect(severityProblems(['M005'])).toHaveLength(1);
    expect(severityProblems(null)).toHaveLength(1);
  });
});

describe('what a lenient run lets through is marked', () => {
  const files: Record<string, string> = {
    '/x/dup.idl': `
      typedef long HRESULT;
      [object, local, uuid(00000000-0000-0000-C000-000000000046)] interface IUnknown { HRESULT QueryInterface(void); }
      [object, uuid(e0000000-0000-4000-8000-000000000001)]
      interface IDup : IUnknown
      {
          HRESULT Read([in] long a, [in] long a, [in] long b, [in] long a);
          HRESULT Read(void);
          HRESULT Write(void);
      }`,
  };
  const host = { readFile: (p: string) => files[p] };

  it('duplicate slots and parameters point at the first of their name', () => {
    const model = new ComWorkspace({ host, lenient: true }).load('/x/dup.idl');
    expect(model.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning M002', 'warning M002', 'warning M002']);
    const dup = model.interfaces.find((i) => i.name === 'IDup')!;
    expect(dup.vtable.map((s) => `${s.index} ${s.name} ${s.duplicateOf}`)).toEqual(['0 QueryInterface null', '1 Read null', '2 Read 1', '3 Write null']);
    expect(dup.vtable[1].method.parameters.map((p) => p.duplicateOf)).toEqual([null, 0, null, 0]);
  });

  it('duplicate fields point at the first of their name; duplicateIndexes does it for any list (enum members)', () => {
    files['/x/fields.idl'] = 'typedef struct tagP { long x; long y; long x; struct { long z; }; long y; } P;\nenum E { A, B, A };\n';
    const workspace = new ComWorkspace({ host, lenient: true });
    const model = workspace.load('/x/fields.idl');
    expect(model.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning M002', 'warning M002', 'warning M002']);
    const node = new CTypes(workspace.scope(workspace.unit('/x/fields.idl'))).resolveName('P').node as Aggregate;
    expect(aggregateFields(node).map((f) => `${f.name} ${f.duplicateOf}`)).toEqual(['x null', 'y null', 'x 0', 'y 1']);
    expect(aggregateMembers(node).map((f) => `${f.name} ${f.name === null ? '-' : f.duplicateOf}`)).toEqual(['x null', 'y null', 'x 0', 'null -', 'y 1']);
    expect(duplicateIndexes(['A', 'B', 'A', null, 'B'])).toEqual([null, null, 0, null, 1]);
  });
});
