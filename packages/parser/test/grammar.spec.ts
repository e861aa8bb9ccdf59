/** The grammar passes Chevrotain's own checks (ambiguities, left recursion, unreachable alternatives...). */
import { MidlParser } from '../src/parser';

it('passes the grammar validations', () => {
  expect(() => new MidlParser({ validate: true })).not.toThrow();
});

it('builds a parser with and without recovery', () => {
  for (const recovery of [true, false]) {
    const parser = new MidlParser({ recovery });
    expect(Object.keys(parser.getGAstProductions())).toContain('idlFile');
  }
});
