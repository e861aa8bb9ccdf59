/**
 * Diagnostic baselines: each `fixtures/_error_/<case>/input.idl` against its `diagnostics.txt`. A case
 * named after a rule code (`M003-out-not-pointer`) must report that code and no other; `clean` reports
 * nothing.
 */
import * as path from 'node:path';
import { ComWorkspace, rules } from '../src';
import { caseFolders, countingHost, diagnosticsBaseline, ERROR_FIXTURES, expectBaseline } from './helpers';

const cases = caseFolders(ERROR_FIXTURES);

function diagnosticsOf(name: string) {
  const { host } = countingHost();
  return new ComWorkspace({ host }).load(path.join(ERROR_FIXTURES, name, 'input.idl')).diagnostics;
}

describe('diagnostic baselines', () => {
  it('has a case for every rule code, for an unresolved import, and a clean file', () => {
    const codes = cases.map((c) => /^(M\d{3})-/.exec(c)?.[1]).filter((c): c is string => !!c);
    for (const rule of rules) expect(codes).toContain(rule.code);
    expect(codes).toContain('M010');
    expect(cases).toContain('clean');
  });

  describe.each(cases)('%s', (name) => {
    const dir = path.join(ERROR_FIXTURES, name);

    it('matches diagnostics.txt', () => {
      expectBaseline(path.join(dir, 'diagnostics.txt'), diagnosticsBaseline(diagnosticsOf(name), dir));
    });

    const code = /^(M\d{3})-/.exec(name)?.[1];
    if (code) {
      it(`reports ${code} and nothing else, each with a position and its declaration`, () => {
        const diagnostics = diagnosticsOf(name);
        expect(diagnostics.length).toBeGreaterThan(0);
        expect([...new Set(diagnostics.map((d) => d.code))]).toEqual([code]);
        for (const d of diagnostics) {
          expect(d.severity).toBe('error');
          expect(d.line).toBeGreaterThan(1);
          expect(d.column).toBeGreaterThan(0);
          // Only a missing import sits outside every declaration.
          if (code !== 'M010') expect(d.context).toMatch(/^(interface|struct|enum|union|dispinterface|delegate|runtimeclass|typedef|const) \w+$/);
        }
      });
    }
  });

  it('a clean file gives no diagnostics', () => {
    expect(diagnosticsOf('clean')).toEqual([]);
  });

  it('an imported file sees what its importer declares, as with widl', () => {
    expect(diagnosticsOf('import-context')).toEqual([]);
  });

  it('errors of an imported file follow the importing file’s own', () => {
    const diagnostics = diagnosticsOf('imported-errors');
    const files = diagnostics.map((d) => path.basename(d.file));
    expect(files).toContain('lib.idl');
    expect(files.indexOf('lib.idl')).toBeGreaterThan(files.lastIndexOf('input.idl'));
  });

  it('every rule has a stable code and a kebab-case id, in code order', () => {
    expect(rules.map((r) => r.code)).toEqual([...rules.map((r) => r.code)].sort());
    for (const r of rules) {
      expect(r.code).toMatch(/^M\d{3}$/);
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
    expect(new Set(rules.map((r) => r.code)).size).toBe(rules.length);
  });
});
