/**
 * How both parsers of the grammar (`MidlParser` and `MidlAstParser`) compute their lookahead functions:
 * Chevrotain's LL(k) analysis, made cheaper to run. That analysis was most of the cost of constructing a
 * parser, about 200 ms each, paid at every start of the command line, and twice when a file has syntax
 * errors (the second parser reports them).
 *
 * - The two parsers record the same grammar (a test checks it), so a decision's lookahead function is
 *   computed once per process and shared: the function reads the tokens through the parser it is called
 *   on. The cache key holds the rule's serialized grammar, so rules that differ never share.
 * - Three alternations are decided by their order and gates alone; for them the analysis stops at one
 *   token instead of four, which was two thirds of its cost. Grammar validation, run by a unit test, still
 *   checks them with four.
 */
import type { ILookaheadStrategy, Rule } from 'chevrotain';
import { chevrotain } from './chevrotain-runtime';

/** What Chevrotain passes to a strategy for an alternation and for an optional production. */
type AlternationOptions = Parameters<ILookaheadStrategy['buildLookaheadForAlternation']>[0];
type AlternationFunction = ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']>;
type OptionalOptions = Parameters<ILookaheadStrategy['buildLookaheadForOptional']>[0];
type OptionalFunction = ReturnType<ILookaheadStrategy['buildLookaheadForOptional']>;

/**
 * Alternations (`rule/occurrence`) that one token decides. For them Chevrotain looked four tokens ahead, to
 * tell overlapping alternatives apart, at 15 to 80 ms each.
 */
export const ONE_TOKEN_ALTERNATIONS: ReadonlySet<string> = new Set([
  // A uuid starts only the first; a type keyword (the gate) only the second, which nothing else starts
  // with; the expression is last, so it takes everything else.
  'attributeArgument/0',
  // Both start with `(`; the cast's gate (`isCast`) decides, and the parenthesized expression is last.
  'unaryExpression/5',
  // `switch` starts only the encapsulated form; the other one (a field block or nothing) is last.
  'unionType/0',
]);

const cache = new Map<string, AlternationFunction | OptionalFunction>();
const fingerprints = new WeakMap<Rule, string>();

function fingerprint(rule: Rule): string {
  let f = fingerprints.get(rule);
  if (f === undefined) {
    f = JSON.stringify(chevrotain.serializeProduction(rule));
    fingerprints.set(rule, f);
  }
  return f;
}

export class MidlLookaheadStrategy extends chevrotain.LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: AlternationOptions): AlternationFunction {
    const decision = `${options.rule.name}/${options.prodOccurrence}`;
    const maxLookahead = ONE_TOKEN_ALTERNATIONS.has(decision) ? 1 : options.maxLookahead;
    const key = `or|${options.prodOccurrence}|${maxLookahead}|${options.hasPredicates}|${options.dynamicTokensEnabled}|${fingerprint(options.rule)}`;
    return shared(key, () => super.buildLookaheadForAlternation({ ...options, maxLookahead }));
  }

  override buildLookaheadForOptional(options: OptionalOptions): OptionalFunction {
    const key = `opt|${options.prodType}|${options.prodOccurrence}|${options.maxLookahead}|${options.dynamicTokensEnabled}|${fingerprint(options.rule)}`;
    return shared(key, () => super.buildLookaheadForOptional(options));
  }
}

function shared<F extends AlternationFunction | OptionalFunction>(key: string, build: () => F): F {
  let f = cache.get(key) as F | undefined;
  if (f === undefined) {
    f = build();
    cache.set(key, f);
  }
  return f;
}

/** For tests: how many lookahead functions this process has computed. */
export function sharedLookaheadCount(): number {
  return cache.size;
}
