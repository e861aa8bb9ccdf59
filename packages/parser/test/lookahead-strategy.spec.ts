/** `MidlLookaheadStrategy`: lookahead functions computed once for both parsers, and one-token decisions. */
import type { Rule } from 'chevrotain';
import { chevrotain } from '../src/chevrotain-runtime';
import { MidlAstParser } from '../src/ast-parser';
import { ONE_TOKEN_ALTERNATIONS, MidlLookaheadStrategy, sharedLookaheadCount } from '../src/lookahead-strategy';
import { MidlParser } from '../src/parser';
import * as T from '../src/tokens';

it('computes the lookahead of the grammar once for both parsers', () => {
  new MidlAstParser();
  const computed = sharedLookaheadCount();
  expect(computed).toBeGreaterThan(100);
  new MidlParser();
  new MidlParser({ recovery: false });
  new MidlAstParser();
  expect(sharedLookaheadCount()).toBe(computed);
});

it('does not share between rules of one name and different grammar', () => {
  // Two grammars with a rule `x` each, whose alternatives come in opposite orders.
  const parserOf = (first: typeof T.Comma, second: typeof T.Comma) =>
    new (class extends chevrotain.EmbeddedActionsParser {
      constructor() {
        super(T.allTokens, { lookaheadStrategy: new MidlLookaheadStrategy({ maxLookahead: 4 }) });
        this.performSelfAnalysis();
      }
      x = this.RULE('x', () => this.OR([{ ALT: () => this.CONSUME(first) }, { ALT: () => this.CONSUME2(second) }]));
    })();
  const before = sharedLookaheadCount();
  parserOf(T.Comma, T.Colon);
  const reversed = parserOf(T.Colon, T.Comma);
  expect(sharedLookaheadCount()).toBe(before + 2);
  // Had it taken the first grammar's function, a `:` would choose the second alternative, a `,`.
  reversed.input = [chevrotain.createTokenInstance(T.Colon, ':', 0, 0, 1, 1, 1, 1)];
  reversed.x();
  expect(reversed.errors).toEqual([]);
});

/** Every alternation of the grammar, keyed `rule/occurrence`. */
function alternationsOf(rules: Record<string, Rule>): Map<string, { rule: Rule; alternation: InstanceType<typeof chevrotain.Alternation> }> {
  const found = new Map<string, { rule: Rule; alternation: InstanceType<typeof chevrotain.Alternation> }>();
  const visit = (rule: Rule, node: { definition?: unknown[] }) => {
    if (node instanceof chevrotain.NonTerminal) return;
    if (node instanceof chevrotain.Alternation) found.set(`${rule.name}/${node.idx}`, { rule, alternation: node });
    for (const d of (node.definition ?? []) as { definition?: unknown[] }[]) visit(rule, d);
  };
  for (const rule of Object.values(rules)) visit(rule, rule);
  return found;
}

/** The alternations that overlap when only one token is looked at, each with whether it has gates. */
function overlappingAtOneToken(rules: Record<string, Rule>): Map<string, boolean> {
  const found = new Map<string, boolean>();
  for (const [decision, { rule, alternation }] of alternationsOf(rules)) {
    const paths = chevrotain.getLookaheadPaths({ occurrence: alternation.idx, rule, prodType: 'Alternation', maxLookahead: 1 });
    const firsts = paths.map((alt) => new Set(alt.map((path) => path.map((t) => t.name).join(' '))));
    const overlap = firsts.some((a, i) => firsts.slice(i + 1).some((b) => [...a].some((x) => b.has(x))));
    // Chevrotain records whether any alternative has a gate; its type declarations leave it out.
    if (overlap) found.set(decision, (alternation as unknown as { hasPredicates: boolean }).hasPredicates);
  }
  return found;
}

describe('the alternations decided with one token', () => {
  const rules = new MidlParser({ recovery: false }).getGAstProductions();

  it('name alternations of the grammar', () => {
    const alternations = alternationsOf(rules);
    for (const decision of ONE_TOKEN_ALTERNATIONS.keys()) expect([...alternations.keys()]).toContain(decision);
  });

  it('are, where alternatives overlap in their first token, decided by gates', () => {
    const overlapping = overlappingAtOneToken(rules);
    // Only these overlap at all; each has gates (a gate on the earlier alternative, the catch-all last).
    expect([...overlapping.keys()].sort()).toEqual(['attributeArgument/0', 'unaryExpression/5']);
    for (const [decision, gated] of overlapping) {
      expect(ONE_TOKEN_ALTERNATIONS.has(decision)).toBe(true);
      expect(gated).toBe(true);
    }
  });
});
