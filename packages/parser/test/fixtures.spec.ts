/**
 * Golden fixtures: every folder `fixtures/<case>/` with an `input.idl` is a case. Its AST (spans included)
 * must match `ast.json`, its printed form `printed.idl`, it must parse without diagnostics, and it must round
 * trip: print, parse again, same tree without spans, and printing that tree gives the same text.
 * `UPDATE_BASELINES=1 npx jest fixtures` rewrites the baselines.
 */
import { join } from 'node:path';
import { parseIdlFile, printIdlFile, type ParseResult } from '../src';
import { expectBaseline, firstDifference, fixtureCases, FIXTURES, formatDiagnostics, roundTrip, serializeAst } from './helpers';

const cases = fixtureCases(FIXTURES);

it('finds the fixture folders', () => {
  expect(cases.length).toBeGreaterThan(30);
});

describe.each(cases)('%s', (name) => {
  const dir = join(FIXTURES, name);
  let result: ParseResult;
  beforeAll(() => {
    // The folder is an include directory too, for fixtures that `#include` a file beside them.
    result = parseIdlFile(join(dir, 'input.idl'), { includeDirs: [dir] });
  });

  it('parses without diagnostics', () => {
    expect(result.diagnostics.length ? formatDiagnostics(result.diagnostics, dir) : '').toBe('');
  });

  it('matches ast.json', () => {
    expectBaseline(join(dir, 'ast.json'), serializeAst(result.ast, dir));
  });

  it('matches printed.idl', () => {
    expectBaseline(join(dir, 'printed.idl'), printIdlFile(result.ast));
  });

  it('round-trips through the printer', () => {
    const trip = roundTrip(result.ast);
    expect(trip.diagnostics.length ? formatDiagnostics(trip.diagnostics, dir) : '').toBe('');
    expect(firstDifference(result.ast, trip.reparsed)).toBeNull();
    expect(printIdlFile(trip.reparsed)).toBe(trip.printed);
  });
});
