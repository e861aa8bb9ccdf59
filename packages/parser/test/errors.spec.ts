/**
 * Error fixtures: every folder `fixtures/_error_/<case>/` with an `input.idl` is a case. Parsing it must not
 * throw and must report at least one error, and its diagnostics, formatted as the command line shows them
 * (caret lines included, paths relative to the folder), must match `diagnostics.txt`.
 * `UPDATE_BASELINES=1 npx jest errors` rewrites the baselines.
 */
import { join } from 'node:path';
import { parseIdl, parseIdlFile, type Diagnostic, type ParseResult } from '../src';
import { ERROR_FIXTURES, expectBaseline, fixtureCases, formatDiagnostics } from './helpers';

const cases = fixtureCases(ERROR_FIXTURES);

/** What some cases must show beyond their baseline, so that a rewritten baseline cannot lose it. */
const expectations: Record<string, (r: ParseResult, errors: Diagnostic[]) => void> = {
  'error-in-interface': (_r, errors) => {
    expect(errors.map((d) => d.context)).toContain('interface IFoo');
    // As written: inside `namespace A.B` the qualified name is the model's business.
    expect(errors.map((d) => d.context)).toContain('interface IClosable');
  },
  'several-errors': (r, errors) => {
    // Recovery: one run reports the errors of every declaration, and what follows them still parses.
    expect(new Set(errors.map((d) => d.line)).size).toBeGreaterThanOrEqual(5);
    expect(r.ast.statements.map((s) => ('name' in s ? s.name : s.kind))).toContain('IStillParsed');
  },
  'error-at-end-of-file': (_r, errors) => {
    expect(errors.at(-1)?.message).toMatch(/end of file/);
  },
  'unterminated-comment': (_r, errors) => {
    expect(errors.some((d) => /comment/.test(d.message))).toBe(true);
  },
  'garbage-character': (_r, errors) => {
    expect(errors.filter((d) => d.code === 'LEX001')).toHaveLength(3);
  },
  'nested-too-deeply': (r, errors) => {
    expect(errors.map((d) => d.code)).toEqual(['SYN002']);
    // What precedes the deep expression is kept.
    expect(r.ast.statements.map((s) => ('name' in s ? s.name : s.kind))).toEqual(['IBefore']);
  },
  'too-many-errors': (_r, errors) => {
    expect(errors.at(-1)?.code).toBe('SYN003');
    expect(errors.length).toBeLessThanOrEqual(101);
  },
};

it('finds the error fixture folders', () => {
  expect(cases.length).toBeGreaterThanOrEqual(10);
  for (const name of Object.keys(expectations)) expect(cases).toContain(name);
});

describe.each(cases)('%s', (name) => {
  const dir = join(ERROR_FIXTURES, name);
  let result: ParseResult;
  let errors: Diagnostic[];
  beforeAll(() => {
    result = parseIdlFile(join(dir, 'input.idl'), { includeDirs: [dir] });
    errors = result.diagnostics.filter((d) => d.severity === 'error');
  });

  it('reports errors', () => {
    expect(errors.length).toBeGreaterThan(0);
  });

  it('matches diagnostics.txt', () => {
    expectBaseline(join(dir, 'diagnostics.txt'), formatDiagnostics(result.diagnostics, dir));
  });

  if (expectations[name]) it('shows what the case is about', () => expectations[name](result, errors));
});

describe('bad input never throws', () => {
  const inputs: Record<string, string> = {
    'empty text': '',
    'only whitespace': ' \n\t\r\n',
    'a lone bracket': '[',
    'a lone brace': '}',
    'a keyword at the end': 'interface',
    'an attribute list at the end': '[object, uuid(',
    'NUL and control characters': '\0\x01\x02 interface \x7f IFoo;',
    'a byte order mark': '\ufeffinterface IFoo;',
    'CRLF line ends': 'interface IFoo\r\n{\r\n    HRESULT F(void)\r\n}\r\n',
    'non-ASCII letters': 'interface Ïñtérfäçe { HRESULT ƒ(void); }',
    'a lone surrogate': 'interface I\ud800;',
    'a directive only': '#',
    'an unknown directive': '#frobnicate\ninterface IFoo;',
    'an unterminated #if': '#if 1\ninterface IFoo;',
    'a pragma without end of line': '#pragma pack(',
    'a truncated template': 'interface IVector<T> : IInspectable requires IIterable<',
    'a truncated encapsulated union': 'typedef union switch (',
    'a truncated cast': 'const int X = (unsigned',
    'a stray else': 'interface I { HRESULT f(); } else { }',
  };
  it.each(Object.entries(inputs))('%s', (_name, text) => {
    for (const noPreprocess of [false, true]) {
      let result: ParseResult | undefined;
      expect(() => {
        result = parseIdl('/nowhere/input.idl', text, { noPreprocess });
      }).not.toThrow();
      expect(result?.ast.kind).toBe('idl-file');
    }
  });
});
